package org.aqmrg.flux;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aqmrg.influxql.SeriesTags;
import org.aqmrg.predictions.Forecast;
import org.aqmrg.predictions.ForecastQuery;
import org.aqmrg.predictions.ForecastStore;
import org.aqmrg.readings.Field;
import org.aqmrg.rollups.DailyStatistics;
import org.aqmrg.rollups.HourlyStatistics;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.rollups.SensorDay;
import org.aqmrg.rollups.SensorHour;

/**
 * The seed's other three buckets as Flux reads them, the same on every backend.
 *
 * <ul>
 *   <li>{@code sensor_data_hourly} and {@code sensor_data_daily}: measurement {@code air_quality},
 *       the registry's tags, and per field {@code F} (the mean, as the seed's continuous query
 *       names it), {@code F_count}, {@code F_min}, {@code F_max}, {@code F_sd}, {@code F_median}
 *       and {@code F_coverage}; the daily ones also {@code F_hours}, {@code F_valid_hours} and
 *       {@code F_complete}. {@code _time} is the hour's start, or the start of the location's local
 *       day.
 *   <li>{@code predictions}: measurement {@code predictions}, tags {@code lead_s} (seconds from
 *       issue to target), {@code location_id}, {@code model_name}, {@code model_version}, {@code
 *       pollutant}; fields {@code value}, {@code lower}, {@code upper}, {@code interval_level};
 *       {@code _time} is the target time.
 * </ul>
 */
final class BucketViews {
  static final List<String> FORECAST_TAGS =
      List.of("lead_s", "location_id", "model_name", "model_version", "pollutant");
  private static final List<String> HOURLY =
      List.of("", "_count", "_min", "_max", "_sd", "_median", "_coverage");
  private static final List<String> DAILY_ONLY = List.of("_hours", "_valid_hours", "_complete");

  private BucketViews() {}

  /** Every field name of the hourly or daily bucket. */
  static List<String> rollupFields(boolean daily) {
    var names = new ArrayList<String>();
    for (Field field : Field.values()) {
      HOURLY.forEach(s -> names.add(field.key() + s));
      if (daily) {
        DAILY_ONLY.forEach(s -> names.add(field.key() + s));
      }
    }
    return names;
  }

  static List<Table> hourly(RollupStore store, Pipeline p, Candidates c, FluxLimits limits) {
    long hours = (Duration.between(p.start(), p.stop()).toSeconds() + 3599) / 3600;
    bound(p, hours * c.sensorIds().size(), limits);
    var rows = new LinkedHashMap<Candidates.Series, List<Object[]>>();
    if (!c.sensorIds().isEmpty()) {
      for (SensorHour hour : store.hours(c.sensorIds(), p.start(), p.stop(), fields(c))) {
        for (Candidates.Series series : c.ofSensor(hour.sensorId())) {
          HourlyStatistics s = hour.fields().get(field(series));
          if (s != null) {
            add(p, rows, series, hour.hour(), hourly(s, suffix(series)));
          }
        }
      }
    }
    return tables(rows);
  }

  static List<Table> daily(RollupStore store, Pipeline p, Candidates c, FluxLimits limits) {
    long days = (Duration.between(p.start(), p.stop()).toHours() + 23) / 24 + 1;
    bound(p, days * c.sensorIds().size(), limits);
    var rows = new LinkedHashMap<Candidates.Series, List<Object[]>>();
    if (!c.sensorIds().isEmpty()) {
      for (SensorDay day : store.days(c.sensorIds(), p.start(), p.stop(), fields(c))) {
        for (Candidates.Series series : c.ofSensor(day.sensorId())) {
          DailyStatistics s = day.fields().get(field(series));
          if (s != null) {
            add(p, rows, series, day.start(), daily(s, suffix(series)));
          }
        }
      }
    }
    return tables(rows);
  }

  private static Object hourly(HourlyStatistics s, String suffix) {
    return switch (suffix) {
      case "" -> s.mean();
      case "_count" -> s.count();
      case "_min" -> s.min();
      case "_max" -> s.max();
      case "_sd" -> s.sd();
      case "_median" -> s.median();
      default -> s.coverage();
    };
  }

  private static Object daily(DailyStatistics s, String suffix) {
    return switch (suffix) {
      case "" -> s.mean();
      case "_count" -> s.count();
      case "_min" -> s.min();
      case "_max" -> s.max();
      case "_sd" -> s.sd();
      case "_median" -> s.median();
      case "_hours" -> (long) s.hoursWithData();
      case "_valid_hours" -> (long) s.validHours();
      case "_complete" -> s.complete();
      default -> s.coverage();
    };
  }

