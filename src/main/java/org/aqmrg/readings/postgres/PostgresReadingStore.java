package org.aqmrg.readings.postgres;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.readings.Decimals;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.Row;
import org.aqmrg.readings.SeedBucket;
import org.postgresql.PGConnection;

/**
 * Readings in PostgreSQL's {@code sensor_data}, one partition per UTC day (migration V007).
 *
 * <p>A batch is one transaction: all of it is stored or none. It is first copied straight into
 * {@code sensor_data} with {@code COPY}; when one of its points is already stored (a re-sent batch,
 * an import over stored days), that fails on the primary key, and the batch is copied into a
 * temporary table instead and merged in with one {@code INSERT … ON CONFLICT DO UPDATE}, so that it
 * replaces the stored points as InfluxDB would. The straight copy took 26 ms for 5,000 points where
 * the merge took 42 (bench/RESULTS.md, ingest). Partitions for the days a batch touches are created
 * on demand.
 */
public final class PostgresReadingStore implements ReadingStore {
  private static final Field[] FIELDS = Field.values();

  /** How long raw readings are kept, in days (the seed's sensor_data bucket). */
  private static final int RAW_RETENTION_DAYS = SeedBucket.RAW.retentionDays();

  /** The seed's buckets as SQL rows (name, retention, order), from constants only. */
  private static final String BUCKET_ROWS =
      java.util.Arrays.stream(SeedBucket.values())
          .map(b -> "('%s', '%s', %d)".formatted(b.bucket(), b.retentionText(), b.ordinal()))
          .collect(java.util.stream.Collectors.joining(", "));

  private static final String COLUMNS =
      "time, sensor_id, location, manufacturer, pm25, pm10, temperature, humidity, co, no2, o3";

  /** SQLSTATE of a duplicate key. */
  private static final String UNIQUE_VIOLATION = "23505";

  private static final String MERGE =
      "INSERT INTO sensor_data ("
          + COLUMNS
          + ") SELECT "
          + COLUMNS
          + " FROM aqmrg_staging ON CONFLICT (sensor_id, time) DO UPDATE SET"
          + " location = COALESCE(EXCLUDED.location, sensor_data.location),"
          + " manufacturer = COALESCE(EXCLUDED.manufacturer, sensor_data.manufacturer),"
          + mergeFields();

  private final DataSource dataSource;
  private final String description;
  private final Set<LocalDate> knownDays = ConcurrentHashMap.newKeySet();
  private final PostgresHistory history;

  public PostgresReadingStore(DataSource dataSource, String description) {
    this.dataSource = dataSource;
    this.description = description;
    this.history = new PostgresHistory(dataSource);
  }

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

