package org.aqmrg.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.aqmrg.db.Database;
import org.jdbi.v3.core.Handle;

/**
 * The outbox of alert notifications, table {@code alert_deliveries}: a transition inserts its
 * notifications with {@link #enqueue} in the transaction that records its event, so that either
 * both are stored or neither; a sender delivers them and records each outcome, and the rows stay as
 * the delivery log.
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

  private static final String CLAIM =
      "UPDATE alert_deliveries d SET claimed_by = ?,"
          + " claimed_until = clock_timestamp() + ? * interval '1 millisecond'"
          + " FROM (SELECT id FROM alert_deliveries WHERE status = 'pending'"
          + " AND next_attempt_at <= clock_timestamp()"
          + " AND (claimed_until IS NULL OR claimed_until < clock_timestamp())"
          + " ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) c"
          + " WHERE d.id = c.id"
          + " RETURNING d.id, d.alert_id, d.channel, d.target, d.webhook_id, d.payload::text,"
          + " d.attempts, d.created_at";

  /**
   * Claims up to {@code limit} due rows for {@code claimant} until {@code lease} has passed; a row
   * claimed by a sender that died is claimed again once its lease is over.
   */
  List<Pending> claim(String claimant, java.time.Duration lease, int limit) {
    return database.withHandle(
        "claiming alert notifications to send",
        handle ->
            handle
                .createQuery(CLAIM)
                .bind(0, claimant)
                .bind(1, lease.toMillis())
                .bind(2, limit)
                .map(
                    (rows, context) ->
                        new Pending(
                            rows.getObject("id", UUID.class),
                            rows.getObject("alert_id", UUID.class),
                            rows.getString("channel"),
                            rows.getString("target"),
                            rows.getString("webhook_id"),
                            rows.getString("payload"),
                            rows.getInt("attempts"),
                            instant(rows, "created_at")))
                .list());
  }

  /**
   * Records an attempt on a row this claimant holds: delivered, failed for good, or due again at
   * {@code retryAt}; the claim is released. Returns false when the row was no longer ours (its
   * lease ran out and another sender took it).
   */
  boolean record(UUID id, String claimant, Attempt attempt, String status, Instant retryAt) {
    return database.withHandle(
            "recording an alert notification's delivery",
            handle ->
                handle
                    .createUpdate(
                        "UPDATE alert_deliveries SET status = ?, attempts = attempts + 1,"
                            + " last_status = ?, last_error = ?, next_attempt_at = ?,"
                            + " delivered_at = CASE WHEN ? = 'delivered' THEN clock_timestamp() END,"
                            + " claimed_by = NULL, claimed_until = NULL"
                            + " WHERE id = ? AND claimed_by = ?")
                    .bind(0, status)
                    .bind(1, attempt.status())
                    .bind(2, attempt.error())
                    .bind(3, retryAt)
                    .bind(4, status)
                    .bind(5, id)
                    .bind(6, claimant)
                    .execute())
        == 1;
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
