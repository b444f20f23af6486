package org.aqmrg.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.aqmrg.db.Database;
import org.jdbi.v3.core.Handle;

/**
 * The outbox of alert notifications, table {@code alert_deliveries}: a transition inserts its
 * notifications with {@link #enqueue} in the transaction that records its event, so that either
 * both are stored or neither; a sender delivers them and records each outcome, and the rows stay as
 * the delivery log.
 *
 * <p>Senders {@link #claim} due rows for a lease and {@link #record} each outcome, which ends the
 * claim. A sender that dies holding a claim holds it only until the lease runs out; then any sender
 * takes the row again, with the same id and so the same idempotency key.
 */
public final class Outbox {
  private static final String COLUMNS =
      "id, alert_id, event_id, event_at, channel, target, status, attempts, next_attempt_at,"
          + " last_error, last_status, created_at, delivered_at";

  private final Database database;

  public Outbox(Database database) {
    this.database = database;
  }

  /** Inserts the notifications on {@code handle}, in the caller's transaction. */
  public static void enqueue(Handle handle, List<Notification> notifications) {
    if (notifications.isEmpty()) {
      return;
    }
    var batch =
        handle.prepareBatch(
            "INSERT INTO alert_deliveries"
                + " (alert_id, event_id, event_at, channel, target, webhook_id, payload)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)");
    for (Notification n : notifications) {
      batch
          .bind(0, n.alertId())
          .bind(1, n.eventId())
          .bind(2, n.eventAt())
          .bind(3, n.channel().key())
          .bind(4, n.target())
          .bind(5, n.webhookId())
          .bind(6, n.payload())
          .add();
    }
    batch.execute();
  }

  /** The delivery log of one alert, newest first, at most {@code limit} rows. */
  public List<Delivery> forAlert(UUID alertId, int limit) {
    return database.withHandle(
        "listing the deliveries of an alert",
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM alert_deliveries WHERE alert_id = ?"
                        + " ORDER BY created_at DESC, id LIMIT ?")
                .bind(0, alertId)
                .bind(1, limit)
                .map((rows, context) -> delivery(rows))
                .list());
  }

  /**
   * Claims up to {@code limit} due rows for {@code owner} until {@code lease} from now: pending,
   * due, and not claimed by a sender whose lease still runs. Rows other senders are claiming at the
   * same moment are skipped, never waited for, so no row is claimed twice.
   */
  public List<Outgoing> claim(String owner, int limit, Duration lease) {
    return database.withHandle(
        "claiming due notifications",
        handle ->
            handle
                .createQuery(
                    "UPDATE alert_deliveries SET claimed_by = ?,"
                        + " claimed_until = now() + make_interval(secs => ?)"
                        + " WHERE id IN (SELECT id FROM alert_deliveries"
                        + " WHERE status = 'pending' AND next_attempt_at <= now()"
                        + " AND (claimed_until IS NULL OR claimed_until < now())"
                        + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)"
                        + " RETURNING id, alert_id, channel, target, webhook_id, payload::text,"
                        + " attempts")
                .bind(0, owner)
                .bind(1, seconds(lease))
                .bind(2, limit)
                .map(
                    (rows, context) ->
                        new Outgoing(
                            rows.getObject("id", UUID.class),
                            rows.getObject("alert_id", UUID.class),
                            Notification.Channel.valueOf(
                                rows.getString("channel").toUpperCase(Locale.ROOT)),
                            rows.getString("target"),
                            rows.getString("webhook_id"),
                            rows.getString("payload"),
                            rows.getInt("attempts")))
                .list());
  }

  /**
   * Records a delivered notification and ends its claim. Recorded whoever holds the claim now: it
   * was delivered, and a sender still trying it will find it no longer pending.
   */
  public void recordDelivered(UUID id, Integer status) {
    database.useHandle(
        "recording a delivered notification",
        handle ->
            handle
                .createUpdate(
                    "UPDATE alert_deliveries SET status = 'delivered', delivered_at = now(),"
                        + " attempts = attempts + 1, last_status = ?, last_error = NULL,"
                        + " claimed_by = NULL, claimed_until = NULL"
                        + " WHERE id = ? AND status = 'pending'")
                .bindByType(0, status, Integer.class)
                .bind(1, id)
                .execute());
  }

  /**
   * Records a failed attempt of {@code owner} and ends its claim: the row is {@code failed} when
   * {@code refused} (it will never work) or it is at least {@code giveUpAfter} old, else pending
   * again after {@code retryAfter}, but never later than when it reaches {@code giveUpAfter}, so
   * the last attempt comes when the time is up. Nothing changes when another sender holds the claim
   * by now (this one's lease ran out): that one records its own attempt.
   */
  public void recordFailure(
      UUID id,
      String owner,
      boolean refused,
      Integer status,
      String error,
      Duration retryAfter,
      Duration giveUpAfter) {
    database.useHandle(
        "recording a failed notification",
        handle ->
            handle
                .createUpdate(
                    "UPDATE alert_deliveries SET attempts = attempts + 1, last_error = ?,"
                        + " last_status = ?, claimed_by = NULL, claimed_until = NULL,"
                        + " status = CASE WHEN CAST(? AS boolean)"
                        + " OR created_at <= now() - make_interval(secs => ?)"
                        + " THEN 'failed' ELSE 'pending' END,"
                        + " next_attempt_at = LEAST(now() + make_interval(secs => ?),"
                        + " created_at + make_interval(secs => ?))"
                        + " WHERE id = ? AND claimed_by = ? AND status = 'pending'")
                .bind(0, truncated(error))
                .bindByType(1, status, Integer.class)
                .bind(2, refused)
                .bind(3, seconds(giveUpAfter))
                .bind(4, seconds(retryAfter))
                .bind(5, seconds(giveUpAfter))
                .bind(6, id)
                .bind(7, owner)
                .execute());
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  /** The delivery log keeps the start of a long error, which says what went wrong. */
  private static String truncated(String error) {
    return error.length() <= 1_000 ? error : error.substring(0, 1_000) + "…";
  }

  static Delivery delivery(ResultSet rows) throws SQLException {
    int lastStatus = rows.getInt("last_status");
    Integer status = rows.wasNull() ? null : lastStatus;
    return new Delivery(
        rows.getObject("id", UUID.class),
        rows.getObject("alert_id", UUID.class),
        rows.getLong("event_id"),
        instant(rows, "event_at"),
        rows.getString("channel"),
        rows.getString("target"),
        rows.getString("status"),
        rows.getInt("attempts"),
        instant(rows, "next_attempt_at"),
        rows.getString("last_error"),
        status,
        instant(rows, "created_at"),
        instant(rows, "delivered_at"));
  }

  private static Instant instant(ResultSet rows, String column) throws SQLException {
    var time = rows.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }
}
