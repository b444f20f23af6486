package org.aqmrg.flux;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.aqmrg.influxql.SeriesTags;
import org.aqmrg.predictions.ForecastStore;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.SeedBucket;
import org.aqmrg.rollups.RollupStore;

/**
 * Answers Flux queries of the supported subset from the platform's own stores: a text is parsed
 * ({@link Parser}) and checked against the subset ({@link Compiler}) before anything is read; each
 * result's source is read through the same ports as the history API ({@link Sources}, {@link
 * RollupWindows}, {@link BucketViews}), and its steps run over the tables in memory. No text of the
 * query reaches a store.
 */
public final class FluxEngine {
  private final ReadingStore store;
  private final RollupStore rollups;
  private final ForecastStore forecasts;
  private final Supplier<List<SeriesTags>> catalog;
  private final FluxLimits limits;
  private final Clock clock;

  /** A parsed and checked query, ready to run. */
  public static final class Prepared {
    final List<Pipeline> pipelines;
    final Instant now;

    private Prepared(List<Pipeline> pipelines, Instant now) {
      this.pipelines = pipelines;
      this.now = now;
    }

    /**
     * True when a result reads raw readings (without {@code aggregateWindow} of {@code every} at
     * least {@code window} first) or forecasts: what the history API keeps from public callers.
     */
    public boolean readsFinerThan(Duration window) {
      for (Pipeline p : pipelines) {
        if (p.bucket() == SeedBucket.PREDICTIONS) {
          return true;
        }
        if (p.bucket() == SeedBucket.RAW) {
          Step first =
              p.steps().stream().filter(s -> !(s instanceof Step.Filter)).findFirst().orElse(null);
          if (!(first instanceof Step.Window w) || w.everyNanos() < window.toNanos()) {
            return true;
          }
        }
      }
      return false;
    }
  }

