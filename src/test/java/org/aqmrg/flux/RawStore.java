package org.aqmrg.flux;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.PartialStore;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Row;

/**
 * Raw readings in memory for the engine's unit tests: answers {@link Query.Raw}, counting reads.
 */
final class RawStore implements PartialStore {
  final List<Row> rows = new ArrayList<>();
  final List<Query> asked = new ArrayList<>();

  RawStore add(String sensor, Instant at, Field field, double value) {
    double[] values = Row.noValues();
    values[field.ordinal()] = value;
    rows.add(new Row(Table.nanos(at), sensor, values));
    rows.sort(Comparator.comparingLong(Row::timeNanos));
    return this;
  }

  @Override
  public String description() {
    return "raw readings in memory";
  }

  @Override
  public Optional<Query.Position> query(Query query, Consumer<Row> sink) {
    asked.add(query);
    Query.Raw raw = (Query.Raw) query;
    int n = 0;
    for (Row row : rows) {
      Instant t = row.time();
      if (raw.sensorIds().contains(row.sensorId())
          && !t.isBefore(raw.from())
          && t.isBefore(raw.to())
          && raw.fields().stream().anyMatch(row::has)) {
        if (n == raw.limit()) {
          return Optional.of(new Query.Position(row.timeNanos(), row.sensorId()));
        }
        sink.accept(row);
        n++;
      }
    }
    return Optional.empty();
  }
}
