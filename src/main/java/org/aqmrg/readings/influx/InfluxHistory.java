package org.aqmrg.readings.influx;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.Row;

/**
 * History queries in InfluxQL through {@link InfluxHttp}, every identifier and string quoted by
 * {@link InfluxQl}.
 *
 * <p>Windows are aggregated by InfluxDB ({@code GROUP BY time(…) fill(none)} without tags, so all
 * sensors' points form one series) and streamed in chunks of {@link #CHUNK_ROWS} rows.
 *
 * <p>A raw page asks for {@code limit + 2} points of each series ({@code GROUP BY *}: a sensor has
 * several series when its tags changed) from the page's first time on. That is enough: every
 * earlier point of a reading's series is an earlier reading of the same sensor, so the first {@code
 * limit + 1} readings after the cursor, plus the one reading at the cursor's time that may be
 * skipped, are all among them. The series are then merged into readings as {@link SeriesReader}
 * does, ordered by time and sensor id, and cut to the page; at most {@code (limit + 2) × series}
 * points are held.
 */
final class InfluxHistory {
  /** Rows per chunk of a streamed answer. */
  static final int CHUNK_ROWS = 1_000;

  private final InfluxHttp http;
  private final String database;

  InfluxHistory(InfluxHttp http, String database) {
    this.http = http;
    this.database = database;
  }

  Optional<Query.Position> query(Query query, Consumer<Row> sink) {
    if (query instanceof Query.Raw raw) {
      return raw(raw, sink);
    }
    windowed((Query.Windowed) query, sink);
    return Optional.empty();
  }

  private void windowed(Query.Windowed query, Consumer<Row> sink) {
    http.queryChunked(
        database,
        InfluxQl.windowed(database, BucketSpec.RAW, query),
        CHUNK_ROWS,
        result -> {
          for (JsonNode series : result.path("series")) {
            rows(series, query, sink);
          }
        });
  }

  private static void rows(JsonNode series, Query.Windowed query, Consumer<Row> sink) {
    var columns = new ArrayList<Field>();
    for (JsonNode name : series.path("columns")) {
      columns.add(Field.of(name.asText()).orElse(null));
    }
    for (JsonNode row : series.path("values")) {
      double[] values = Row.noValues();
      for (int i = 0; i < columns.size(); i++) {
        Field field = columns.get(i);
        JsonNode value = row.path(i);
        if (field != null && value.isNumber()) {
          values[field.ordinal()] = value.asDouble();
        } else if (field != null && query.fn() == Query.Aggregate.COUNT) {
          values[field.ordinal()] = 0; // InfluxDB leaves a count without points null
        }
      }
      sink.accept(new Row(row.path(0).asLong(), null, values));
    }
  }

  private Optional<Query.Position> raw(Query.Raw query, Consumer<Row> sink) {
    Instant start = query.from();
    if (query.after().isPresent()) {
      Instant after = Reading.instant(query.after().get().timeNanos());
      start = after.isAfter(start) ? after : start;
    }
    if (!start.isBefore(query.to())) {
      return Optional.empty();
    }
    JsonNode result =
        http.query(
            database,
            InfluxQl.rawPage(
                database,
                BucketSpec.RAW,
                query.sensorIds(),
                query.fields(),
                start,
                query.to(),
                query.limit() + 2));
    var page = new ArrayList<Row>();
    for (List<Reading> readings : SeriesReader.bySensor(result).values()) {
      for (Reading reading : readings) {
        var row = row(reading, query.fields());
        if (query.after().isEmpty() || position(row).compareTo(query.after().get()) > 0) {
          page.add(row);
        }
      }
    }
    page.sort(Comparator.comparing(InfluxHistory::position));
    int count = Math.min(page.size(), query.limit());
    page.subList(0, count).forEach(sink);
    return page.size() > query.limit()
        ? Optional.of(position(page.get(count - 1)))
        : Optional.empty();
  }

  private static Row row(Reading reading, List<Field> fields) {
    double[] values = Row.noValues();
    for (Field field : fields) {
      if (reading.has(field)) {
        values[field.ordinal()] = reading.value(field);
      }
    }
    return new Row(reading.timeNanos(), reading.sensorId(), values);
  }

  private static Query.Position position(Row row) {
    return new Query.Position(row.timeNanos(), row.sensorId());
  }
}
