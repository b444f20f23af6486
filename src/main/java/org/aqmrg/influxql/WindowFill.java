package org.aqmrg.influxql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.aqmrg.readings.Query;

/**
 * The rows of a windowed series: one per window of the range, oldest first, with {@code fill(…)}
 * for windows without a value ({@code null}, the default; {@code none} leaves the window out;
 * {@code previous}; a number), then {@code ORDER BY time DESC} and {@code LIMIT}.
 */
final class WindowFill {
  private final Statement.Select select;
  private final boolean counts;

  WindowFill(Statement.Select select, Query.Aggregate fn) {
    this.select = select;
    this.counts = fn == Query.Aggregate.COUNT;
  }

  /**
   * @param cells each window's values by its start (nanoseconds), one per asked field, null absent
   * @param first the first window's start
   * @param end the range's end, exclusive, in nanoseconds
   * @param step the window's length in nanoseconds
   */
  List<List<Object>> rows(Map<Long, Double[]> cells, long first, long end, long step) {
    int width = select.fields().size();
    Double[] previous = new Double[width];
    var rows = new ArrayList<List<Object>>();
    for (long start = first; start < end; start += step) {
      Double[] values = cells.get(start);
      boolean empty = true;
      for (int i = 0; values != null && i < width; i++) {
        empty &= values[i] == null;
      }
      if (empty && select.fill().kind() == Statement.Fill.Kind.NONE) {
        continue;
      }
      var row = new ArrayList<Object>(width + 1);
      row.add(start);
      for (int i = 0; i < width; i++) {
        Double value = values == null ? null : values[i];
        if (value == null) {
          value =
              switch (select.fill().kind()) {
                case PREVIOUS -> previous[i];
                case NUMBER -> select.fill().value();
                default -> null;
              };
        }
        previous[i] = value;
        row.add(counts && value != null ? (Object) Math.round(value) : value);
      }
      rows.add(row);
    }
    if (select.descending()) {
      Collections.reverse(rows);
    }
    int limit = select.limit().orElse(Integer.MAX_VALUE);
    return rows.size() > limit ? new ArrayList<>(rows.subList(0, limit)) : rows;
  }
}