  /**
   * @param catalog the registry's sensors and their tags, read once per result
   */
  public FluxEngine(
      ReadingStore store,
      RollupStore rollups,
      ForecastStore forecasts,
      Supplier<List<SeriesTags>> catalog,
      FluxLimits limits,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.rollups = Objects.requireNonNull(rollups, "rollups");
    this.forecasts = Objects.requireNonNull(forecasts, "forecasts");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Parses and checks {@code text}.
   *
   * @param now what {@code now()} and relative times mean; null for the clock's now
   * @throws org.aqmrg.error.InvalidInputException with InfluxDB's {@code error @l:c-l:c: …} text
   *     for a text that does not parse or is outside the subset
   * @throws UnknownBucketException for a bucket that is not one of the seed's four
   */
  public Prepared prepare(String text, Instant now) {
    Instant at = now == null ? clock.instant() : now;
    return new Prepared(Compiler.compile(Parser.parse(text), at), at);
  }

  /**
   * Runs every result and writes them as annotated CSV.
   *
   * @throws org.aqmrg.error.InvalidInputException naming the limit when a result asks more than
   *     {@link FluxLimits} allows; nothing is written then
   */
  public void run(Prepared query, AnnotatedCsv.Dialect dialect, OutputStream out)
      throws IOException {
    var results = new ArrayList<AnnotatedCsv.Result>();
    long rows = 0;
    for (Pipeline p : query.pipelines) {
      List<Table> tables = run(p, query.now);
      for (Table table : tables) {
        rows += table.rows.size();
      }
      if (rows > limits.maxRows()) {
        throw p.at()
            .error(
                "the answer would hold more than "
                    + limits.maxRows()
                    + " rows (max_rows): narrow the range, or aggregate with aggregateWindow()");
      }
      results.add(new AnnotatedCsv.Result(p.result(), tables));
    }
    AnnotatedCsv.write(results, dialect, out);
  }

  private List<Table> run(Pipeline p, Instant now) {
    Instant deadline = clock.instant().plus(limits.maxDuration());
    List<Step> steps = p.steps();
    int next = 0;
    var filters = new ArrayList<Cond>();
    while (next < steps.size() && steps.get(next) instanceof Step.Filter f) {
      filters.add(f.cond());
      next++;
    }
    List<Table> tables = null;
    boolean filtered = false;
    if (p.bucket() == null) {
      tables = BucketViews.listing();
    } else {
      switch (p.bucket()) {
        case RAW -> {
          var fields = java.util.Arrays.stream(Field.values()).map(Field::key).toList();
          var c = Candidates.of(p, catalog.get(), fields, Sources.MEASUREMENT, filters, limits);
          filtered = c.decided();
          if (c.decided()
              && next < steps.size()
              && steps.get(next) instanceof Step.Window w
              && RollupWindows.applies(w)) {
            tables = RollupWindows.read(store, rollups, p, c, w, limits, now);
            next += tables == null ? 0 : 1;
          }
          if (tables == null) {
            Sources.retention(
                p,
                now,
                limits.rawDays(),
                "raw readings",
                "; for older data use aggregateWindow(every: 1h, fn: mean) (or min, max, count) right"
                    + " after range() and the filters: it reads the hourly rollups, kept "
                    + limits.hourlyDays()
                    + " days");
            tables = Sources.raw(store, p, c, limits);
          }
        }
        case HOURLY, DAILY -> {
          boolean daily = p.bucket() == SeedBucket.DAILY;
          var c =
              Candidates.of(
                  p,
                  catalog.get(),
                  BucketViews.rollupFields(daily),
                  Sources.MEASUREMENT,
                  filters,
                  limits);
          filtered = c.decided();
          tables =
              daily
                  ? BucketViews.daily(rollups, p, c, limits)
                  : BucketViews.hourly(rollups, p, c, limits);
        }
        case PREDICTIONS -> tables = BucketViews.predictions(forecasts, p, limits);
      }
    }
    if (!filtered) {
      for (Cond filter : filters) {
        tables = filter(tables, filter);
      }
    }
    checkTime(p, deadline);
    for (int i = next; i < steps.size(); i++) {
      tables = step(tables, steps.get(i));
      checkTime(p, deadline);
    }
    return tables;
  }

  private void checkTime(Pipeline p, Instant deadline) {
    if (clock.instant().isAfter(deadline)) {
      throw p.at()
          .error(
              "the query ran longer than "
                  + limits.maxDuration().toSeconds()
                  + " s (max_duration): narrow the range or the filter");
    }
  }

  private List<Table> step(List<Table> tables, Step step) {
    if (step instanceof Step.Filter f) {
      return filter(tables, f.cond());
    }
    if (step instanceof Step.Window w) {
      return Windows.window(tables, w, limits.maxWindows());
    }
    if (step instanceof Step.Aggregate a) {
      return Windows.aggregate(tables, a);
    }
    if (step instanceof Step.Keep k) {
      return Reshape.keep(tables, k.columns(), true);
    }
    if (step instanceof Step.Drop d) {
      return Reshape.keep(tables, d.columns(), false);
    }
    if (step instanceof Step.Limit l) {
      return Reshape.limit(tables, l);
    }
    if (step instanceof Step.Sort s) {
      return Reshape.sort(tables, s);
    }
    if (step instanceof Step.Group g) {
      return Reshape.group(tables, g);
    }
    return Reshape.pivot(tables, (Step.Pivot) step);
  }

  private static List<Table> filter(List<Table> tables, Cond cond) {
    var out = new ArrayList<Table>();
    for (Table table : tables) {
      var index = new HashMap<String, Integer>();
      for (int i = 0; i < table.columns.size(); i++) {
        index.put(table.columns.get(i).name(), i);
      }
      var rows = new ArrayList<Object[]>();
      for (Object[] row : table.rows) {
        if (cond.test(
                name -> {
                  Integer i = index.get(name);
                  return i == null ? null : row[i];
                })
            == Cond.Truth.TRUE) {
          rows.add(row);
        }
      }
      if (!rows.isEmpty()) {
        out.add(new Table(table.columns, rows));
      }
    }
    return out;
  }
}
