package org.aqmrg.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.db.Database;
import org.aqmrg.error.ConflictException;
import org.jdbi.v3.core.Handle;

/**
 * What happened to each alert ({@code alert_events}): fired, offline, cleared, acknowledged, with
 * the value and the rule of the moment, and the outcome of each notification.
 */
public final class AlertEvents {
  /** An event as its owner sees it. */
  public record Event(
      long id,
      UUID alertId,
      Instant occurredAt,
      String kind,
      Double value,
      Double threshold,
      String measure,
      JsonNode details) {}

  private final Database database;
  private final ObjectMapper json;
  private final Clock clock;

  public AlertEvents(Database database, ObjectMapper json, Clock clock) {
    this.database = database;
    this.json = json;
    this.clock = clock;
  }

  static long insert(
      Handle handle,
      ObjectMapper json,
      Alert alert,
      String kind,
      Instant at,
      Double value,
      Map<String, Object> details)
      throws SQLException {
    String detailsJson;
    try {
      detailsJson = json.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new SQLException("event details are not serialisable", e);
    }
    boolean threshold = alert.kind() == Alert.Kind.THRESHOLD;
    return handle
        .createQuery(
            "INSERT INTO alert_events (occurred_at, alert_id, kind, value, threshold, measure,"
                + " details) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb) RETURNING id")
        .bind(0, at)
        .bind(1, alert.id())
        .bind(2, kind)
        .bind(3, value)
        .bind(4, threshold ? alert.threshold() : null)
        .bind(5, threshold ? alert.measure().key() : null)
        .bind(6, detailsJson)
        .mapTo(Long.class)
        .one();
  }

  /** The events of an alert, newest first. */
  public List<Event> list(UUID alertId, int limit, int offset) {
    return database.withHandle(
        "listing the events of alert " + alertId,
        handle ->
            handle
                .createQuery(
                    "SELECT id, alert_id, occurred_at, kind, value, threshold::float8 AS threshold,"
                        + " measure, details::text AS details FROM alert_events WHERE alert_id = ?"
                        + " ORDER BY occurred_at DESC, id DESC LIMIT ? OFFSET ?")
                .bind(0, alertId)
                .bind(1, limit)
                .bind(2, offset)
                .map(
                    (rows, context) -> {
                      double value = rows.getDouble("value");
                      Double v = rows.wasNull() ? null : value;
                      double threshold = rows.getDouble("threshold");
                      Double t = rows.wasNull() ? null : threshold;
                      String details = rows.getString("details");
                      try {
                        return new Event(
                            rows.getLong("id"),
                            rows.getObject("alert_id", UUID.class),
                            rows.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                            rows.getString("kind"),
                            v,
                            t,
                            rows.getString("measure"),
                            details == null ? null : json.readTree(details));
                      } catch (JsonProcessingException e) {
                        throw new SQLException("event details are not JSON", e);
                      }
                    })
                .list());
  }

  /**
   * Records that {@code userId} has seen the triggered alert; a conflict when it is normal or
   * already acknowledged.
   */
  public Event acknowledge(Alert alert, UUID userId) {
    Instant now = clock.instant();
    long id =
        database.inTransaction(
            "acknowledging alert " + alert.id(),
            handle -> {
              int changed =
                  handle
                      .createUpdate(
                          "UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?"
                              + " WHERE id = ? AND state = 'triggered' AND acknowledged_at IS NULL")
                      .bind(0, now)
                      .bind(1, userId)
                      .bind(2, alert.id())
                      .execute();
              if (changed == 0) {
                throw ConflictException.on(
                    "state",
                    "only a triggered alert that is not yet acknowledged can be acknowledged");
              }
              var details = new LinkedHashMap<String, Object>();
              details.put("by", userId == null ? null : userId.toString());
              return insert(handle, json, alert, "acknowledged", now, null, details);
            });
    return list(alert.id(), 1, 0).stream().filter(e -> e.id() == id).findFirst().orElseThrow();
  }
}