  private static void add(
      Pipeline p,
      Map<Candidates.Series, List<Object[]>> rows,
      Candidates.Series series,
      Instant time,
      Object value) {
    if (value != null) {
      rows.computeIfAbsent(series, k -> new ArrayList<>())
          .add(Sources.row(p, time, value, series.field(), Sources.MEASUREMENT, series.tags()));
    }
  }

  private static List<Table> tables(Map<Candidates.Series, List<Object[]>> rows) {
    var out = new ArrayList<Table>();
    rows.forEach(
        (series, list) ->
            out.add(new Table(Sources.seriesColumns(type(list.get(0)[3]), SeriesTags.KEYS), list)));
    return out;
  }

  /** The forecasts with a target time in the range, one table per series and field. */
  static List<Table> predictions(ForecastStore store, Pipeline p, FluxLimits limits) {
    List<Forecast> forecasts =
        store.find(
            new ForecastQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                p.start(),
                p.stop()),
            limits.maxPoints() + 1);
    if (forecasts.size() > limits.maxPoints()) {
      throw p.at()
          .error(
              "the query reads more than "
                  + limits.maxPoints()
                  + " forecasts (max_points): narrow the range");
    }
    var tables = new LinkedHashMap<List<String>, List<Object[]>>();
    for (Forecast f : forecasts) {
      long lead = Duration.between(f.issuedAt(), f.targetTime()).toNanos();
      List<String> tags =
          List.of(
              BigDecimal.valueOf(lead, 9).stripTrailingZeros().toPlainString(),
              f.locationId().toString(),
              f.modelName(),
              f.modelVersion(),
              f.pollutant());
      Map<String, Double> fields = new LinkedHashMap<>();
      fields.put("value", f.value());
      fields.put("lower", f.lower());
      fields.put("upper", f.upper());
      fields.put("interval_level", f.intervalLevel());
      fields.forEach(
          (name, value) -> {
            if (value != null) {
              var key = new ArrayList<>(tags);
              key.add(name);
              tables
                  .computeIfAbsent(key, k -> new ArrayList<>())
                  .add(Sources.row(p, f.targetTime(), value, name, "predictions", tags));
            }
          });
    }
    var columns = Sources.seriesColumns(Table.Type.DOUBLE, FORECAST_TAGS);
    var out = new ArrayList<Table>();
    tables.values().forEach(rows -> out.add(new Table(columns, rows)));
    return out;
  }

  /**
   * {@code buckets()}: the seed's four, as InfluxDB lists them (name, id, retention period in
   * nanoseconds, 0 for ever); Grafana's Flux data source asks it to test a connection.
   */
  static List<Table> listing() {
    var columns =
        List.of(
            new Table.Column("name", Table.Type.STRING, false),
            new Table.Column("id", Table.Type.STRING, false),
            new Table.Column("organizationID", Table.Type.STRING, false),
            new Table.Column("retentionPolicy", Table.Type.STRING, false),
            new Table.Column("retentionPeriod", Table.Type.LONG, false));
    var rows = new ArrayList<Object[]>();
    for (org.aqmrg.readings.SeedBucket bucket : org.aqmrg.readings.SeedBucket.values()) {
      rows.add(
          new Object[] {
            bucket.bucket(),
            String.format("%016x", bucket.bucket().hashCode() & 0xffffffffL),
            "",
            "",
            bucket.retention().map(Duration::toNanos).orElse(0L)
          });
    }
    return List.of(new Table(columns, rows));
  }

  private static void bound(Pipeline p, long rollups, FluxLimits limits) {
    if (rollups > limits.maxRollups()) {
      throw p.at()
          .error(
              "the range holds up to "
                  + rollups
                  + " rollups; at most "
                  + limits.maxRollups()
                  + " (max_rollups): choose a shorter range or filter on sensor_id");
    }
  }

  private static EnumSet<Field> fields(Candidates c) {
    var fields = EnumSet.noneOf(Field.class);
    c.series().forEach(s -> fields.add(field(s)));
    return fields;
  }

  private static Field field(Candidates.Series series) {
    for (Field field : Field.values()) {
      if (series.field().startsWith(field.key())) {
        String rest = series.field().substring(field.key().length());
        if (rest.isEmpty() || rest.startsWith("_")) {
          return field;
        }
      }
    }
    throw new IllegalStateException(series.field());
  }

  private static String suffix(Candidates.Series series) {
    return series.field().substring(field(series).key().length());
  }

  private static Table.Type type(Object value) {
    if (value instanceof Long) {
      return Table.Type.LONG;
    }
    return value instanceof Boolean ? Table.Type.BOOL : Table.Type.DOUBLE;
  }
}
