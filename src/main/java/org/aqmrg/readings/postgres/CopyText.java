package org.aqmrg.readings.postgres;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.aqmrg.readings.Decimals;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.postgresql.PGConnection;

/**
 * A batch of readings as the text {@code COPY … FROM STDIN} reads, one point per line, and its way
 * into {@code sensor_data}: straight, or through a staging table when some points are stored.
 */
final class CopyText {
  private static final Field[] FIELDS = Field.values();

  private CopyText() {}

  /** SQLSTATE of a duplicate key. */
  private static final String UNIQUE_VIOLATION = "23505";

  private static final String MERGE =
      "INSERT INTO sensor_data ("
          + PostgresReadingStore.COLUMNS
          + ") SELECT "
          + PostgresReadingStore.COLUMNS
          + " FROM aqmrg_staging ON CONFLICT (sensor_id, time) DO UPDATE SET"
          + " location = COALESCE(EXCLUDED.location, sensor_data.location),"
          + " manufacturer = COALESCE(EXCLUDED.manufacturer, sensor_data.manufacturer),"
          + mergeFields();

  private static String mergeFields() {
    var sql = new StringBuilder();
    for (Field field : Field.values()) {
      sql.append(field.ordinal() == 0 ? " " : ", ")
          .append(field.key())
          .append(" = COALESCE(EXCLUDED.")
          .append(field.key())
          .append(", sensor_data.")
          .append(field.key())
          .append(")");
    }
    return sql.toString();
  }

  /**
   * Readings of the same sensor and time in one batch merge, later fields winning. The time is the
   * one PostgreSQL keeps, in whole microseconds (rounded down), so two readings a few nanoseconds
   * apart are one point here, as a second write of either would replace it.
   */
  static List<Reading> mergeDuplicates(List<Reading> readings) {
    var byKey = new LinkedHashMap<String, Reading>(readings.size() * 2);
    boolean duplicates = false;
    for (Reading reading : readings) {
      String key = reading.sensorId() + '\u0000' + Math.floorDiv(reading.timeNanos(), 1_000L);
      Reading previous = byKey.put(key, reading);
      if (previous != null) {
        duplicates = true;
        byKey.put(key, merge(previous, reading));
      }
    }
    return duplicates ? new ArrayList<>(byKey.values()) : readings;
  }

  /** A reading's time as COPY text, rounded down to the microseconds PostgreSQL keeps. */
  private static String micros(Reading reading) {
    long micros = Math.floorDiv(reading.timeNanos(), 1_000L);
    return Instant.ofEpochSecond(
            Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L)
        .toString();
  }

  private static Reading merge(Reading older, Reading newer) {
    var merged =
        Reading.builder(newer.sensorId(), newer.timeNanos())
            .location(newer.location() != null ? newer.location() : older.location())
            .manufacturer(
                newer.manufacturer() != null ? newer.manufacturer() : older.manufacturer());
    for (Field field : Field.values()) {
      if (newer.has(field)) {
        merged.set(field, newer.value(field));
      } else if (older.has(field)) {
        merged.set(field, older.value(field));
      }
    }
    return merged.build();
  }

  /** COPY's text format: tab-separated, \N for null; sensor ids and tags are escaped. */
  static String of(List<Reading> readings) {
    var text = new StringBuilder(readings.size() * 120);
    byte[] scratch = new byte[32];
    for (Reading reading : readings) {
      text.append(micros(reading)).append('\t');
      escape(text, reading.sensorId());
      text.append('\t');
      escape(text, reading.location());
      text.append('\t');
      escape(text, reading.manufacturer());
      for (Field field : FIELDS) {
        text.append('\t');
        if (reading.has(field)) {
          Decimals.append(text, reading.value(field), scratch);
        } else {
          text.append("\\N");
        }
      }
      text.append('\n');
    }
    return text.toString();
  }

  private static void escape(StringBuilder text, String value) {
    if (value == null) {
      text.append("\\N");
      return;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\t' -> text.append("\\t");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        default -> text.append(c);
      }
    }
  }

  /**
   * Copies the batch straight into {@code sensor_data}, the fast way when every point is new;
   * returns false, with the transaction rolled back, when one is already stored.
   */
  static boolean copyNew(Connection connection, String text) throws SQLException {
    try {
      copy(connection, "sensor_data", text);
      return true;
    } catch (SQLException e) {
      if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
        throw e;
      }
      connection.rollback();
      return false;
    }
  }

  /** Copies the batch into a staging table and merges it in, replacing stored points. */
  static void mergeIn(Connection connection, String text) throws SQLException {
    try (var statement = connection.createStatement()) {
      statement.execute(
          "CREATE TEMP TABLE IF NOT EXISTS aqmrg_staging"
              + " (LIKE sensor_data INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
      copy(connection, "aqmrg_staging", text);
      statement.executeUpdate(MERGE);
    }
  }

  private static void copy(Connection connection, String table, String text) throws SQLException {
    try {
      connection
          .unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY " + table + " (" + PostgresReadingStore.COLUMNS + ") FROM STDIN",
              new StringReader(text));
    } catch (IOException e) {
      // The text is in memory: only the connection can fail to pass it on.
      throw new SQLException("copying to " + table + " failed: " + e.getMessage(), "08006", e);
    }
  }
}
