package org.aqmrg.rollups.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.aqmrg.db.Database;
import org.aqmrg.error.Store;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.SeedBucket;
import org.aqmrg.rollups.DailyStatistics;
import org.aqmrg.rollups.HourlyStatistics;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.rollups.SensorDay;
import org.aqmrg.rollups.SensorHour;

/**
 * Rollups in PostgreSQL's {@code sensor_data_hourly} (one partition per month) and {@code
 * sensor_data_daily}, next to the raw readings of {@code sensor_data} they are computed from
 * (migrations V007, V010; columns in {@link RollupRows}).
 *
 * <p>The raw aggregation is one query: {@code count}, {@code avg}, {@code min}, {@code max}, {@code
 * stddev_samp} and {@code percentile_cont(0.5)} per sensor, UTC hour and field. A write is one
 * batch of upserts that replace the whole row (a field left out of the new rollup becomes NULL);
 * the months it touches get their partition first. Retention drops whole monthly partitions of the
 * hourly table past the seed's 730 days; daily rollups are kept for ever. Failures are translated
 * by {@link Database}, naming the time-series store.
 */
public final class PostgresRollupStore implements RollupStore {
  private static final Comparator<SensorHour> HOUR_ORDER =
      Comparator.comparing(SensorHour::hour).thenComparing(SensorHour::sensorId);
  private static final Comparator<SensorDay> DAY_ORDER =
      Comparator.comparing(SensorDay::start).thenComparing(SensorDay::sensorId);

  private static final List<Field> ALL = List.of(Field.values());

  private static final String WRITE_HOUR =
      RollupRows.upsert("sensor_data_hourly", "interval_s", RollupRows.HOURLY);

  private static final String WRITE_DAY =
      RollupRows.upsert(
          "sensor_data_daily",
          "day, zone, hours",
          Stream.concat(RollupRows.HOURLY.stream(), RollupRows.DAILY_ONLY.stream()).toList());

  /** The condition of every query: its parameters are the sensor ids, from and to. */
  private static final String WHERE = " WHERE sensor_id = ANY(?) AND time >= ? AND time < ?";

  /** The aggregates of one field, named as the hourly table's columns. */
  private static final String AGGREGATES =
      ", avg(%1$s) AS %1$s, count(%1$s) AS %1$s_count, min(%1$s) AS %1$s_min"
          + ", max(%1$s) AS %1$s_max, stddev_samp(%1$s) AS %1$s_sd"
          + ", percentile_cont(0.5) WITHIN GROUP (ORDER BY %1$s) AS %1$s_median"
          + ", NULL::double precision AS %1$s_coverage";

  private final Database database;
  private final Database reads;
  private final String description;
  private final HourlyPartitions partitions;

  /** The store on the relational database's pool, {@code description} naming it in failures. */
  public PostgresRollupStore(Database database, String description) {
    this(database, database, description);
  }

  /**
   * @param reads for {@link #hours} and {@link #days}: the replica may serve them ({@link
   *     org.aqmrg.db.RelationalDatabase#reads()}) for the history, never for the rollup worker,
   *     which reads what it has just written
   */
  public PostgresRollupStore(Database database, Database reads, String description) {
    this.description = description;
    this.database = database.serving(Store.TIMESERIES);
    this.reads = reads.serving(Store.TIMESERIES);
    this.partitions = new HourlyPartitions(this.database, description);
  }

  @Override
  public List<SensorHour> aggregateRaw(Collection<String> sensorIds, Instant from, Instant to) {
    if (sensorIds.isEmpty() || !from.isBefore(to)) {
      return List.of();
    }
    var select = new StringBuilder("SELECT sensor_id, hour AS time");
    for (Field field : ALL) {
      select.append(AGGREGATES.formatted(field.key()));
    }
    // The UTC hour whatever the session's time zone (one with a half-hour offset would shift it).
    String sql =
        select
            + ", NULL::double precision AS interval_s FROM (SELECT *,"
            + " date_trunc('hour', time AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour"
            + " FROM sensor_data"
            + WHERE
            + ") AS raw"
            + " GROUP BY sensor_id, hour";
    return select(
            "aggregating the raw readings in " + description,
            sql,
            sensorIds,
            from,
            to,
            row -> RollupRows.hour(row, ALL))
        .filter(r -> !r.fields().isEmpty())
        .sorted(HOUR_ORDER)
        .toList();
  }

