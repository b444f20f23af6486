package org.aqmrg.metrics;

import java.util.function.LongSupplier;

/**
 * A count over roughly the last minute, as a rate: twelve slots of five seconds each, the oldest
 * reused as time moves on. Adding is one short lock per call (once per body on the write path).
 */
final class RecentRate {
  static final int SLOTS = 12;
  static final long SLOT_NANOS = 5_000_000_000L;

  private final LongSupplier nanoTime;
  private final long started;
  private final long[] counts = new long[SLOTS];
  private final long[] slots = new long[SLOTS];

  RecentRate(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    this.started = nanoTime.getAsLong();
    java.util.Arrays.fill(slots, -1);
  }

  synchronized void add(long n) {
    long slot = (nanoTime.getAsLong() - started) / SLOT_NANOS;
    int i = (int) (slot % SLOTS);
    if (slots[i] != slot) {
      slots[i] = slot;
      counts[i] = 0;
    }
    counts[i] += n;
  }

  /**
   * What was added per second over the last 55 to 60 s (less right after start: since start); 0
   * before anything was added.
   */
  synchronized double perSecond() {
    long elapsed = nanoTime.getAsLong() - started;
    long slot = elapsed / SLOT_NANOS;
    long sum = 0;
    for (int i = 0; i < SLOTS; i++) {
      if (slots[i] > slot - SLOTS && slots[i] <= slot) {
        sum += counts[i];
      }
    }
    long window = Math.min(elapsed, (SLOTS - 1) * SLOT_NANOS + elapsed % SLOT_NANOS);
    return window <= 0 ? 0 : sum / (window / 1e9);
  }
}
