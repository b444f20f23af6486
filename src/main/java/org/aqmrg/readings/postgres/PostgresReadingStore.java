package org.aqmrg.readings.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.aqmrg.db.Database;
import org.aqmrg.error.Store;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.Row;
import org.aqmrg.readings.SeedBucket;

/**
 * Readings in PostgreSQL's {@code sensor_data}, one partition per UTC day (migration V007).
 *
 * <p>A batch is one transaction: all of it is stored or none. It is first copied straight into
 * {@code sensor_data} with {@code COPY}; when one of its points is already stored (a re-sent batch,
 * an import over stored days), that fails on the primary key, and the batch is copied into a
 * temporary table instead and merged in with one {@code INSERT … ON CONFLICT DO UPDATE}, so that it
 * replaces the stored points as InfluxDB would ({@link CopyText}). The straight copy is the common
 * case and the faster one, so it is tried first. Partitions for the days a batch touches are
 * created on demand. Failures are translated by {@link Database}, naming the time-series store.
 */
public final class PostgresReadingStore implements ReadingStore {
  /** How long raw readings are kept, in days (the seed's sensor_data bucket). */
  private static final int RAW_RETENTION_DAYS = SeedBucket.RAW.retentionDays();

  /** The seed's buckets as SQL rows (name, retention, order), from constants only. */
  private static final String BUCKET_ROWS =
      java.util.Arrays.stream(SeedBucket.values())
          .map(b -> "('%s', '%s', %d)".formatted(b.bucket(), b.retentionText(), b.ordinal()))
          .collect(java.util.stream.Collectors.joining(", "));

  static final String COLUMNS =
      "time, sensor_id, location, manufacturer, pm25, pm10, temperature, humidity, co, no2, o3";

  private final Database database;
  private final Database reads;
  private final String description;
  private final Set<LocalDate> knownDays = ConcurrentHashMap.newKeySet();

  /**
   * @param database the pool of the relational database, whose tables hold the readings too
   */
  public PostgresReadingStore(Database database, String description) {
    this(database, database, description);
  }

  /**
   * @param reads for {@link #query}, the history and exports, which the replica may serve ({@link
   *     org.aqmrg.db.RelationalDatabase#reads()})
   */
  public PostgresReadingStore(Database database, Database reads, String description) {
    this.database = database.serving(Store.TIMESERIES);
    this.reads = reads.serving(Store.TIMESERIES);
    this.description = description;
  }

  @Override
  public void write(List<Reading> readings) {
    if (readings.isEmpty()) {
      return;
    }
    List<Reading> unique = CopyText.mergeDuplicates(readings);
    database.useHandle(
        "writing " + readings.size() + " readings to " + description,
        handle -> {
          // COPY is the driver's own API: the batch goes through the handle's raw connection.
          Connection connection = handle.getConnection();
          ensureDays(connection, unique);
          String text = CopyText.of(unique);
          connection.setAutoCommit(false);
          try {
            if (!CopyText.copyNew(connection, text)) {
              CopyText.mergeIn(connection, text);
            }
            connection.commit();
          } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
          } finally {
            connection.setAutoCommit(true);
          }
        });
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

  @Override
  public Optional<Reading> latest(String sensorId) {
    String sql =
        "SELECT " + COLUMNS + " FROM sensor_data WHERE sensor_id = ? ORDER BY time DESC LIMIT 1";
    return database.withHandle(
        "reading from " + description,
        handle ->
            handle.createQuery(sql).bind(0, sensorId).map((rows, ctx) -> reading(rows)).findOne());
  }

  @Override
  public List<Reading> raw(String sensorId, Instant from, Instant to, int limit) {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM sensor_data WHERE sensor_id = ? AND time >= ? AND time < ?"
            + " ORDER BY time LIMIT ?";
    return database.withHandle(
        "reading from " + description,
        handle ->
            handle
                .createQuery(sql)
                .bind(0, sensorId)
                .bind(1, from)
                .bind(2, to)
                .bind(3, limit)
                .map((rows, ctx) -> reading(rows))
                .list());
  }

  @Override
  public Optional<Query.Position> query(Query query, Consumer<Row> sink) {
    // A cursor needs a transaction; it only reads.
    return reads.inTransaction(
        "querying the history in " + description,
        handle -> PostgresHistory.query(handle, query, sink));
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
    database.useHandle(
        "creating the tables' partitions in " + description,
        handle -> {
          handle.execute(
              "SELECT aqmrg_ensure_daily_partitions('sensor_data',"
                  + " (now() AT TIME ZONE 'UTC')::date - "
                  + (RAW_RETENTION_DAYS + 1)
                  + ", "
                  + (RAW_RETENTION_DAYS + 4)
                  + ")");
          handle.execute(
              "SELECT aqmrg_ensure_monthly_partitions('sensor_data_hourly',"
                  + " (now() AT TIME ZONE 'UTC')::date, 4)");
        });
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
    return database.withHandle(
        "listing the tables of " + description,
        handle ->
            handle
                .createQuery(sql)
                .map(
                    (rows, ctx) ->
                        new Bucket(rows.getString(1), rows.getString(2), rows.getString(3)))
                .list());
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
