package org.aqmrg.bench.ingest;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** The results as markdown tables on standard output. */
final class Report extends MarkdownReport {
  /** The targets. */
  static final double INFLUX_RATIO_TARGET = 0.9;

  static final double POSTGRES_TARGET = 100_000;

  /** One measured run of 1,000,000 points. */
  record Run(
      String target,
      int writers,
      int round,
      double pointsPerSecond,
      double medianRequestMillis,
      CpuMeter.Usage cpu,
      String loadBefore) {}

  /**
   * One paired round: both sides' rates over the sum of their turns, and the CPU that influxd and
   * this JVM used in each side's turns, in microseconds per point (a turn's CPU includes the
   * background work that InfluxDB does then for the turn before it).
   */
  record Paired(
      int writers,
      int round,
      double directPointsPerSecond,
      double platformPointsPerSecond,
      double directInfluxMicros,
      double platformInfluxMicros,
      double directJvmMicros,
      double platformJvmMicros,
      String loadBefore) {
    double ratio() {
      return platformPointsPerSecond / directPointsPerSecond;
    }
  }

  /** One round of the sustained run. */
  record MemoryRound(int round, Run run, HeapWatch.Figures heap, long liveAfterBytes) {}

  Report(PrintStream out) {
    super(out);
  }

  /** Direct and platform runs side by side, round by round, then the medians. */
  void influxComparison(List<Run> direct, List<Run> platform, List<Integer> writerCounts) {
    out.println(
        "| writers | round | InfluxDB direct (points/s) | platform (points/s) | platform / direct"
            + " | median ms per body: direct, platform | CPU cores, direct: JVM (JIT), influxd, other"
            + " | CPU cores, platform: JVM (JIT), influxd, other | load before |");
    out.println("|---|---|---|---|---|---|---|---|---|");
    for (int writers : writerCounts) {
      var d = of(direct, writers);
      var p = of(platform, writers);
      for (int i = 0; i < Math.min(d.size(), p.size()); i++) {
        Run a = d.get(i);
        Run b = p.get(i);
        out.printf(
            Locale.ROOT,
            "| %d | %d | %s | %s | %.2f | %.1f, %.1f | %s | %s | %s, %s |%n",
            writers,
            a.round(),
            rate(a.pointsPerSecond()),
            rate(b.pointsPerSecond()),
            b.pointsPerSecond() / a.pointsPerSecond(),
            a.medianRequestMillis(),
            b.medianRequestMillis(),
            cores(a.cpu(), true),
            cores(b.cpu(), true),
            a.loadBefore(),
            b.loadBefore());
      }
      double md = median(d, Run::pointsPerSecond);
      double mp = median(p, Run::pointsPerSecond);
      // The verdict takes the median of the rounds' ratios: each round pairs a direct run with the
      // platform's run right after it, so a host that drifts between rounds moves both.
      var ratios = new ArrayList<Double>();
      for (int i = 0; i < Math.min(d.size(), p.size()); i++) {
        ratios.add(p.get(i).pointsPerSecond() / d.get(i).pointsPerSecond());
      }
      double ratio = median(ratios);
      out.printf(
          Locale.ROOT,
          "| %d | **median** | **%s** | **%s** | **%.2f**, the median of the rounds (target %.1f:"
              + " %s); %.2f the ratio of the medians | %.1f, %.1f | | | |%n",
          writers,
          rate(md),
          rate(mp),
          ratio,
          INFLUX_RATIO_TARGET,
          ratio >= INFLUX_RATIO_TARGET ? "met" : "missed",
          mp / md,
          median(d, Run::medianRequestMillis),
          median(p, Run::medianRequestMillis));
    }
  }

  /** Paired rounds, then the median of their ratios per writer count. */
  void paired(List<Paired> rounds, List<Integer> writerCounts) {
    out.println(
        "| writers | round | InfluxDB direct (points/s) | platform (points/s) | platform / direct"
            + " | influxd CPU µs per point in the turns: direct, platform"
            + " | JVM CPU µs per point: direct, platform | load before |");
    out.println("|---|---|---|---|---|---|---|---|");
    for (int writers : writerCounts) {
      var ratios = new ArrayList<Double>();
      for (Paired round : rounds) {
        if (round.writers() != writers) {
          continue;
        }
        ratios.add(round.ratio());
        out.printf(
            Locale.ROOT,
            "| %d | %d | %s | %s | %.2f | %.2f, %.2f | %.2f, %.2f | %s |%n",
            writers,
            round.round(),
            rate(round.directPointsPerSecond()),
            rate(round.platformPointsPerSecond()),
            round.ratio(),
            round.directInfluxMicros(),
            round.platformInfluxMicros(),
            round.directJvmMicros(),
            round.platformJvmMicros(),
            round.loadBefore());
      }
      double median = median(ratios);
      out.printf(
          Locale.ROOT,
          "| %d | **median** | | | **%.2f** (target %.1f: %s) | | | |%n",
          writers,
          median,
          INFLUX_RATIO_TARGET,
          median >= INFLUX_RATIO_TARGET ? "met" : "missed");
    }
  }

