package org.aqmrg.bench.history;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.aqmrg.bench.auth.Interleaved;

/**
 * The results of {@link QueryApiLatency} as markdown: the conditions of a phase, the table of the
 * two questions with each path's p50 over the JSON history API's, and the breakdown's parts.
 */
final class QueryApiReport {
  static final double TARGET = 1.5;

  private final PrintStream out;

  QueryApiReport(PrintStream out) {
    this.out = out;
  }

  /** One line on how a phase ran: rounds, time, load average and collections. */
  void conditions(int rounds, int warmup, int variants, Interleaved.Conditions c) {
    out.printf(
        Locale.ROOT,
        "- Measured: %d rounds after %d warm-up, %d variants round-robin, %.1f s; load average %s"
            + " -> %s; %d GCs, %d ms%n",
        rounds,
        warmup,
        variants,
        c.seconds(),
        c.loadBefore(),
        c.loadAfter(),
        c.gcCount(),
        c.gcMillis());
  }

  void line(String text) {
    out.println(text);
  }

  /**
   * The questions' table. {@code variants} come as {@code QueryApiLatency} builds them: per
   * backend, per question, the baseline first, each named {@code "<question>: <path> on
   * <backend>"}.
   */
  void questions(List<Interleaved.Variant> variants) {
    out.println();
    out.println(
        "| question | backend | path | p50 ms | p90 ms | p99 ms | max ms | p50 / JSON p50 | ≤ "
            + TARGET
            + " |");
    out.println("|---|---|---|---:|---:|---:|---:|---:|---|");
    for (int first = 0; first < variants.size(); first += 3) {
      Histogram baseline = variants.get(first).nanos;
      for (int i = first; i < first + 3; i++) {
        var v = variants.get(i);
        Histogram h = v.nanos;
        double ratio = (double) h.getValueAtPercentile(50) / baseline.getValueAtPercentile(50);
        String[] parts = v.name.split(": | on ");
        out.printf(
            Locale.ROOT,
            "| %s | %s | %s | %.2f | %.2f | %.2f | %.2f | %s | %s |%n",
            parts[0],
            parts[2],
            i == first ? parts[1] + " (baseline)" : parts[1],
            h.getValueAtPercentile(50) / 1e6,
            h.getValueAtPercentile(90) / 1e6,
            h.getValueAtPercentile(99) / 1e6,
            h.getMaxValue() / 1e6,
            i == first ? "1.00" : String.format(Locale.ROOT, "**%.2f**", ratio),
            i == first ? "" : ratio <= TARGET ? "met" : "**not met**");
      }
    }
  }

  /** The breakdown's table: p50, p90 and p99 of each part. */
  void parts(List<Interleaved.Variant> parts) {
    out.println();
    out.println("| part | p50 ms | p90 ms | p99 ms |");
    out.println("|---|---:|---:|---:|");
    for (var v : parts) {
      Histogram h = v.nanos;
      out.printf(
          Locale.ROOT,
          "| %s | %.2f | %.2f | %.2f |%n",
          v.name,
          h.getValueAtPercentile(50) / 1e6,
          h.getValueAtPercentile(90) / 1e6,
          h.getValueAtPercentile(99) / 1e6);
    }
  }
}
