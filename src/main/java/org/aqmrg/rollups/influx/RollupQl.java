package org.aqmrg.rollups.influx;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.StringJoiner;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.SeedBucket;
import org.aqmrg.readings.influx.InfluxQl;

/**
 * The names of the rollups' InfluxDB fields and the InfluxQL statements that compute and read them,
 * every identifier and sensor id quoted by {@link InfluxQl}.
 *
 * <p>Per field {@code F}: {@code F} (the mean, as the seed's continuous query names it), {@code
 * F_count}, {@code F_min}, {@code F_max}, {@code F_sd}, {@code F_median} and {@code F_coverage} in
 * both tiers, and {@code F_hours}, {@code F_valid_hours} and {@code F_complete} in the daily one.
 * Per point: {@code interval_s} (hourly; 0 when unknown), {@code hours}, {@code zone} and {@code
 * day} (daily).
 */
final class RollupQl {
  static final String SENSOR_ID = "sensor_id";
  static final String INTERVAL = "interval_s";
  static final String HOURS = "hours";
  static final String ZONE = "zone";
  static final String DAY = "day";

  /** A statistic of one field, the suffix of its field key, and the InfluxQL aggregate of it. */
  enum Statistic {
    MEAN("", "mean"),
    COUNT("_count", "count"),
    MIN("_min", "min"),
    MAX("_max", "max"),
    SD("_sd", "stddev"),
    MEDIAN("_median", "median"),
    COVERAGE("_coverage", null),
    HOURS_WITH_DATA("_hours", null),
    VALID_HOURS("_valid_hours", null),
    COMPLETE("_complete", null);

    /** What the store computes from raw readings. */
    static final List<Statistic> AGGREGATED = List.of(MEAN, COUNT, MIN, MAX, SD, MEDIAN);

    static final List<Statistic> HOURLY = List.of(MEAN, COUNT, MIN, MAX, SD, MEDIAN, COVERAGE);

    static final List<Statistic> DAILY =
        List.of(
            MEAN, COUNT, MIN, MAX, SD, MEDIAN, HOURS_WITH_DATA, VALID_HOURS, COVERAGE, COMPLETE);

    private final String suffix;
    private final String function;

    Statistic(String suffix, String function) {
      this.suffix = suffix;
      this.function = function;
    }

    /** The field key of this statistic of {@code field}: {@code pm25_count}. */
    String of(Field field) {
      return field.key() + suffix;
    }
  }

  /**
   * A tier of rollups: its retention policy, the statistics of each field and the per-point ones.
   */
  enum Tier {
    HOURLY(SeedBucket.HOURLY, Statistic.HOURLY, List.of(INTERVAL)),
    DAILY(SeedBucket.DAILY, Statistic.DAILY, List.of(HOURS, ZONE, DAY));

    final SeedBucket bucket;
    private final List<Statistic> statistics;
    private final List<String> perPoint;

    Tier(SeedBucket bucket, List<Statistic> statistics, List<String> perPoint) {
      this.bucket = bucket;
      this.statistics = statistics;
      this.perPoint = perPoint;
    }
  }

  private RollupQl() {}

  /**
   * Count, mean, min, max, sample sd and median of every field of each sensor's raw readings per
   * UTC hour ({@code GROUP BY time(1h)} aligns to the epoch), aliased to the hourly field keys;
   * hours without readings are left out.
   */
  static String aggregate(String database, List<String> sensorIds, Instant from, Instant to) {
    var select = new StringJoiner(", ", "SELECT ", "");
    for (Field field : Field.values()) {
      for (Statistic statistic : Statistic.AGGREGATED) {
        select.add(
            statistic.function
                + "("
                + InfluxQl.identifier(field.key())
                + ") AS "
                + InfluxQl.identifier(statistic.of(field)));
      }
    }
    return select
        + from(database, SeedBucket.RAW, sensorIds, from, to)
        + " GROUP BY time(1h), "
        + InfluxQl.identifier(SENSOR_ID)
        + " fill(none)";
  }

  /**
   * The stored points of the sensors with {@code from <= time < to} in one tier, with the columns
   * of the tier's statistics of the asked fields and its per-point columns, one series per sensor.
   */
  static String select(
      String database,
      Tier tier,
      List<String> sensorIds,
      Instant from,
      Instant to,
      Collection<Field> fields) {
    var select = new StringJoiner(", ", "SELECT ", "");
    for (Field field : fields) {
      for (Statistic statistic : tier.statistics) {
        select.add(InfluxQl.identifier(statistic.of(field)));
      }
    }
    tier.perPoint.forEach(column -> select.add(InfluxQl.identifier(column)));
    return select
        + from(database, tier.bucket, sensorIds, from, to)
        + " GROUP BY "
        + InfluxQl.identifier(SENSOR_ID);
  }

  private static String from(
      String database, SeedBucket tier, List<String> sensorIds, Instant from, Instant to) {
    return " FROM "
        + InfluxQl.measurement(database, tier.bucket())
        + " WHERE "
        + InfluxQl.sensors(sensorIds)
        + " AND time >= "
        + InfluxQl.nanos(from)
        + " AND time < "
        + InfluxQl.nanos(to);
  }
}