  @Override
  public void write(List<Reading> readings) {
    if (readings.isEmpty()) {
      return;
    }
    List<Reading> unique = mergeDuplicates(readings);
    try (var connection = dataSource.getConnection()) {
      ensureDays(connection, unique);
      String text = copyText(unique);
      connection.setAutoCommit(false);
      try {
        if (!copyNew(connection, text)) {
          mergeIn(connection, text);
        }
        connection.commit();
      } catch (SQLException | IOException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException | IOException e) {
      throw new StoreUnavailableException(
          Store.TIMESERIES,
          "writing "
              + readings.size()
              + " readings to "
              + description
              + " failed: "
              + e.getMessage(),
          e);
    }
  }

  /**
   * Copies the batch straight into {@code sensor_data}, the fast way when every point is new;
   * returns false, with the transaction rolled back, when one is already stored.
   */
  private static boolean copyNew(Connection connection, String text)
      throws SQLException, IOException {
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
  private static void mergeIn(Connection connection, String text) throws SQLException, IOException {
    try (var statement = connection.createStatement()) {
      statement.execute(
          "CREATE TEMP TABLE IF NOT EXISTS aqmrg_staging"
              + " (LIKE sensor_data INCLUDING DEFAULTS) ON COMMIT DELETE ROWS");
      copy(connection, "aqmrg_staging", text);
      statement.executeUpdate(MERGE);
    }
  }

  private static void copy(Connection connection, String table, String text)
      throws SQLException, IOException {
    connection
        .unwrap(PGConnection.class)
        .getCopyAPI()
        .copyIn("COPY " + table + " (" + COLUMNS + ") FROM STDIN", new StringReader(text));
  }

  /**
   * Readings of the same sensor and time in one batch merge, later fields winning. The time is the
   * one PostgreSQL keeps, in whole microseconds (rounded down), so two readings a few nanoseconds
   * apart are one point here, as a second write of either would replace it.
   */
  private static List<Reading> mergeDuplicates(List<Reading> readings) {
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

  private void ensureDays(Connection connection, List<Reading> readings) throws SQLException {
    var missing = new java.util.TreeSet<LocalDate>();
    for (Reading reading : readings) {
      LocalDate day = LocalDate.ofInstant(reading.time(), ZoneOffset.UTC);
      if (!knownDays.contains(day)) {
        missing.add(day);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    try (var ensure =
        connection.prepareStatement("SELECT aqmrg_ensure_daily_partitions('sensor_data', ?, 1)")) {
      for (LocalDate day : missing) {
        ensure.setObject(1, day);
        ensure.execute();
        knownDays.add(day);
      }
    }
  }

  /** COPY's text format: tab-separated, \N for null; sensor ids and tags are escaped. */
  private static String copyText(List<Reading> readings) {
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

  @Override
  public Optional<Reading> latest(String sensorId) {
    String sql =
        "SELECT " + COLUMNS + " FROM sensor_data WHERE sensor_id = ? ORDER BY time DESC LIMIT 1";
    try (var connection = dataSource.getConnection();
        var select = connection.prepareStatement(sql)) {
      select.setString(1, sensorId);
      try (var rows = select.executeQuery()) {
        return rows.next() ? Optional.of(reading(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          Store.TIMESERIES, "reading from " + description + " failed", e);
    }
  }

  @Override
  public List<Reading> raw(String sensorId, Instant from, Instant to, int limit) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM sensor_data WHERE sensor_id = ? AND time >= ? AND time < ?"
            + " ORDER BY time LIMIT ?";
    try (var connection = dataSource.getConnection();
        var select = connection.prepareStatement(sql)) {
      select.setString(1, sensorId);
      select.setTimestamp(2, Timestamp.from(from));
      select.setTimestamp(3, Timestamp.from(to));
      select.setInt(4, limit);
      var readings = new ArrayList<Reading>();
      try (var rows = select.executeQuery()) {
        while (rows.next()) {
          readings.add(reading(rows));
        }
      }
      return readings;
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          Store.TIMESERIES, "reading from " + description + " failed", e);
    }
  }

  @Override
  public Optional<Query.Position> query(Query query, Consumer<Row> sink) {
    try {
      return history.query(query, sink);
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          Store.TIMESERIES,
          "querying the history in " + description + " failed: " + e.getMessage(),
          e);
    }
  }

  private static Reading reading(ResultSet rows) throws SQLException {
    Instant time = rows.getTimestamp("time").toInstant();
    var builder =
        Reading.builder(
                rows.getString("sensor_id"),
                time.getEpochSecond() * 1_000_000_000L + time.getNano())
            .location(rows.getString("location"))
            .manufacturer(rows.getString("manufacturer"));
    for (Field field : Field.values()) {
      double value = rows.getDouble(field.key());
      if (!rows.wasNull()) {
        builder.set(field, value);
      }
    }
    return builder.build();
  }

  @Override
  public List<Bucket> createBuckets() {
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "SELECT aqmrg_ensure_daily_partitions('sensor_data',"
              + " (now() AT TIME ZONE 'UTC')::date - "
              + (RAW_RETENTION_DAYS + 1)
              + ", "
              + (RAW_RETENTION_DAYS + 4)
              + ")");
      statement.execute(
          "SELECT aqmrg_ensure_monthly_partitions('sensor_data_hourly',"
              + " (now() AT TIME ZONE 'UTC')::date, 4)");
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          Store.TIMESERIES,
          "creating the tables' partitions in " + description + " failed: " + e.getMessage(),
          e);
    }
    return buckets();
  }

  @Override
  public List<Bucket> buckets() {
    String sql =
        "SELECT t.name, t.retention, pg_size_pretty(COALESCE(("
            + "SELECT sum(pg_total_relation_size(i.inhrelid)) FROM pg_inherits i"
            + " WHERE i.inhparent = t.name::regclass), 0) + pg_total_relation_size(t.name::regclass))"
            + " FROM (VALUES "
            + BUCKET_ROWS
            + ") AS t(name, retention, ord) ORDER BY t.ord";
    try (var connection = dataSource.getConnection();
        var rows = connection.createStatement().executeQuery(sql)) {
      var buckets = new ArrayList<Bucket>();
      while (rows.next()) {
        buckets.add(new Bucket(rows.getString(1), rows.getString(2), rows.getString(3)));
      }
      return buckets;
    } catch (SQLException e) {
      throw new StoreUnavailableException(
          Store.TIMESERIES, "listing the tables of " + description + " failed", e);
    }
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public void close() {
    // The pool belongs to the relational database, which closes it.
  }
}
