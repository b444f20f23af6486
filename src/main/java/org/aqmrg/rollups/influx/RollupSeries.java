package org.aqmrg.rollups.influx;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.readings.Field;
import org.aqmrg.rollups.DailyStatistics;
import org.aqmrg.rollups.HourlyStatistics;
import org.aqmrg.rollups.SensorDay;
import org.aqmrg.rollups.SensorHour;

/**
 * Rollups from the JSON answer to a {@code SELECT … GROUP BY "sensor_id"} with times as epoch
 * nanoseconds, whose columns are named as {@link RollupLines} writes the fields (the raw
 * aggregation aliases its aggregates so too). A field is in a rollup when its {@code F_count} is
 * above 0; its sd is null for a count below 2 (see {@link RollupLines}).
 */
final class RollupSeries {
  /** One row of one series: its sensor, time and non-null values by column. */
  private record Point(String sensorId, Instant time, Map<String, JsonNode> values) {
    Double number(String column) {
      JsonNode value = values.get(column);
      return value == null ? null : value.doubleValue();
    }

    long count(Field field) {
      JsonNode value = values.get(field.key() + "_count");
      return value == null ? 0 : value.longValue();
    }

    Double sd(Field field, long count) {
      return count < 2 ? null : number(field.key() + "_sd");
    }

    /** The statistics of those of {@code fields} whose count is above 0. */
    <T> Map<Field, T> present(Collection<Field> fields, Statistics<T> statistics) {
      var present = new EnumMap<Field, T>(Field.class);
      for (Field field : fields) {
        long count = count(field);
        if (count > 0) {
          present.put(field, statistics.of(field, field.key(), count));
        }
      }
      return present;
    }
  }

  /** The statistics of one field of a point, from the field, its key and its count. */
  @FunctionalInterface
  private interface Statistics<T> {
    T of(Field field, String key, long count);
  }

  private RollupSeries() {}

  /** The hourly rollups of the answer, holding those of {@code fields} they have. */
  static List<SensorHour> hours(JsonNode result, Collection<Field> fields) {
    var hours = new ArrayList<SensorHour>();
    for (Point p : points(result)) {
      Double seconds = p.number("interval_s");
      Duration interval = seconds == null ? null : Duration.ofNanos(Math.round(seconds * 1e9));
      Map<Field, HourlyStatistics> statistics =
          p.present(
              fields,
              (field, f, count) ->
                  new HourlyStatistics(
                      p.time(),
                      count,
                      p.number(f),
                      p.number(f + "_min"),
                      p.number(f + "_max"),
                      p.sd(field, count),
                      p.number(f + "_median"),
                      interval,
                      p.number(f + "_coverage")));
      if (!statistics.isEmpty()) {
        hours.add(new SensorHour(p.sensorId(), p.time(), statistics));
      }
    }
    return hours;
  }

  /** The daily rollups of the answer, holding those of {@code fields} they have. */
  static List<SensorDay> days(JsonNode result, Collection<Field> fields) {
    var days = new ArrayList<SensorDay>();
    for (Point p : points(result)) {
      if (!p.values().containsKey("day") || !p.values().containsKey("zone")) {
        continue;
      }
      LocalDate day = LocalDate.parse(p.values().get("day").asText());
      ZoneId zone = ZoneId.of(p.values().get("zone").asText());
      Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
      int hours = p.values().get("hours").intValue();
      Map<Field, DailyStatistics> statistics =
          p.present(
              fields,
              (field, f, count) ->
                  new DailyStatistics(
                      day,
                      zone,
                      p.time(),
                      end,
                      hours,
                      p.values().get(f + "_hours").intValue(),
                      p.values().get(f + "_valid_hours").intValue(),
                      p.number(f + "_coverage"),
                      p.values().get(f + "_complete").booleanValue(),
                      count,
                      p.number(f),
                      p.number(f + "_min"),
                      p.number(f + "_max"),
                      p.sd(field, count),
                      p.number(f + "_median")));
      if (!statistics.isEmpty()) {
        days.add(new SensorDay(p.sensorId(), day, zone, statistics));
      }
    }
    return days;
  }

  private static List<Point> points(JsonNode result) {
    var points = new ArrayList<Point>();
    for (JsonNode series : result.path("series")) {
      String sensorId = series.path("tags").path("sensor_id").asText();
      List<String> columns = new ArrayList<>();
      series.path("columns").forEach(c -> columns.add(c.asText()));
      for (JsonNode row : series.path("values")) {
        var values = new HashMap<String, JsonNode>();
        for (int i = 1; i < columns.size(); i++) {
          if (!row.path(i).isNull() && !row.path(i).isMissingNode()) {
            values.put(columns.get(i), row.path(i));
          }
        }
        long nanos = row.path(0).longValue();
        Instant time =
            Instant.ofEpochSecond(
                Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        points.add(new Point(sensorId, time, values));
      }
    }
    return points;
  }
}
