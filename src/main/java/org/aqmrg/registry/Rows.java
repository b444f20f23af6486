package org.aqmrg.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Column conversions the registry tables share. */
final class Rows {
  private Rows() {}

  /** The seed's TIMESTAMP columns hold UTC wall-clock times (the pool sets TimeZone=UTC). */
  static Instant utc(ResultSet rows, String column) throws SQLException {
    LocalDateTime time = rows.getObject(column, LocalDateTime.class);
    return time == null ? null : time.toInstant(ZoneOffset.UTC);
  }

  /** A JSONB column read as text; the CHECK constraints make it an object or null. */
  static ObjectNode object(ObjectMapper json, ResultSet rows, String column) throws SQLException {
    String text = rows.getString(column);
    if (text == null) {
      return null;
    }
    try {
      return (ObjectNode) json.readTree(text);
    } catch (JsonProcessingException | ClassCastException e) {
      throw new IllegalStateException(column + " does not hold a JSON object", e);
    }
  }

  /** An object for a {@code ?::jsonb} parameter. */
  static String text(ObjectMapper json, ObjectNode value) {
    try {
      return value == null ? null : json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("metadata did not serialise", e);
    }
  }
}
