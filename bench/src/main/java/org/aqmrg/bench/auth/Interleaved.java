package org.aqmrg.bench.auth;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Runs several variants round-robin, one operation of each per round, so that every variant sees
 * the same machine: a burst of load or a GC pause lands on all of them, not on the one that happened
 * to run at that moment. The first variant of each round rotates, so no variant always follows the
 * same one.
 */
public final class Interleaved {
  /** One operation to time; it throws when the answer is wrong, which stops the benchmark. */
  @FunctionalInterface
  public interface Operation {
    void run() throws Exception;
  }

  /** A named operation and the latencies recorded for it, in nanoseconds. */
  public static final class Variant {
    public final String name;
    final Operation operation;
    public final Histogram nanos = new Histogram(3); // auto-resizing: no value is ever out of range

    public Variant(String name, Operation operation) {
      this.name = name;
      this.operation = operation;
    }
  }

  /** What happened around the measured rounds, for the reader of the results. */
  public record Conditions(int gcCount, long gcMillis, double seconds, String loadBefore, String loadAfter) {}

  private Interleaved() {}

  /**
   * Runs {@code warmup} unrecorded rounds, then {@code rounds} recorded ones, and reports progress
   * on standard error about every 10%.
   *
   * @throws Exception the first failure of an operation, naming the variant
   */
  public static Conditions run(String phase, List<Variant> variants, int warmup, int rounds)
      throws Exception {
    int count = variants.size();
    int total = warmup + rounds;
    int step = Math.max(1, total / 10);
    String loadBefore = Machine.loadAverage();
    long gcCountBefore = 0;
    long gcMillisBefore = 0;
    long started = 0;
    for (int round = 0; round < total; round++) {
      boolean recorded = round >= warmup;
      if (round == warmup) {
        gcCountBefore = gcCount();
        gcMillisBefore = gcMillis();
        started = System.nanoTime();
      }
      for (int i = 0; i < count; i++) {
        Variant variant = variants.get((round + i) % count);
        long start = System.nanoTime();
        try {
          variant.operation.run();
        } catch (Exception e) {
          throw new IllegalStateException(
              phase + ": '" + variant.name + "' failed in round " + round + ": " + e.getMessage(),
              e);
        }
        long elapsed = System.nanoTime() - start;
        if (recorded) {
          variant.nanos.recordValue(elapsed);
        }
      }
      if ((round + 1) % step == 0 || round + 1 == total) {
        System.err.printf(
            "%s: %d/%d rounds (%d warm-up), %d variants%n",
            phase, round + 1, total, warmup, count);
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Conditions(
        (int) (gcCount() - gcCountBefore),
        gcMillis() - gcMillisBefore,
        seconds,
        loadBefore,
        Machine.loadAverage());
  }

  private static long gcCount() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionCount());
    }
    return sum;
  }

  private static long gcMillis() {
    long sum = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }
}