  @Override
  public void writeHours(Collection<SensorHour> hours) {
    partitions.ensure(hours);
    write(
        "writing " + hours.size() + " hourly rollups to " + description,
        WRITE_HOUR,
        hours,
        hour ->
            RollupRows.row(
                hour.hour(),
                hour.sensorId(),
                Collections.singletonList(intervalSeconds(hour)),
                RollupRows.hourValues(hour.fields())));
  }

  /** The reporting interval of the hour's fields (the sensor's, one for all), in seconds. */
  private static Double intervalSeconds(SensorHour hour) {
    return hour.fields().values().stream()
        .map(HourlyStatistics::interval)
        .filter(Objects::nonNull)
        .findFirst()
        .map(d -> d.toNanos() / 1e9)
        .orElse(null);
  }

  @Override
  public List<SensorHour> hours(
      Collection<String> sensorIds, Instant from, Instant to, Collection<Field> fields) {
    if (sensorIds.isEmpty() || fields.isEmpty() || !from.isBefore(to)) {
      return List.of();
    }
    Set<Field> asked = EnumSet.copyOf(fields);
    String columns = "time, sensor_id, interval_s" + RollupRows.columns(asked, RollupRows.HOURLY);
    return select(
            "reading hourly rollups from " + description,
            "SELECT " + columns + " FROM sensor_data_hourly" + WHERE,
            sensorIds,
            from,
            to,
            row -> RollupRows.hour(row, asked))
        .filter(hour -> !hour.fields().isEmpty())
        .sorted(HOUR_ORDER)
        .toList();
  }

  @Override
  public void writeDays(Collection<SensorDay> days) {
    write(
        "writing " + days.size() + " daily rollups to " + description,
        WRITE_DAY,
        days,
        day ->
            RollupRows.row(
                day.start(),
                day.sensorId(),
                List.of(
                    day.day(),
                    day.zone().getId(),
                    DailyStatistics.of(day.day(), day.zone(), List.of()).hours()),
                RollupRows.dayValues(day.fields())));
  }

  @Override
  public List<SensorDay> days(
      Collection<String> sensorIds, Instant from, Instant to, Collection<Field> fields) {
    if (sensorIds.isEmpty() || fields.isEmpty() || !from.isBefore(to)) {
      return List.of();
    }
    Set<Field> asked = EnumSet.copyOf(fields);
    String columns =
        RollupRows.columns(asked, RollupRows.HOURLY)
            + RollupRows.columns(asked, RollupRows.DAILY_ONLY);
    return select(
            "reading daily rollups from " + description,
            "SELECT sensor_id, day, zone, hours" + columns + " FROM sensor_data_daily" + WHERE,
            sensorIds,
            from,
            to,
            row -> RollupRows.day(row, asked))
        .filter(day -> !day.fields().isEmpty())
        .sorted(DAY_ORDER)
        .toList();
  }

  /** Runs {@code sql} once per rollup, with the values {@code row} gives, as one batch. */
  private <T> void write(
      String what, String sql, Collection<T> rollups, Function<T, Object[]> row) {
    if (rollups.isEmpty()) {
      return;
    }
    database.useHandle(
        what,
        handle -> {
          var batch = handle.prepareBatch(sql);
          rollups.forEach(rollup -> batch.add(row.apply(rollup)));
          batch.execute();
        });
  }

  @Override
  public int enforceRetention(Instant now) {
    return partitions.dropBefore(
        LocalDate.ofInstant(
            now.minus(SeedBucket.HOURLY.retention().orElseThrow()), ZoneOffset.UTC));
  }

  /** A rollup read from one row of a result. */
  @FunctionalInterface
  private interface RowReader<T> {
    T read(ResultSet row) throws SQLException;
  }

  /**
   * The rollups of {@code sql}, whose parameters are the sensor ids, from and to. The callers sort
   * them, so that ids sort as Java strings whatever the database's collation.
   */
  private <T> Stream<T> select(
      String what,
      String sql,
      Collection<String> sensorIds,
      Instant from,
      Instant to,
      RowReader<T> reader) {
    List<T> rollups =
        reads.withHandle(
            what,
            handle ->
                handle
                    .createQuery(sql)
                    .bind(0, sensorIds.toArray(String[]::new))
                    .bind(1, from)
                    .bind(2, to)
                    .map((row, ctx) -> reader.read(row))
                    .list());
    return rollups.stream();
  }
}
