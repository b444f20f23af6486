package org.aqmrg.metrics;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value that costs a query, read at most once per {@code maxAge} however often it is scraped. A
 * source that fails gives NaN (Prometheus' "unknown") until it answers again; the first failure of
 * a run of them is logged.
 */
final class CachedValue implements DoubleSupplier {
  private static final Logger log = LoggerFactory.getLogger(CachedValue.class);

  private final String what;
  private final DoubleSupplier source;
  private final long maxAgeNanos;
  private final LongSupplier nanoTime;
  private boolean read;
  private long readAt;
  private double value;
  private boolean failing;

  CachedValue(String what, DoubleSupplier source, Duration maxAge, LongSupplier nanoTime) {
    this.what = what;
    this.source = source;
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = nanoTime;
  }

  @Override
  public synchronized double getAsDouble() {
    long now = nanoTime.getAsLong();
    if (read && now - readAt < maxAgeNanos) {
      return value;
    }
    try {
      value = source.getAsDouble();
      failing = false;
    } catch (RuntimeException e) {
      if (!failing) {
        log.warn(
            "Cannot read {} for /metrics; it shows NaN until it can: {}", what, e.getMessage());
      }
      failing = true;
      value = Double.NaN;
    }
    read = true;
    readAt = now;
    return value;
  }
}
