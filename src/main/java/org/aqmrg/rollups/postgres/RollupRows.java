package org.aqmrg.rollups.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.readings.Field;
import org.aqmrg.rollups.DailyStatistics;
import org.aqmrg.rollups.HourlyStatistics;
import org.aqmrg.rollups.SensorDay;
import org.aqmrg.rollups.SensorHour;

/**
 * The columns of {@code sensor_data_hourly} and {@code sensor_data_daily} (V007, V010) and the
 * rollups read from their rows. Per field F: {@code F} (mean), {@code F_count}, {@code F_min},
 * {@code F_max}, {@code F_sd}, {@code F_median}, {@code F_coverage}, and for a day also {@code
 * F_hours}, {@code F_valid_hours}, {@code F_complete}. A field is in a rollup when its {@code
 * F_count} is above 0.
 */
final class RollupRows {
  /** The suffixes of an hour's columns of a field, in the order they are written. */
  static final List<String> HOURLY =
      List.of("", "_count", "_min", "_max", "_sd", "_median", "_coverage");

  /** The suffixes of a day's columns of a field: those of an hour, then these. */
  static final List<String> DAILY_ONLY = List.of("_hours", "_valid_hours", "_complete");

  private RollupRows() {}

  /** {@code pm25, pm25_count, …} for these fields and suffixes, each column prefixed by a comma. */
  static String columns(Collection<Field> fields, List<String> suffixes) {
    var columns = new StringBuilder();
    for (Field field : fields) {
      for (String suffix : suffixes) {
        columns.append(", ").append(field.key()).append(suffix);
      }
    }
    return columns.toString();
  }

  /** The rollup of one row of the hourly table, holding those of {@code fields} it has. */
  static SensorHour hour(ResultSet row, Collection<Field> fields) throws SQLException {
    Instant hour = row.getObject("time", OffsetDateTime.class).toInstant();
    Double seconds = number(row, "interval_s");
    Duration interval = seconds == null ? null : Duration.ofNanos(Math.round(seconds * 1e9));
    var statistics =
        present(
            row,
            fields,
            (f, count) ->
                new HourlyStatistics(
                    hour,
                    count,
                    number(row, f),
                    number(row, f + "_min"),
                    number(row, f + "_max"),
                    number(row, f + "_sd"),
                    number(row, f + "_median"),
                    interval,
                    number(row, f + "_coverage")));
    return new SensorHour(row.getString("sensor_id"), hour, statistics);
  }

  /** The rollup of one row of the daily table, holding those of {@code fields} it has. */
  static SensorDay day(ResultSet row, Collection<Field> fields) throws SQLException {
    LocalDate day = row.getObject("day", LocalDate.class);
    ZoneId zone = ZoneId.of(row.getString("zone"));
    Instant start = day.atStartOfDay(zone).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
    var statistics =
        present(
            row,
            fields,
            (f, count) ->
                new DailyStatistics(
                    day,
                    zone,
                    start,
                    end,
                    row.getInt("hours"),
                    row.getInt(f + "_hours"),
                    row.getInt(f + "_valid_hours"),
                    row.getDouble(f + "_coverage"),
                    row.getBoolean(f + "_complete"),
                    count,
                    number(row, f),
                    number(row, f + "_min"),
                    number(row, f + "_max"),
                    number(row, f + "_sd"),
                    number(row, f + "_median")));
    return new SensorDay(row.getString("sensor_id"), day, zone, statistics);
  }

  /** The values of an hour's columns of every field, in the order of {@link #HOURLY}. */
  static List<Object> hourValues(Map<Field, HourlyStatistics> fields) {
    var values = new ArrayList<>();
    for (Field field : Field.values()) {
      HourlyStatistics s = fields.get(field);
      if (s == null) {
        values.addAll(Collections.nCopies(HOURLY.size(), null));
      } else {
        values.addAll(
            Arrays.asList(s.mean(), s.count(), s.min(), s.max(), s.sd(), s.median(), s.coverage()));
      }
    }
    return values;
  }

  /** The values of a day's columns of every field: those of {@link #HOURLY}, then the others. */
  static List<Object> dayValues(Map<Field, DailyStatistics> fields) {
    var values = new ArrayList<>();
    for (Field field : Field.values()) {
      DailyStatistics s = fields.get(field);
      if (s == null) {
        values.addAll(Collections.nCopies(HOURLY.size() + DAILY_ONLY.size(), null));
      } else {
        values.addAll(
            Arrays.asList(
                s.mean(),
                s.count(),
                s.min(),
                s.max(),
                s.sd(),
                s.median(),
                s.coverage(),
                s.hoursWithData(),
                s.validHours(),
                s.complete()));
      }
    }
    return values;
  }

  /** The statistics of one field of a row from its key and its count (above 0). */
  @FunctionalInterface
  private interface Statistics<T> {
    T of(String key, long count) throws SQLException;
  }

  /** The statistics of those of {@code fields} whose count in the row is above 0. */
  private static <T> Map<Field, T> present(
      ResultSet row, Collection<Field> fields, Statistics<T> statistics) throws SQLException {
    var present = new EnumMap<Field, T>(Field.class);
    for (Field field : fields) {
      long count = row.getLong(field.key() + "_count");
      if (count > 0) {
        present.put(field, statistics.of(field.key(), count));
      }
    }
    return present;
  }

  private static Double number(ResultSet row, String column) throws SQLException {
    double value = row.getDouble(column);
    return row.wasNull() ? null : value;
  }

  /** One row's values: time, sensor id, the row's own columns, then the fields' columns. */
  static Object[] row(Instant time, String sensorId, List<Object> own, List<Object> fields) {
    var values = new ArrayList<>(2 + own.size() + fields.size());
    values.add(time);
    values.add(sensorId);
    values.addAll(own);
    values.addAll(fields);
    return values.toArray();
  }

  /** {@code INSERT … ON CONFLICT (sensor_id, time) DO UPDATE SET} every written column. */
  static String upsert(String table, String own, List<String> suffixes) {
    String columns = "time, sensor_id, " + own + columns(List.of(Field.values()), suffixes);
    var set = new StringBuilder();
    for (String column : columns.split(", ")) {
      if (!column.equals("time") && !column.equals("sensor_id")) {
        set.append(set.length() == 0 ? "" : ", ")
            .append(column)
            .append(" = EXCLUDED.")
            .append(column);
      }
    }
    String marks = String.join(", ", Collections.nCopies(columns.split(", ").length, "?"));
    return "INSERT INTO "
        + table
        + " ("
        + columns
        + ") VALUES ("
        + marks
        + ") ON CONFLICT (sensor_id, time) DO UPDATE SET "
        + set;
  }
}
