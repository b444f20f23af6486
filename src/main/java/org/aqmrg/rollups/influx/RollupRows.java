package org.aqmrg.rollups.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.rollups.DailyStatistics;
import org.aqmrg.rollups.HourlyStatistics;
import org.aqmrg.rollups.SensorDay;
import org.aqmrg.rollups.SensorHour;
import org.aqmrg.rollups.influx.RollupQl.Statistic;

/**
 * Rollups from InfluxDB's answers (one chunk at a time) to the statements of {@link RollupQl}: one
 * series per sensor ({@code GROUP BY sensor_id}), times as epoch nanoseconds.
 *
 * <p>A field is read when its count is above 0 and its mean, min, max and median are there (and,
 * for a day, its hours, valid hours, coverage and completeness); the sd only for two readings or
 * more, and its coverage only with a known interval (see {@link RollupLines}). A row with none of
 * the asked fields is left out, and so is a daily row without its day, zone and hours: points that
 * the seed's continuous queries wrote into the same tiers carry neither medians nor local days.
 */
final class RollupRows {
  private RollupRows() {}

  /** The hourly rollups in {@code result}, holding only {@code fields}, added to {@code into}. */
  static void hours(JsonNode result, Collection<Field> fields, List<SensorHour> into) {
    for (JsonNode series : result.path("series")) {
      var columns = new Columns(series);
      for (JsonNode row : series.path("values")) {
        Instant hour = columns.time(row);
        Double seconds = columns.number(row, RollupQl.INTERVAL);
        Duration interval =
            seconds == null || seconds <= 0 ? null : Duration.ofNanos(Math.round(seconds * 1e9));
        var statistics = new EnumMap<Field, HourlyStatistics>(Field.class);
        for (Field field : fields) {
          FieldSummary summary = columns.summary(row, field);
          if (summary != null) {
            statistics.put(
                field,
                new HourlyStatistics(
                    hour,
                    summary.count(),
                    summary.mean(),
                    summary.min(),
                    summary.max(),
                    summary.sd(),
                    summary.median(),
                    interval,
                    interval == null ? null : columns.number(row, Statistic.COVERAGE.of(field))));
          }
        }
        if (!statistics.isEmpty()) {
          into.add(new SensorHour(columns.sensorId(), hour, statistics));
        }
      }
    }
  }

  /** The daily rollups in {@code result}, holding only {@code fields}, added to {@code into}. */
  static void days(JsonNode result, Collection<Field> fields, List<SensorDay> into) {
    for (JsonNode series : result.path("series")) {
      var columns = new Columns(series);
      for (JsonNode row : series.path("values")) {
        JsonNode dayText = columns.cell(row, RollupQl.DAY);
        JsonNode zoneText = columns.cell(row, RollupQl.ZONE);
        Long hours = columns.integer(row, RollupQl.HOURS);
        if (!dayText.isTextual() || !zoneText.isTextual() || hours == null) {
          continue;
        }
        LocalDate day = LocalDate.parse(dayText.asText());
        ZoneId zone = ZoneId.of(zoneText.asText());
        var statistics = new EnumMap<Field, DailyStatistics>(Field.class);
        for (Field field : fields) {
          DailyStatistics daily = daily(columns, row, field, day, zone, hours.intValue());
          if (daily != null) {
            statistics.put(field, daily);
          }
        }
        if (!statistics.isEmpty()) {
          into.add(new SensorDay(columns.sensorId(), day, zone, statistics));
        }
      }
    }
  }

  private static DailyStatistics daily(
      Columns columns, JsonNode row, Field field, LocalDate day, ZoneId zone, int hours) {
    FieldSummary summary = columns.summary(row, field);
    Long withData = columns.integer(row, Statistic.HOURS_WITH_DATA.of(field));
    Long valid = columns.integer(row, Statistic.VALID_HOURS.of(field));
    Double coverage = columns.number(row, Statistic.COVERAGE.of(field));
    JsonNode complete = columns.cell(row, Statistic.COMPLETE.of(field));
    if (summary == null
        || withData == null
        || valid == null
        || coverage == null
        || !complete.isBoolean()) {
      return null;
    }
    return new DailyStatistics(
        day,
        zone,
        day.atStartOfDay(zone).toInstant(),
        day.plusDays(1).atStartOfDay(zone).toInstant(),
        hours,
        withData.intValue(),
        valid.intValue(),
        coverage,
        complete.asBoolean(),
        summary.count(),
        summary.mean(),
        summary.min(),
        summary.max(),
        summary.sd(),
        summary.median());
  }

  /** The statistics both tiers keep of a field. */
  private record Summary(
      long count, Double mean, Double min, Double max, Double sd, Double median) {}

  /** The columns of one series, by name. */
  private static final class Columns {
    private final String sensorId;
    private final Map<String, Integer> index = new HashMap<>();

    Columns(JsonNode series) {
      sensorId = series.path("tags").path(RollupQl.SENSOR_ID).asText();
      int i = 0;
      for (JsonNode name : series.path("columns")) {
        index.put(name.asText(), i++);
      }
      if (!index.containsKey("time")) {
        throw new IllegalStateException("InfluxDB answered a series without a time column");
      }
    }

    String sensorId() {
      return sensorId;
    }

    Instant time(JsonNode row) {
      return Reading.instant(cell(row, "time").asLong());
    }

    JsonNode cell(JsonNode row, String name) {
      Integer column = index.get(name);
      return column == null ? MissingNode.getInstance() : row.path(column);
    }

    Double number(JsonNode row, String name) {
      JsonNode cell = cell(row, name);
      return cell.isNumber() ? cell.asDouble() : null;
    }

    Long integer(JsonNode row, String name) {
      JsonNode cell = cell(row, name);
      return cell.isIntegralNumber() ? cell.asLong() : null;
    }

    /** The field's count, mean, min, max, sd and median, or null when the field is absent. */
    FieldSummary summary(JsonNode row, Field field) {
      Long count = integer(row, Statistic.COUNT.of(field));
      Double mean = number(row, Statistic.MEAN.of(field));
      Double min = number(row, Statistic.MIN.of(field));
      Double max = number(row, Statistic.MAX.of(field));
      Double median = number(row, Statistic.MEDIAN.of(field));
      if (count == null
          || count <= 0
          || mean == null
          || min == null
          || max == null
          || median == null) {
        return null;
      }
      Double sd = count >= 2 ? number(row, Statistic.SD.of(field)) : null;
      return new FieldSummary(count, mean, min, max, sd, median);
    }
  }
}
