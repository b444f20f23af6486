package org.aqmrg.ops;

/**
 * What one store answered. {@code problem} and {@code hint} are empty when it is up; otherwise they
 * say what failed and what an operator can try.
 */
public record StoreStatus(
    String role, String target, boolean up, double latencyMs, String problem, String hint) {

  static StoreStatus up(StoreCheck check, long startedNanos) {
    return new StoreStatus(check.role(), check.target(), true, millisSince(startedNanos), "", "");
  }

  static StoreStatus down(StoreCheck check, long startedNanos, String problem, String hint) {
    return new StoreStatus(
        check.role(), check.target(), false, millisSince(startedNanos), problem, hint);
  }

  private static double millisSince(long startedNanos) {
    return Math.round((System.nanoTime() - startedNanos) / 10_000.0) / 100.0;
  }
}
