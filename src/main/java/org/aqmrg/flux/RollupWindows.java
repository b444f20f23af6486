package org.aqmrg.flux;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.aqmrg.influxql.SeriesTags;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.rollups.HourlyStatistics;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.rollups.SensorHour;

/**
 * {@code aggregateWindow(every:, fn:)} of raw readings with windows of whole hours and {@code
 * mean}, {@code min}, {@code max} or {@code count}, answered from the hourly rollups as the history
 * API's {@code every=1h} is, so that it reaches back 730 days. The windows that the range cuts (the
 * first when the start is not on a window boundary, the last when the stop is not) are computed
 * from the raw readings of their part, exactly as Flux would; a cut window older than the raw
 * retention has no raw readings left and so no value.
 */
final class RollupWindows {
  static final long HOUR = 3_600_000_000_000L;

  private RollupWindows() {}

  /** Whether the rollups can answer this window step exactly. */
  static boolean applies(Step.Window w) {
    return w.everyNanos() % HOUR == 0
        && switch (w.fn()) {
          case MEAN, MIN, MAX, COUNT -> true;
          default -> false;
        };
  }

  /** One accumulating window of one series. */
  private static final class Acc {
    long count;
    double sum;
    Double min;
    Double max;

    void add(HourlyStatistics s) {
      if (s.count() == 0 || s.mean() == null) {
        return;
      }
      count += s.count();
      sum += s.mean() * s.count();
      min = min == null ? s.min() : Math.min(min, s.min());
      max = max == null ? s.max() : Math.max(max, s.max());
    }

    Object value(Step.Fn fn) {
      return switch (fn) {
        case COUNT -> count;
        case MEAN -> count == 0 ? null : sum / count;
        case MIN -> min;
        case MAX -> max;
        default -> throw new IllegalStateException(fn.key());
      };
    }
  }

  /** The windowed tables, or null when no whole window fits in the range (read raw instead). */
  static List<Table> read(
      ReadingStore store,
      RollupStore rollups,
      Pipeline p,
      Candidates candidates,
      Step.Window w,
      FluxLimits limits,
      Instant now,
      Executor reads) {
    long every = w.everyNanos();
    long from = Table.nanos(p.start());
    long to = Table.nanos(p.stop());
    long fullStart = Math.floorDiv(from + every - 1, every) * every;
    long fullEnd = Math.floorDiv(to, every) * every;
    if (fullStart >= fullEnd) {
      return null;
    }
    Sources.retention(p, now, limits.hourlyDays(), "hourly rollups", "");
    long windows =
        ((to - 1 - Math.floorDiv(from, every) * every) / every + 1) * candidates.series().size();
    if (windows > limits.maxWindows()) {
      throw w.at()
          .error(
              "aggregateWindow() would give "
                  + windows
                  + " windows; at most "
                  + limits.maxWindows()
                  + " (max_windows): choose a longer every, a shorter range or fewer series");
    }
    List<String> sensors = candidates.sensorIds();
    long rollupCount = (fullEnd - fullStart) / HOUR * sensors.size();
    if (rollupCount > limits.maxRollups()) {
      throw w.at()
          .error(
              "the range holds "
                  + rollupCount
                  + " hourly rollups; at most "
                  + limits.maxRollups()
                  + " (max_rollups): choose a shorter range or fewer sensors");
    }
    // The two cut windows' raw readings are read while the rollups are: three store reads at once.
    var head = readAsync(store, p, candidates, limits, from, fullStart, reads);
    var tail = readAsync(store, p, candidates, limits, fullEnd, to, reads);
    var cells = new HashMap<Candidates.Series, Map<Long, Object>>();
    if (!sensors.isEmpty()) {
      fromRollups(rollups, candidates, w, fullStart, fullEnd, cells);
    }
    cut(w, from, join(head), cells);
    cut(w, fullEnd, join(tail), cells);
    var columns =
        Sources.seriesColumns(Aggregates.type(w.fn(), Table.Type.DOUBLE), SeriesTags.KEYS);
    var out = new ArrayList<Table>();
    for (Candidates.Series series : candidates.series()) {
      Map<Long, Object> values = cells.get(series);
      if (values == null || values.values().stream().allMatch(v -> v == null || v.equals(0L))) {
        continue;
      }
      var rows = new ArrayList<Object[]>();
      for (long ws = Math.floorDiv(from, every) * every; ws < to; ws += every) {
        Object value = values.get(ws);
        boolean empty = value == null || value.equals(0L);
        if (empty) {
          if (!w.createEmpty() || w.fn().selector()) {
            continue;
          }
          value = w.fn() == Step.Fn.COUNT ? 0L : null;
        }
        Instant end = Table.instant(Math.min(ws + every, to));
        rows.add(Sources.row(p, end, value, series.field(), Sources.MEASUREMENT, series.tags()));
      }
      out.add(new Table(columns, rows));
    }
    return out;
  }

  private static void fromRollups(
      RollupStore rollups,
      Candidates candidates,
      Step.Window w,
      long fullStart,
      long fullEnd,
      Map<Candidates.Series, Map<Long, Object>> cells) {
    var fields = EnumSet.noneOf(Field.class);
    candidates.series().forEach(s -> fields.add(Field.of(s.field()).orElseThrow()));
    var accs = new LinkedHashMap<Candidates.Series, Map<Long, Acc>>();
    for (SensorHour hour :
        rollups.hours(
            candidates.sensorIds(), Table.instant(fullStart), Table.instant(fullEnd), fields)) {
      long ws = Math.floorDiv(Table.nanos(hour.hour()), w.everyNanos()) * w.everyNanos();
      for (Candidates.Series series : candidates.ofSensor(hour.sensorId())) {
        HourlyStatistics s = hour.fields().get(Field.of(series.field()).orElseThrow());
        if (s != null) {
          accs.computeIfAbsent(series, k -> new HashMap<>())
              .computeIfAbsent(ws, k -> new Acc())
              .add(s);
        }
      }
    }
    accs.forEach(
        (series, windows) -> {
          var values = cells.computeIfAbsent(series, k -> new HashMap<>());
          windows.forEach((ws, acc) -> values.put(ws, acc.value(w.fn())));
        });
  }

  private static CompletableFuture<Map<Candidates.Series, List<Object[]>>> readAsync(
      ReadingStore store,
      Pipeline p,
      Candidates candidates,
      FluxLimits limits,
      long from,
      long to,
      Executor reads) {
    if (from >= to) {
      return CompletableFuture.completedFuture(Map.of());
    }
    return CompletableFuture.supplyAsync(
        () -> Sources.rawRows(store, p, candidates, Table.instant(from), Table.instant(to), limits),
        reads);
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }

  /** The window cut by the range that starts at {@code from}, from its raw readings. */
  private static void cut(
      Step.Window w,
      long from,
      Map<Candidates.Series, List<Object[]>> rows,
      Map<Candidates.Series, Map<Long, Object>> cells) {
    long ws = Math.floorDiv(from, w.everyNanos()) * w.everyNanos();
    rows.forEach(
        (series, inWindow) -> {
          Object value = Aggregates.value(w.fn(), inWindow, 3, Table.Type.DOUBLE, w.at());
          if (value != null && !value.equals(0L)) {
            cells.computeIfAbsent(series, k -> new HashMap<>()).put(ws, value);
          }
        });
  }
}
