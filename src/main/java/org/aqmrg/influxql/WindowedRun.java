package org.aqmrg.influxql;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.rollups.RollupHistory;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.rollups.RollupWindow;

/**
 * A SELECT with {@code GROUP BY time(…)}: windows of whole hours with {@code mean}, {@code min},
 * {@code max} or {@code count} from the hourly rollups ({@link RollupHistory}, as the history API
 * reads {@code every=1h}), every other window and {@code last}, {@code sum}, {@code median} and
 * {@code first} as a {@link Query.Windowed} of the {@link ReadingStore}; then {@link WindowFill}.
 */
final class WindowedRun {
  private final Statement.Select select;
  private final ReadingStore store;
  private final RollupStore rollups;
  private final Limits limits;
  private final Instant now;

  WindowedRun(
      Statement.Select select,
      ReadingStore store,
      RollupStore rollups,
      Limits limits,
      Instant now) {
    this.select = select;
    this.store = store;
    this.rollups = rollups;
    this.limits = limits;
    this.now = now;
  }

  List<Series> run(List<SelectRun.Group> groups, Instant from, Instant to) {
    Duration every =
        select
            .every()
            .orElseThrow(
                () ->
                    Executor.bound(
                        "group_by_time",
                        select.fn().get().key()
                            + "() needs GROUP BY time(…), such as GROUP BY time(1h)",
                        "time"));
    if (every.toNanos() % SelectRun.SECOND != 0) {
      throw Executor.bound(
          "group_by_time", "GROUP BY time(…) takes whole seconds, got " + every, "1s");
    }
    Query.Aggregate fn = select.fn().orElseThrow();
    boolean hourly = every.toSeconds() % 3600 == 0 && fromRollups(fn);
    if (hourly) {
      SelectRun.retention(now, from, limits.hourlyDays(), "hourly rollups", "");
    } else {
      SelectRun.retention(
          now,
          from,
          limits.rawDays(),
          "windows other than whole hours, and last(), sum(), median() and first(), are computed"
              + " from raw readings, which",
          "; for older data ask GROUP BY time(1h) or longer with mean, min, max or count");
    }
    long step = every.toNanos();
    long first = Math.floorDiv(SelectRun.nanos(from), step) * step;
    long windows = (SelectRun.nanos(to) - 1 - first) / step + 1;
    long max = hourly ? limits.maxRollupWindows() : limits.maxWindows();
    if (windows * groups.size() > max) {
      throw Executor.bound(
          "max_windows",
          "GROUP BY time("
              + every.toSeconds()
              + "s) gives "
              + windows * groups.size()
              + " windows; at most "
              + max
              + ": choose a longer window or a shorter range",
          max);
    }
    if (hourly) {
      long hours = (Duration.between(from, to).toSeconds() + 3599) / 3600;
      long sensors = groups.stream().mapToLong(g -> g.sensorIds().size()).sum();
      if (hours * sensors > limits.maxRollups()) {
        throw Executor.bound(
            "max_rollups",
            "the range holds "
                + hours * sensors
                + " hourly rollups; at most "
                + limits.maxRollups()
                + ": choose a shorter range",
            limits.maxRollups());
      }
    }
    var series = new ArrayList<Series>();
    for (SelectRun.Group group : groups) {
      Map<Long, Double[]> cells =
          hourly ? fromRollups(group, from, to, every, fn) : fromRaw(group, from, to, every, fn);
      var values = new WindowFill(select, fn).rows(cells, first, SelectRun.nanos(to), step);
      if (!values.isEmpty()) {
        var columns = new ArrayList<String>();
        columns.add("time");
        columns.addAll(select.names());
        series.add(new Series(Executor.MEASUREMENT, group.tags(), columns, true, values));
      }
    }
    return series;
  }

  /**
   * Whether hourly rollups can answer {@code fn} exactly. They hold no sum or first, and a median
   * of several hours cannot be combined from the hours' medians, so those read raw readings.
   */
  private static boolean fromRollups(Query.Aggregate fn) {
    return switch (fn) {
      case MEAN, MIN, MAX, COUNT -> true;
      case LAST, SUM, MEDIAN, FIRST -> false;
    };
  }

  private Map<Long, Double[]> fromRaw(
      SelectRun.Group group, Instant from, Instant to, Duration every, Query.Aggregate fn) {
    var cells = new HashMap<Long, Double[]>();
    store.query(
        new Query.Windowed(group.sensorIds(), from, to, select.fields(), every, fn),
        row -> {
          Double[] values = new Double[select.fields().size()];
          for (int i = 0; i < values.length; i++) {
            Field field = select.fields().get(i);
            values[i] = row.has(field) ? row.get(field).getAsDouble() : null;
          }
          cells.put(row.timeNanos(), values);
        });
    return cells;
  }

  private Map<Long, Double[]> fromRollups(
      SelectRun.Group group, Instant from, Instant to, Duration every, Query.Aggregate fn) {
    var statistic = RollupHistory.Statistic.of(fn.key()).orElseThrow();
    var request =
        new RollupHistory.Request(
            group.sensorIds(),
            ZoneOffset.UTC,
            from,
            to,
            select.fields(),
            new RollupHistory.Every(RollupHistory.Tier.HOURLY, (int) (every.toSeconds() / 3600)),
            statistic);
    var cells = new HashMap<Long, Double[]>();
    for (RollupWindow window : new RollupHistory(rollups).read(request)) {
      Double[] values = new Double[select.fields().size()];
      for (int i = 0; i < values.length; i++) {
        RollupWindow.Cell cell = window.cells().get(select.fields().get(i));
        values[i] = cell == null ? null : cell.value();
      }
      cells.put(SelectRun.nanos(window.start()), values);
    }
    return cells;
  }
}
