package org.aqmrg.rollups.influx;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.aqmrg.readings.Decimals;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.LineProtocolNames;
import org.aqmrg.rollups.DailyStatistics;
import org.aqmrg.rollups.HourlyStatistics;
import org.aqmrg.rollups.SensorDay;
import org.aqmrg.rollups.SensorHour;

/**
 * Rollups as line protocol, one point per sensor and hour (or day) of measurement {@code
 * air_quality} with the one tag {@code sensor_id}:
 *
 * <pre>
 * air_quality,sensor_id=LAG-IKJ-001 pm25=35.2,pm25_count=58i,pm25_min=30.1,…,interval_s=60 1764072000000000000
 * </pre>
 *
 * <p>A statistic that is null is left out. A field the rollup does not hold is written as {@code
 * F_count=0i} alone: InfluxDB merges a point into the stored one of the same series and time field
 * by field, so that count is what replaces the stored field's, and a reader takes a field with a
 * count of 0 as absent. The sd of fewer than two readings, which is null, is read as null whatever
 * is stored, for the same reason.
 */
final class RollupLines {
  /** The most lines sent in one request. */
  static final int MAX_LINES = 5_000;

  private final StringBuilder out = new StringBuilder();
  private final byte[] scratch = new byte[32];
  private final List<Body> bodies = new ArrayList<>();
  private int lines;

  /** One request's lines. */
  record Body(String text, int lines) {}

  private RollupLines() {}

  /** The request bodies of these hourly rollups, each of at most {@value #MAX_LINES} lines. */
  static List<Body> hours(Collection<SensorHour> hours) {
    var lines = new RollupLines();
    for (SensorHour hour : hours) {
      lines.start(hour.sensorId());
      Double interval = null;
      for (Field field : Field.values()) {
        HourlyStatistics s = hour.fields().get(field);
        if (s == null) {
          lines.integer(field.key() + "_count", 0);
          continue;
        }
        lines.common(field, s.count(), s.mean(), s.min(), s.max(), s.sd(), s.median());
        lines.number(field.key() + "_coverage", s.coverage());
        if (s.interval() != null) {
          interval = s.interval().toNanos() / 1e9;
        }
      }
      lines.number("interval_s", interval);
      lines.end(hour.hour());
    }
    return lines.finish();
  }

  /** The request bodies of these daily rollups, each of at most {@value #MAX_LINES} lines. */
  static List<Body> days(Collection<SensorDay> days) {
    var lines = new RollupLines();
    for (SensorDay day : days) {
      lines.start(day.sensorId());
      Map<Field, DailyStatistics> fields = day.fields();
      for (Field field : Field.values()) {
        DailyStatistics s = fields.get(field);
        if (s == null) {
          lines.integer(field.key() + "_count", 0);
          continue;
        }
        lines.common(field, s.count(), s.mean(), s.min(), s.max(), s.sd(), s.median());
        lines.integer(field.key() + "_hours", s.hoursWithData());
        lines.integer(field.key() + "_valid_hours", s.validHours());
        lines.number(field.key() + "_coverage", s.coverage());
        lines.separate().append(field.key()).append("_complete=").append(s.complete());
      }
      lines.integer("hours", DailyStatistics.of(day.day(), day.zone(), List.of()).hours());
      lines.text("zone", day.zone().getId());
      lines.text("day", day.day().toString());
      lines.end(day.start());
    }
    return lines.finish();
  }

  private void start(String sensorId) {
    if (sensorId.isEmpty() || sensorId.indexOf('\n') >= 0 || sensorId.endsWith("\\")) {
      throw new IllegalArgumentException(
          "sensor id '"
              + sensorId.replace("\n", "\\n")
              + "' is empty, holds a newline or ends with a backslash,"
              + " which InfluxDB line protocol cannot carry");
    }
    out.append("air_quality,sensor_id=");
    LineProtocolNames.append(out, sensorId, false);
    out.append(' ');
  }

  private void common(
      Field field, long count, Double mean, Double min, Double max, Double sd, Double median) {
    String f = field.key();
    number(f, mean);
    integer(f + "_count", count);
    number(f + "_min", min);
    number(f + "_max", max);
    number(f + "_sd", sd);
    number(f + "_median", median);
  }

  private StringBuilder separate() {
    char last = out.charAt(out.length() - 1);
    return last == ' ' ? out : out.append(',');
  }

  private void number(String key, Double value) {
    if (value != null) {
      separate().append(key).append('=');
      Decimals.append(out, value, scratch);
    }
  }

  private void integer(String key, long value) {
    separate().append(key).append('=').append(value).append('i');
  }

  /** A string field, quoted as line protocol quotes it. */
  private void text(String key, String value) {
    LineProtocolNames.appendString(separate().append(key).append('='), value);
  }

  private void end(Instant time) {
    out.append(' ').append(time.getEpochSecond() * 1_000_000_000L + time.getNano()).append('\n');
    if (++lines == MAX_LINES) {
      bodies.add(new Body(out.toString(), lines));
      out.setLength(0);
      lines = 0;
    }
  }

  private List<Body> finish() {
    if (lines > 0) {
      bodies.add(new Body(out.toString(), lines));
    }
    return bodies;
  }
}
