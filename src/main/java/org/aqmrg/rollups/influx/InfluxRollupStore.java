package org.aqmrg.rollups.influx;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.SeedBucket;
import org.aqmrg.readings.influx.InfluxHttp;
import org.aqmrg.readings.influx.InfluxQl;
import org.aqmrg.readings.influx.InfluxReadingStore;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.rollups.SensorDay;
import org.aqmrg.rollups.SensorHour;

/**
 * Rollups in InfluxDB, in the database of the raw readings: hourly ones in the retention policy
 * {@code sensor_data_hourly}, daily ones in {@code sensor_data_daily}, measurement {@code
 * air_quality} with the one tag {@code sensor_id} ({@link RollupLines} has the fields), spoken to
 * through the readings adapter's HTTP client.
 *
 * <p>The raw aggregation is InfluxQL's {@code count}, {@code mean}, {@code min}, {@code max},
 * {@code stddev} and {@code median} per field, {@code GROUP BY time(1h), "sensor_id"}, for at most
 * {@value #SENSORS_PER_QUERY} sensors a query. A rollup written again replaces the stored one: a
 * point of the same series and time, each field the new rollup has overwriting the stored one, each
 * it lacks marked absent by a count of 0. One exception: on InfluxDB a coverage (and {@code
 * interval_s}) once stored stays when the same hour is written again without a reporting interval,
 * since line protocol cannot remove a field. The retention policies expire old rollups, so {@link
 * #enforceRetention} does nothing.
 */
public final class InfluxRollupStore implements RollupStore {
  /** Sensors per query, so that a statement stays a few kilobytes long. */
  static final int SENSORS_PER_QUERY = 100;

  private static final Comparator<SensorHour> HOUR_ORDER =
      Comparator.comparing(SensorHour::hour).thenComparing(SensorHour::sensorId);
  private static final Comparator<SensorDay> DAY_ORDER =
      Comparator.comparing(SensorDay::start).thenComparing(SensorDay::sensorId);

  private static final Set<Field> ALL = EnumSet.allOf(Field.class);

  private final InfluxHttp http;
  private final String database;

  /** The rollups beside the readings of {@code readings}, on its HTTP client. */
  public InfluxRollupStore(InfluxReadingStore readings) {
    this.http = readings.http();
    this.database = readings.database();
  }

  @Override
  public List<SensorHour> aggregateRaw(Collection<String> sensorIds, Instant from, Instant to) {
    var select = new StringBuilder();
    for (Field field : ALL) {
      String f = InfluxQl.identifier(field.key());
      for (String[] aggregate : AGGREGATES) {
        select
            .append(select.length() == 0 ? "" : ", ")
            .append(aggregate[0])
            .append('(')
            .append(f)
            .append(") AS ")
            .append(InfluxQl.identifier(field.key() + aggregate[1]));
      }
    }
    var aggregate =
        new Select<>(
            SeedBucket.RAW,
            select.toString(),
            " GROUP BY time(1h), \"sensor_id\" fill(none)",
            result -> RollupSeries.hours(result, ALL),
            HOUR_ORDER);
    return query(aggregate, sensorIds, from, to);
  }

  /** InfluxQL's aggregates of a field and the suffixes of the columns they are named as. */
  private static final String[][] AGGREGATES = {
    {"count", "_count"},
    {"mean", ""},
    {"min", "_min"},
    {"max", "_max"},
    {"stddev", "_sd"},
    {"median", "_median"}
  };

  @Override
  public void writeHours(Collection<SensorHour> hours) {
    write(SeedBucket.HOURLY, RollupLines.hours(hours));
  }

  @Override
  public List<SensorHour> hours(
      Collection<String> sensorIds, Instant from, Instant to, Collection<Field> fields) {
    if (fields.isEmpty()) {
      return List.of();
    }
    Set<Field> asked = EnumSet.copyOf(fields);
    String columns = columns(asked, HOURLY, "\"interval_s\"");
    return query(
        new Select<>(
            SeedBucket.HOURLY,
            columns,
            GROUP_BY_SENSOR,
            result -> RollupSeries.hours(result, asked),
            HOUR_ORDER),
        sensorIds,
        from,
        to);
  }

  @Override
  public List<SensorDay> days(
      Collection<String> sensorIds, Instant from, Instant to, Collection<Field> fields) {
    Set<Field> asked = fields.isEmpty() ? Set.of() : EnumSet.copyOf(fields);
    String own = "\"hours\", \"zone\", \"day\"";
    var select =
        new Select<>(
            SeedBucket.DAILY,
            columns(asked, DAILY, own),
            GROUP_BY_SENSOR,
            result -> RollupSeries.days(result, asked),
            DAY_ORDER);
    return asked.isEmpty() ? List.of() : query(select, sensorIds, from, to);
  }

  @Override
  public void writeDays(Collection<SensorDay> days) {
    write(SeedBucket.DAILY, RollupLines.days(days));
  }

  private void write(SeedBucket bucket, List<RollupLines.Body> bodies) {
    for (RollupLines.Body body : bodies) {
      http.writeLines(database, bucket.bucket(), body.text(), body.lines());
    }
  }

  /** The retention policies expire rollups on InfluxDB: nothing to do, nothing dropped. */
  @Override
  public int enforceRetention(Instant now) {
    return 0;
  }

  private static final String GROUP_BY_SENSOR = " GROUP BY \"sensor_id\"";

  private static final List<String> HOURLY =
      List.of("", "_count", "_min", "_max", "_sd", "_median", "_coverage");

  private static final List<String> DAILY =
      List.of(
          "",
          "_count",
          "_min",
          "_max",
          "_sd",
          "_median",
          "_coverage",
          "_hours",
          "_valid_hours",
          "_complete");

  /** The quoted columns of these fields with these suffixes, then {@code own}. */
  private static String columns(Set<Field> fields, List<String> suffixes, String own) {
    var columns = new StringBuilder();
    for (Field field : fields) {
      for (String suffix : suffixes) {
        columns.append(InfluxQl.identifier(field.key() + suffix)).append(", ");
      }
    }
    return columns.append(own).toString();
  }

  /**
   * A statement {@code SELECT columns FROM bucket WHERE … tail}, how its answer is read and how the
   * rollups are ordered.
   */
  private record Select<T>(
      SeedBucket bucket,
      String columns,
      String tail,
      Function<JsonNode, List<T>> read,
      Comparator<T> order) {}

  /**
   * The rollups of {@code select} with {@code from <= time < to}, one statement for each group of
   * at most {@value #SENSORS_PER_QUERY} sensors, all in the select's order.
   */
  private <T> List<T> query(
      Select<T> select, Collection<String> sensorIds, Instant from, Instant to) {
    if (sensorIds.isEmpty() || !from.isBefore(to)) {
      return List.of();
    }
    List<String> ids = List.copyOf(sensorIds);
    var rollups = new ArrayList<T>();
    for (int start = 0; start < ids.size(); start += SENSORS_PER_QUERY) {
      List<String> group = ids.subList(start, Math.min(ids.size(), start + SENSORS_PER_QUERY));
      String statement =
          "SELECT "
              + select.columns()
              + " FROM "
              + InfluxQl.measurement(database, select.bucket().bucket())
              + " WHERE "
              + InfluxQl.sensors(group)
              + " AND time >= "
              + InfluxQl.nanos(from)
              + " AND time < "
              + InfluxQl.nanos(to)
              + select.tail();
      rollups.addAll(select.read().apply(http.query(database, statement)));
    }
    rollups.sort(select.order());
    return rollups;
  }
}
