package org.aqmrg.bench.auth;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The results as markdown: one table of percentiles, one of the latency that a path adds. */
final class LatencyReport {
  /** The percentiles of the added-latency table. */
  private static final double[] ADDED = {50, 99, 99.9};

  private final PrintStream out;

  LatencyReport(PrintStream out) {
    this.out = out;
  }

  void heading(String text) {
    out.println();
    out.println("### " + text);
    out.println();
  }

  void line(String text) {
    out.println(text);
  }

  /** Count, p50, p90, p99, p99.9 and max of each variant, in microseconds. */
  void percentiles(List<Interleaved.Variant> variants) {
    out.println("| variant | count | p50 µs | p90 µs | p99 µs | p99.9 µs | max µs |");
    out.println("|---|---:|---:|---:|---:|---:|---:|");
    for (var variant : variants) {
      Histogram h = variant.nanos;
      out.printf(
          "| %s | %d | %s | %s | %s | %s | %s |%n",
          variant.name,
          h.getTotalCount(),
          micros(h.getValueAtPercentile(50)),
          micros(h.getValueAtPercentile(90)),
          micros(h.getValueAtPercentile(99)),
          micros(h.getValueAtPercentile(99.9)),
          micros(h.getMaxValue()));
    }
  }

  /** A comparison of a path with the baseline it adds to. */
  record Added(String path, Interleaved.Variant measured, Interleaved.Variant baseline) {
    long deltaNanos(double percentile) {
      return measured.nanos.getValueAtPercentile(percentile)
          - baseline.nanos.getValueAtPercentile(percentile);
    }
  }

  /**
   * For each comparison, the difference of p50, p99 and p99.9, and whether the p99 difference is
   * within {@code targetMicros}.
   */
  void added(List<Added> comparisons, long targetMicros) {
    out.println(
        "| path | baseline | Δp50 µs | Δp99 µs | Δp99.9 µs | p99 target ≤ " + targetMicros + " µs |");
    out.println("|---|---|---:|---:|---:|---|");
    for (var c : comparisons) {
      long p99 = c.deltaNanos(99);
      out.printf(
          "| %s | %s | %s | %s | %s | %s |%n",
          c.path(),
          c.baseline().name,
          micros(c.deltaNanos(ADDED[0])),
          micros(p99),
          micros(c.deltaNanos(ADDED[2])),
          p99 <= targetMicros * 1000 ? "met" : "**not met**");
    }
  }

  /** Microseconds with one decimal. */
  static String micros(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
  }
}
