package org.aqmrg.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** The one mapping between a row of {@code alerts} and an {@link Alert}. */
final class AlertRows {
  /** The columns every query of alerts selects, in the table's alias {@code a}. */
  static final String COLUMNS =
      "a.id, a.user_id, a.name, a.location_id, a.kind, a.pollutant, a.measure, a.threshold,"
          + " a.for_s, a.clear_deadband, a.clear_for_s, a.sensor_id, a.offline_after_s,"
          + " a.enabled, a.notification_channels, a.state, a.state_changed_at, a.pending_since,"
          + " a.acknowledged_at, a.acknowledged_by, a.created_at, a.updated_at";

  private AlertRows() {}

  static Alert alert(ResultSet rows, ObjectMapper json) throws SQLException {
    int offlineAfter = rows.getInt("offline_after_s");
    boolean offline = !rows.wasNull();
    return new Alert(
        rows.getObject("id", UUID.class),
        rows.getObject("user_id", UUID.class),
        rows.getString("name"),
        rows.getObject("location_id", UUID.class),
        Alert.Kind.of(rows.getString("kind")).orElseThrow(),
        rows.getString("pollutant"),
        Alert.Measure.of(rows.getString("measure")).orElseThrow(),
        rows.getBigDecimal("threshold").doubleValue(),
        Duration.ofSeconds(rows.getInt("for_s")),
        rows.getBigDecimal("clear_deadband").doubleValue(),
        Duration.ofSeconds(rows.getInt("clear_for_s")),
        rows.getString("sensor_id"),
        offline ? Duration.ofSeconds(offlineAfter) : null,
        rows.getBoolean("enabled"),
        channels(rows.getString("notification_channels"), json),
        Alert.State.of(rows.getString("state")).orElseThrow(),
        instant(rows, "state_changed_at"),
        instant(rows, "pending_since"),
        instant(rows, "acknowledged_at"),
        rows.getObject("acknowledged_by", UUID.class),
        local(rows, "created_at"),
        local(rows, "updated_at"));
  }

  /** The channels as stored (also the seed's form); a row written by hand with none has none. */
  static Channels channels(String stored, ObjectMapper json) throws SQLException {
    if (stored == null) {
      return Channels.NONE;
    }
    try {
      var node = json.readTree(stored);
      // The seed's rows name their addresses {"email": [...]}; the platform writes "emails".
      if (node instanceof ObjectNode object && object.has("email") && !object.has("emails")) {
        object.set("emails", object.remove("email"));
      }
      return json.treeToValue(node, Channels.class);
    } catch (JsonProcessingException e) {
      throw new SQLException("notification_channels is not of the form the platform writes", e);
    }
  }

  static String channelsJson(Channels channels, ObjectMapper json) {
    try {
      return json.writeValueAsString(channels);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("channels are always serialisable", e);
    }
  }

  private static Instant instant(ResultSet rows, String column) throws SQLException {
    var time = rows.getObject(column, OffsetDateTime.class);
    return time == null ? null : time.toInstant();
  }

  /** The seed's created_at and updated_at are TIMESTAMP without zone, written in UTC. */
  private static Instant local(ResultSet rows, String column) throws SQLException {
    var time = rows.getObject(column, LocalDateTime.class);
    return time == null ? null : time.toInstant(ZoneOffset.UTC);
  }
}
