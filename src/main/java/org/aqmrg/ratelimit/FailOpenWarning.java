package org.aqmrg.ratelimit;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aqmrg.error.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The warning that rate limits are not enforced while the cache is unavailable: logged at most once
 * every 30 s, with the number of requests let through unchecked since the last one, never once per
 * request.
 */
final class FailOpenWarning {
  private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
  private static final long EVERY_MILLIS = TimeUnit.SECONDS.toMillis(30);

  private final LongSupplier clockMillis;
  private final AtomicLong next = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong uncheckedSinceLast = new AtomicLong();

  /** On the given clock, in milliseconds. */
  FailOpenWarning(LongSupplier clockMillis) {
    this.clockMillis = clockMillis;
  }

  /** Counts one request let through unchecked; logs when the last warning is 30 s old. */
  void letThrough(StoreUnavailableException cause) {
    long unchecked = uncheckedSinceLast.incrementAndGet();
    long now = clockMillis.getAsLong();
    long due = next.get();
    if (now >= due && next.compareAndSet(due, now + EVERY_MILLIS)) {
      uncheckedSinceLast.addAndGet(-unchecked);
      log.warn(
          "Rate limits are not enforced ({} request(s) let through unchecked since the last"
              + " warning): {}",
          unchecked,
          cause.getMessage());
    }
  }
}