  /** The PostgreSQL platform over HTTP and the adapter alone, then the medians. */
  void postgres(
      List<Run> http, List<Run> adapter, List<Double> storeOnly, List<Integer> writerCounts) {
    out.println(
        "| writers | round | platform over HTTP (points/s) | median ms per body"
            + " | adapter alone, wall clock (points/s) | adapter, time inside write only (points/s)"
            + " | CPU cores, HTTP: JVM (JIT), postgres, other | CPU cores, adapter: JVM (JIT), postgres, other"
            + " | load before |");
    out.println("|---|---|---|---|---|---|---|---|---|");
    for (int writers : writerCounts) {
      var h = of(http, writers);
      var a = of(adapter, writers);
      var s = new ArrayList<Double>();
      for (int i = 0; i < adapter.size(); i++) {
        if (adapter.get(i).writers() == writers) {
          s.add(storeOnly.get(i));
        }
      }
      for (int i = 0; i < Math.min(h.size(), a.size()); i++) {
        out.printf(
            Locale.ROOT,
            "| %d | %d | %s | %.1f | %s | %s | %s | %s | %s, %s |%n",
            writers,
            h.get(i).round(),
            rate(h.get(i).pointsPerSecond()),
            h.get(i).medianRequestMillis(),
            rate(a.get(i).pointsPerSecond()),
            rate(s.get(i)),
            cores(h.get(i).cpu(), false),
            cores(a.get(i).cpu(), false),
            h.get(i).loadBefore(),
            a.get(i).loadBefore());
      }
      double mh = median(h, Run::pointsPerSecond);
      out.printf(
          Locale.ROOT,
          "| %d | **median** | **%s** (target %s: %s) | %.1f | **%s** | **%s** | | | |%n",
          writers,
          rate(mh),
          rate(POSTGRES_TARGET),
          mh >= POSTGRES_TARGET ? "met" : "missed",
          median(h, Run::medianRequestMillis),
          rate(median(a, Run::pointsPerSecond)),
          rate(median(s)));
    }
  }

  void breakdown(Breakdown.Result result, boolean influx) {
    var means = Breakdown.means(result);
    out.println("| step | ms per body (mean of 200) | points/s if it were the only cost |");
    out.println("|---|---|---|");
    for (var step : result.steps()) {
      row(step.name(), step.meanMillis());
    }
    // Parse, validate and the latest-value update above run again here, alone; inside the whole
    // they run on two threads and after the answer, so only the store subtracts cleanly.
    row(
        "derived: whole − store (parsing, checks and grouping before the store, not overlapped"
            + " with it)",
        means.get(Breakdown.TOTAL) - means.get(Breakdown.STORE));
    if (!influx) {
      row(
          "derived: ReadingStore.write − the straight copy's replica (partition check, pool,"
              + " transaction)",
          means.get(Breakdown.STORE) - means.get(Breakdown.PG_COPY_DIRECT));
    }
    out.printf(
        Locale.ROOT,
        "%nThe request thread allocated %.1f MB per body in writeLineProtocol"
            + " (%.0f bytes per point; the second half's thread is not counted)%s.%n",
        result.allocatedPerBody() / 1e6,
        result.allocatedPerBody() / (double) Points.LINES_PER_BODY,
        influx
            ? "; a gzip body is %.0f%% of its line text"
                .formatted(result.gzipRatio() * 100)
            : "");
  }

  void memory(List<MemoryRound> rounds) {
    out.println(
        "| round | points/s | median ms per body | heap after each GC during the round, max (MB) |"
            + " GCs, pause ms | heap in use after full GC at the end (MB) | heap committed (MB) |");
    out.println("|---|---|---|---|---|---|---|");
    for (MemoryRound m : rounds) {
      out.printf(
          Locale.ROOT,
          "| %d | %s | %.1f | %.0f | %d, %d | %.0f | %.0f |%n",
          m.round(),
          rate(m.run().pointsPerSecond()),
          m.run().medianRequestMillis(),
          m.heap().maxAfterGcBytes() / 1e6,
          m.heap().collections(),
          m.heap().pauseMillis(),
          m.liveAfterBytes() / 1e6,
          m.heap().committedBytes() / 1e6);
    }
  }

  private void row(String name, double millis) {
    out.printf(
        Locale.ROOT,
        "| %s | %.2f | %s |%n",
        name,
        millis,
        millis > 0 ? rate(Points.LINES_PER_BODY * 1000 / millis) : "–");
  }

  private static List<Run> of(List<Run> runs, int writers) {
    return runs.stream().filter(r -> r.writers() == writers).toList();
  }

  static double median(List<Run> runs, ToDoubleFunction<Run> value) {
    return median(runs.stream().map(r -> value.applyAsDouble(r)).toList());
  }

  static double median(List<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /** Points per second, grouped by thousands: 123,456. */
  static String rate(double pointsPerSecond) {
    return Double.isNaN(pointsPerSecond)
        ? "–"
        : String.format(Locale.ROOT, "%,.0f", pointsPerSecond);
  }

  /**
   * Average cores used by the JVM (of which its JIT compiler), the store (influxd or postgres) and
   * the rest.
   */
  private static String cores(CpuMeter.Usage cpu, boolean influx) {
    return String.format(
        Locale.ROOT,
        "%.2f (%.2f), %.2f, %.2f",
        cpu.cores(cpu.jvmSeconds()),
        cpu.cores(cpu.jitSeconds()),
        cpu.cores(influx ? cpu.influxSeconds() : cpu.postgresSeconds()),
        cpu.cores(cpu.otherSeconds() + (influx ? cpu.postgresSeconds() : cpu.influxSeconds())));
  }
}
