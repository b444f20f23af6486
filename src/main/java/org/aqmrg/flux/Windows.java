package org.aqmrg.flux;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code aggregateWindow()} and the bare aggregates, over tables in memory. Windows are {@code
 * every} long and aligned to the epoch, cut to the table's {@code _start} and {@code _stop}; each
 * gives one row whose {@code _time} is its (cut) end, as Flux's default {@code timeSrc: "_stop"}
 * does. With {@code createEmpty} a window without values gives null ({@code count}: 0), but for a
 * selector ({@code min}, {@code max}, {@code first}, {@code last}), which gives no row, as in Flux.
 */
final class Windows {
  private Windows() {}

  /** The step of {@code aggregateWindow(every:, fn:, createEmpty:)}. */
  static Step.Window step(Args args, Position at) {
    long every = args.duration("every");
    Step.Fn fn = args.fn("fn");
    boolean createEmpty = args.bool("createEmpty", true);
    args.column();
    for (String[] fixed : new String[][] {{"timeSrc", "_stop"}, {"timeDst", "_time"}}) {
      String value = args.string(fixed[0], fixed[1]);
      if (!value.equals(fixed[1])) {
        throw args.at(fixed[0])
            .error(
                "aggregateWindow("
                    + fixed[0]
                    + ": \""
                    + value
                    + "\") is not supported; only "
                    + fixed[1]);
      }
    }
    return new Step.Window(every, fn, createEmpty, at);
  }

  /** The most windows one query computes in memory. */
  static List<Table> window(List<Table> tables, Step.Window w, long maxWindows) {
    long windows = 0;
    var out = new ArrayList<Table>();
    for (Table table : tables) {
      int time = need(table, "_time", w.at());
      int value = need(table, "_value", w.at());
      need(table, "_start", w.at());
      need(table, "_stop", w.at());
      long start = Table.nanos((Instant) table.keyValue("_start"));
      long stop = Table.nanos((Instant) table.keyValue("_stop"));
      long every = w.everyNanos();
      long first = Math.floorDiv(start, every) * every;
      windows += (stop - 1 - first) / every + 1;
      if (windows > maxWindows) {
        throw w.at()
            .error(
                "aggregateWindow() would compute more than "
                    + maxWindows
                    + " windows (max_windows): choose a longer every or a shorter range");
      }
      var byWindow = new TreeMap<Long, List<Object[]>>();
      for (Object[] row : table.rows) {
        long t = Table.nanos((Instant) row[time]);
        byWindow.computeIfAbsent(Math.floorDiv(t, every) * every, k -> new ArrayList<>()).add(row);
      }
      if (w.createEmpty()) {
        for (long ws = first; ws < stop; ws += every) {
          byWindow.putIfAbsent(ws, List.of());
        }
      }
      Table.Type input = table.columns.get(value).type();
      var columns = outputColumns(table, Aggregates.type(w.fn(), input));
      var rows = new ArrayList<Object[]>();
      for (Map.Entry<Long, List<Object[]>> entry : byWindow.entrySet()) {
        Object result = Aggregates.value(w.fn(), entry.getValue(), value, input, w.at());
        if (result == null && w.fn().selector()) {
          continue; // a selector gives no row for a window without values
        }
        Instant end = Table.instant(Math.min(entry.getKey() + every, stop));
        rows.add(row(table, columns, end, result));
      }
      if (!rows.isEmpty()) {
        out.add(new Table(columns, rows));
      }
    }
    return out;
  }

  /** {@code mean()}, {@code last()} and the others: one row per table. */
  static List<Table> aggregate(List<Table> tables, Step.Aggregate a) {
    var out = new ArrayList<Table>();
    for (Table table : tables) {
      int value = need(table, "_value", a.at());
      Table.Type input = table.columns.get(value).type();
      if (a.fn().selector()) {
        int chosen = Aggregates.select(a.fn(), table.rows, value, input, a.at());
        if (chosen >= 0) {
          var rows = new ArrayList<Object[]>();
          rows.add(table.rows.get(chosen));
          out.add(new Table(table.columns, rows));
        }
        continue;
      }
      var columns = new ArrayList<Table.Column>();
      table.columns.stream().filter(Table.Column::key).forEach(columns::add);
      columns.add(new Table.Column("_value", Aggregates.type(a.fn(), input), false));
      var ordered = Table.ordered(columns);
      Object result = Aggregates.aggregate(a.fn(), table.rows, value, input, a.at());
      Object[] row = new Object[ordered.size()];
      for (int i = 0; i < ordered.size(); i++) {
        String name = ordered.get(i).name();
        row[i] = name.equals("_value") ? result : table.keyValue(name);
      }
      var rows = new ArrayList<Object[]>();
      rows.add(row);
      out.add(new Table(ordered, rows));
    }
    return out;
  }

  private static List<Table.Column> outputColumns(Table table, Table.Type valueType) {
    var columns = new ArrayList<Table.Column>();
    for (Table.Column c : table.columns) {
      if (c.key() && !c.name().equals("_time") && !c.name().equals("_value")) {
        columns.add(c);
      }
    }
    columns.add(new Table.Column("_time", Table.Type.TIME, false));
    columns.add(new Table.Column("_value", valueType, false));
    return Table.ordered(columns);
  }

  private static Object[] row(Table table, List<Table.Column> columns, Instant time, Object value) {
    Object[] row = new Object[columns.size()];
    for (int i = 0; i < columns.size(); i++) {
      String name = columns.get(i).name();
      row[i] =
          switch (name) {
            case "_time" -> time;
            case "_value" -> value;
            default -> table.keyValue(name);
          };
    }
    return row;
  }

  static int need(Table table, String column, Position at) {
    int i = table.index(column);
    if (i < 0) {
      throw at.error("the tables here have no " + column + " column");
    }
    return i;
  }
}
