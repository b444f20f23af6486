package org.aqmrg.bench.ingest;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/** The results of {@link SmallPostsLoad} as markdown on standard output. */
final class SmallPostsReport extends MarkdownReport {
  /** The target: the platform at least this many times InfluxDB direct... */
  static final double RATIO_TARGET = 2.0;

  /** ...with a p99 of at most this. */
  static final double P99_TARGET_MILLIS = 20;

  static final String DIRECT = "InfluxDB direct";
  static final String PLATFORM = "platform on InfluxDB";
  static final String POSTGRES = "platform on PostgreSQL";

  /**
   * One side's run in one round.
   *
   * @param order 1 when the side went first in its round, 2 when second
   * @param stored points counted in the store afterwards
   * @param latestWaitMillis how long after the last answer the platform's latest values were all in
   *     the cache (0 for InfluxDB direct)
   * @param redisSeconds CPU seconds of the test Redis during the run
   */
  record SideRun(
      String side,
      int round,
      int order,
      KeepAliveClients.Outcome outcome,
      int lines,
      long stored,
      CpuMeter.Usage cpu,
      double redisSeconds,
      double latestWaitMillis,
      String loadBefore) {

    double pointsPerSecond() {
      return outcome.acknowledged() * lines * 1e9 / outcome.nanos();
    }

    double requestsPerSecond() {
      return outcome.requestsPerSecond();
    }

    double millis(double percentile) {
      return outcome.latencyNanos().getValueAtPercentile(percentile) / 1e6;
    }

    double clientMicrosPerRequest() {
      return outcome.clientCpuNanos() / 1e3 / outcome.posts();
    }

    double clientUserMicrosPerRequest() {
      return outcome.clientUserNanos() / 1e3 / outcome.posts();
    }

    /** The JVM's CPU besides the client's threads (the platform, GC, JIT), per request. */
    double jvmMicrosPerRequest() {
      return (cpu.jvmSeconds() - outcome.clientCpuNanos() / 1e9) * 1e6 / outcome.posts();
    }

    double perRequest(double seconds) {
      return seconds * 1e6 / outcome.posts();
    }
  }

  SmallPostsReport(PrintStream out) {
    super(out);
  }

  /** Every run, in the order they ran. */
  void rounds(List<SideRun> runs) {
    out.println(
        "| round | side | order | posts | points stored | s | points/s | requests/s | p50 ms | p99"
            + " ms | p99.9 ms | max ms | client CPU µs/req (user) | JVM besides client µs/req (JIT"
            + " cores) | influxd µs/req | postgres µs/req | Redis µs/req | machine busy (other"
            + " cores) | load before |");
    out.println(
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:"
            + "|---|");
    for (SideRun r : runs) {
      out.printf(
          Locale.ROOT,
          "| %d | %s | %d | %,d | %,d | %.1f | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.2f | %.1f"
              + " (%.1f) | %.0f (%.2f) | %.0f | %.0f | %.0f | %.0f %% (%.2f) | %s |%n",
          r.round(),
          r.side(),
          r.order(),
          r.outcome().posts(),
          r.stored(),
          r.outcome().nanos() / 1e9,
          r.pointsPerSecond(),
          r.requestsPerSecond(),
          r.millis(50),
          r.millis(99),
          r.millis(99.9),
          r.outcome().latencyNanos().getMaxValue() / 1e6,
          r.clientMicrosPerRequest(),
          r.clientUserMicrosPerRequest(),
          r.jvmMicrosPerRequest(),
          r.cpu().cores(r.cpu().jitSeconds()),
          r.perRequest(r.cpu().influxSeconds()),
          r.perRequest(r.cpu().postgresSeconds()),
          r.perRequest(r.redisSeconds()),
          r.cpu().machineBusyPercent(),
          r.cpu().cores(Math.max(0, r.cpu().otherSeconds() - r.redisSeconds())),
          r.loadBefore());
    }
  }

