package org.aqmrg.rollups.influx;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.aqmrg.readings.Decimals;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.LineProtocolNames;
import org.aqmrg.readings.influx.InfluxQl;
import org.aqmrg.rollups.DailyStatistics;
import org.aqmrg.rollups.HourlyStatistics;
import org.aqmrg.rollups.SensorDay;
import org.aqmrg.rollups.SensorHour;
import org.aqmrg.rollups.influx.RollupQl.Statistic;

/**
 * Rollups as InfluxDB line protocol, one line per sensor and hour (or day), tagged with {@code
 * sensor_id} only and stamped in nanoseconds at the hour's start (or the day's local midnight):
 *
 * <pre>
 * air_quality,sensor_id=LAG-IKJ-001 pm25=35.2,pm25_count=60i,pm25_min=30,…,pm10_count=0i,interval_s=60 1764072000000000000
 * </pre>
 *
 * <p>InfluxDB merges a point written again into the stored one field by field, so a field written
 * once stays until it is overwritten. Every statistic that is not null is therefore written, and a
 * field without readings gets {@code F_count=0i}, which readers take as absent: a rollup written
 * again without a field no longer shows it. For the same reason an unknown reporting interval is
 * written as {@code interval_s=0} (no interval is 0 s long), and readers take the coverage of a
 * point without a known interval as null, as {@link HourlyStatistics} defines it; a stale {@code
 * F_sd} after a rewrite with fewer than two readings is ignored, the sd of fewer than two readings
 * being null.
 */
final class RollupLines {
  private RollupLines() {}

  /**
   * The line of one hourly rollup.
   *
   * @throws IllegalArgumentException for a sensor id that line protocol cannot carry, a statistic
   *     that is not finite, or fields with different reporting intervals (one is stored per point)
   */
  static String hour(SensorHour hour) {
    var line = new Line(hour.sensorId());
    Duration interval = null;
    boolean first = true;
    for (Field field : Field.values()) {
      HourlyStatistics statistics = hour.fields().get(field);
      if (statistics == null || statistics.count() == 0) {
        line.integer(Statistic.COUNT.of(field), 0);
        continue;
      }
      if (!first && !Objects.equals(interval, statistics.interval())) {
        throw new IllegalArgumentException(
            "the fields of sensor '"
                + hour.sensorId()
                + "' at "
                + hour.hour()
                + " have different reporting intervals");
      }
      interval = statistics.interval();
      first = false;
      line.summary(field, FieldSummary.of(statistics))
          .number(Statistic.COVERAGE.of(field), statistics.coverage());
    }
    line.number(RollupQl.INTERVAL, interval == null ? 0 : interval.toNanos() / 1e9);
    return line.at(hour.hour());
  }

  /**
   * The line of one daily rollup, stamped at its local midnight.
   *
   * @throws IllegalArgumentException for a sensor id that line protocol cannot carry or a statistic
   *     that is not finite
   */
  static String day(SensorDay day) {
    var line = new Line(day.sensorId());
    for (Field field : Field.values()) {
      DailyStatistics statistics = day.fields().get(field);
      if (statistics == null || statistics.count() == 0) {
        line.integer(Statistic.COUNT.of(field), 0);
        continue;
      }
      line.summary(field, FieldSummary.of(statistics))
          .integer(Statistic.HOURS_WITH_DATA.of(field), statistics.hoursWithData())
          .integer(Statistic.VALID_HOURS.of(field), statistics.validHours())
          .number(Statistic.COVERAGE.of(field), statistics.coverage())
          .bool(Statistic.COMPLETE.of(field), statistics.complete());
    }
    int hours = DailyStatistics.of(day.day(), day.zone(), List.of()).hours();
    line.integer(RollupQl.HOURS, hours)
        .text(RollupQl.ZONE, day.zone().getId())
        .text(RollupQl.DAY, day.day().toString());
    return line.at(day.start());
  }

  /** One line being written: measurement and tag, then fields, then the timestamp. */
  private static final class Line {
    private final StringBuilder out = new StringBuilder(512).append("air_quality,sensor_id=");
    private final byte[] scratch = new byte[32];
    private final String sensorId;
    private char separator = ' ';

    Line(String sensorId) {
      String problem =
          sensorId.isEmpty() ? "is empty" : LineProtocolNames.unwritableTagValue(sensorId);
      if (problem != null) {
        throw new IllegalArgumentException(
            "the sensor id '"
                + sensorId.replace("\n", "\\n")
                + "' "
                + problem
                + ", which InfluxDB line protocol cannot carry");
      }
      this.sensorId = sensorId;
      LineProtocolNames.append(out, sensorId, false);
    }

    private StringBuilder key(String key) {
      out.append(separator).append(key).append('=');
      separator = ',';
      return out;
    }

    Line summary(Field field, FieldSummary summary) {
      return number(Statistic.MEAN.of(field), summary.mean())
          .integer(Statistic.COUNT.of(field), summary.count())
          .number(Statistic.MIN.of(field), summary.min())
          .number(Statistic.MAX.of(field), summary.max())
          .number(Statistic.SD.of(field), summary.sd())
          .number(Statistic.MEDIAN.of(field), summary.median());
    }

    /** A float field; left out when null. */
    Line number(String key, Double value) {
      if (value != null) {
        if (!Double.isFinite(value)) {
          throw new IllegalArgumentException(
              "the rollup of sensor '" + sensorId + "' has " + key + " = " + value);
        }
        Decimals.append(key(key), value, scratch);
      }
      return this;
    }

    Line integer(String key, long value) {
      key(key).append(value).append('i');
      return this;
    }

    Line bool(String key, boolean value) {
      key(key).append(value);
      return this;
    }

    Line text(String key, String value) {
      LineProtocolNames.appendString(key(key), value);
      return this;
    }

    String at(Instant time) {
      return out.append(' ').append(InfluxQl.nanos(Objects.requireNonNull(time))).toString();
    }
  }
}
