package org.aqmrg.flux;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.aqmrg.influxql.SeriesTags;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.Row;

/**
 * What {@code from(bucket: "sensor_data") |> range(…)} reads: one table per sensor and field of
 * measurement {@code air_quality}, with the registry's tags ({@code location}, {@code
 * manufacturer}, {@code sensor_id}; see {@link SeriesTags}). The filters that follow {@code range}
 * are first tried on each series' key ({@link Candidates}), so that only the sensors and fields
 * they can select are read.
 */
final class Sources {
  static final String MEASUREMENT = "air_quality";
  static final Duration GRACE = Duration.ofDays(1);

  private Sources() {}

  /** The columns of a raw series, and of windows of one. */
  static List<Table.Column> seriesColumns(Table.Type value, List<String> tags) {
    var columns = new ArrayList<Table.Column>();
    columns.add(new Table.Column("_start", Table.Type.TIME, true));
    columns.add(new Table.Column("_stop", Table.Type.TIME, true));
    columns.add(new Table.Column("_time", Table.Type.TIME, false));
    columns.add(new Table.Column("_value", value, false));
    columns.add(new Table.Column("_field", Table.Type.STRING, true));
    columns.add(new Table.Column("_measurement", Table.Type.STRING, true));
    tags.forEach(tag -> columns.add(new Table.Column(tag, Table.Type.STRING, true)));
    return columns;
  }

  /** One row of a series table: the range, time and value, then field, measurement and tags. */
  static Object[] row(
      Pipeline p, Instant time, Object value, String field, String measurement, List<String> tags) {
    Object[] row = new Object[6 + tags.size()];
    row[0] = p.start();
    row[1] = p.stop();
    row[2] = time;
    row[3] = value;
    row[4] = field;
    row[5] = measurement;
    for (int i = 0; i < tags.size(); i++) {
      row[6 + i] = tags.get(i);
    }
    return row;
  }

  /** The key of a series as a filter sees it before anything is read. */
  static Function<String, Object> seriesView(
      Pipeline p, String measurement, String field, Map<String, String> tags) {
    return column ->
        switch (column) {
          case "_measurement" -> measurement;
          case "_field" -> field;
          case "_start" -> p.start();
          case "_stop" -> p.stop();
          case "_time", "_value" -> Cond.UNKNOWN;
          default -> tags.get(column);
        };
  }

  /** The tag values of a sensor, in {@link SeriesTags#KEYS} order. */
  static List<String> tagValues(SeriesTags sensor) {
    return SeriesTags.KEYS.stream().map(sensor::get).toList();
  }

  /** Refuses, naming {@code retention}, a range that starts before what a tier keeps. */
  static void retention(Pipeline p, Instant now, int days, String what, String advice) {
    Instant oldest = now.minus(Duration.ofDays(days)).minus(GRACE);
    if (p.start().isBefore(oldest)) {
      throw p.at()
          .error(
              what
                  + " are kept "
                  + days
                  + " days (retention): range(start: "
                  + p.start()
                  + ") is before "
                  + oldest
                  + advice);
    }
  }

  /** The raw readings of the candidate series in the pipeline's range, one table per series. */
  static List<Table> raw(ReadingStore store, Pipeline p, Candidates candidates, FluxLimits limits) {
    var out = new ArrayList<Table>();
    var columns = seriesColumns(Table.Type.DOUBLE, SeriesTags.KEYS);
    rawRows(store, p, candidates, p.start(), p.stop(), limits)
        .forEach(
            (series, rows) -> {
              if (!rows.isEmpty()) {
                out.add(new Table(columns, rows));
              }
            });
    return out;
  }

  /** The rows of each candidate series in {@code [from, to)}, empty lists included. */
  static Map<Candidates.Series, List<Object[]>> rawRows(
      ReadingStore store,
      Pipeline p,
      Candidates candidates,
      Instant from,
      Instant to,
      FluxLimits limits) {
    var tables = new LinkedHashMap<Candidates.Series, List<Object[]>>();
    candidates.series().forEach(s -> tables.put(s, new ArrayList<>()));
    var fields = EnumSet.noneOf(Field.class);
    candidates.series().forEach(s -> fields.add(Field.of(s.field()).orElseThrow()));
    if (fields.isEmpty() || !from.isBefore(to)) {
      return tables;
    }
    List<String> sensors = candidates.sensorIds();
    int[] read = {0};
    for (int i = 0; i < sensors.size(); i += Query.MAX_SENSORS) {
      List<String> chunk = sensors.subList(i, Math.min(sensors.size(), i + Query.MAX_SENSORS));
      int left = limits.maxPoints() - read[0];
      Optional<Query.Position> more =
          store.query(
              new Query.Raw(
                  chunk, from, to, List.copyOf(fields), Math.max(1, left), Optional.empty()),
              row -> {
                read[0]++;
                add(p, candidates, tables, row);
              });
      if (more.isPresent() || read[0] > limits.maxPoints()) {
        throw p.at()
            .error(
                "the query reads more than "
                    + limits.maxPoints()
                    + " raw readings (max_points): narrow the range or the filter, or use"
                    + " aggregateWindow(every: 1h, fn: mean)");
      }
    }
    return tables;
  }

  private static void add(
      Pipeline p, Candidates candidates, Map<Candidates.Series, List<Object[]>> tables, Row row) {
    for (Candidates.Series series : candidates.ofSensor(row.sensorId())) {
      Field field = Field.of(series.field()).orElseThrow();
      if (row.has(field)) {
        tables
            .get(series)
            .add(
                row(
                    p,
                    row.time(),
                    row.get(field).getAsDouble(),
                    series.field(),
                    MEASUREMENT,
                    series.tags()));
      }
    }
  }
}