  /**
   * Per side: the median of the rounds' rates, the percentiles of all their requests together, and
   * CPU per request over all of them.
   */
  void summary(List<SideRun> runs, List<String> sides) {
    out.println(
        "| side | rounds | median points/s | median requests/s | p50 ms | p99 ms | p99.9 ms | max"
            + " ms | client CPU µs/req | JVM besides client µs/req | influxd µs/req | postgres"
            + " µs/req | Redis µs/req | bytes/req |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String side : sides) {
      List<SideRun> of = runs.stream().filter(r -> r.side().equals(side)).toList();
      if (of.isEmpty()) {
        continue;
      }
      var latency = new Histogram(3);
      long posts = 0;
      long bytes = 0;
      double client = 0;
      double jvm = 0;
      double influx = 0;
      double postgres = 0;
      double redis = 0;
      for (SideRun r : of) {
        latency.add(r.outcome().latencyNanos());
        posts += r.outcome().posts();
        bytes += r.outcome().bytes();
        client += r.outcome().clientCpuNanos() / 1e9;
        jvm += r.cpu().jvmSeconds();
        influx += r.cpu().influxSeconds();
        postgres += r.cpu().postgresSeconds();
        redis += r.redisSeconds();
      }
      out.printf(
          Locale.ROOT,
          "| %s | %d | %,.0f | %,.0f | %.2f | %.2f | %.2f | %.2f | %.1f | %.0f | %.0f | %.0f | %.0f"
              + " | %,.0f |%n",
          side,
          of.size(),
          median(of, SideRun::pointsPerSecond),
          median(of, SideRun::requestsPerSecond),
          latency.getValueAtPercentile(50) / 1e6,
          latency.getValueAtPercentile(99) / 1e6,
          latency.getValueAtPercentile(99.9) / 1e6,
          latency.getMaxValue() / 1e6,
          client * 1e6 / posts,
          (jvm - client) * 1e6 / posts,
          influx * 1e6 / posts,
          postgres * 1e6 / posts,
          redis * 1e6 / posts,
          (double) bytes / posts);
    }
  }

  /** Platform over direct, round by round, its median and the target. */
  void ratios(List<SideRun> direct, List<SideRun> platform) {
    out.println(
        "| round | first | InfluxDB direct points/s | platform points/s | platform / direct |"
            + " p99 ms direct | p99 ms platform |");
    out.println("|---:|---|---:|---:|---:|---:|---:|");
    int n = Math.min(direct.size(), platform.size());
    double[] ratios = new double[n];
    for (int i = 0; i < n; i++) {
      SideRun d = direct.get(i);
      SideRun p = platform.get(i);
      ratios[i] = p.pointsPerSecond() / d.pointsPerSecond();
      out.printf(
          Locale.ROOT,
          "| %d | %s | %,.0f | %,.0f | %.2f | %.2f | %.2f |%n",
          d.round(),
          d.order() == 1 ? "direct" : "platform",
          d.pointsPerSecond(),
          p.pointsPerSecond(),
          ratios[i],
          d.millis(99),
          p.millis(99));
    }
    double ratio = median(ratios);
    var all = new Histogram(3);
    platform.forEach(p -> all.add(p.outcome().latencyNanos()));
    double p99 = all.getValueAtPercentile(99) / 1e6;
    out.println();
    out.printf(
        Locale.ROOT,
        "Median platform / direct: **%.2f**; platform p99 over all its measured requests %.2f ms."
            + " Target (at least %.0f times InfluxDB direct, p99 at most %.0f ms): %s.%n",
        ratio,
        p99,
        RATIO_TARGET,
        P99_TARGET_MILLIS,
        ratio >= RATIO_TARGET && p99 <= P99_TARGET_MILLIS ? "**met**" : "**not met**");
  }

  static double median(List<SideRun> runs, ToDoubleFunction<SideRun> value) {
    return median(runs.stream().mapToDouble(value).toArray());
  }

  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
