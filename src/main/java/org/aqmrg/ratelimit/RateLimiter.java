package org.aqmrg.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.CacheUnavailableException;
import org.aqmrg.cache.Expiry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fixed-window rate limiting: at most {@code limit} requests per subject and endpoint in each
 * window, counted with {@link Cache#increment} under the key {@code
 * rate_limit:{subject}:{endpoint}} of {@code databases/redis/schemas/README.md}. With Redis as the
 * cache, every instance of the platform counts against the same limit.
 *
 * <p>The subject is the caller's user id, or {@code ip:{address}} for an anonymous caller; the
 * endpoint is the route template ({@code /api/v1/sensors/{id}}), not the concrete path.
 *
 * <p><b>When the cache is unavailable the limiter fails open</b>: it allows the request and marks
 * the decision {@link Decision#unenforced()}, logging one warning at most every 30 s (with the
 * number of requests let through unchecked), never one per request. This favours the availability
 * of the API over the strictness of limits during a Redis outage. Sessions, in contrast, stay
 * fail-closed elsewhere: a session that cannot be looked up is never trusted.
 */
public final class RateLimiter {
  private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);
  private static final long WARN_EVERY_MILLIS = TimeUnit.SECONDS.toMillis(30);

  private final Cache cache;
  private final int limit;
  private final Duration window;
  private final LongSupplier clockMillis;
  private final AtomicLong nextWarning = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong unenforcedSinceWarning = new AtomicLong();

  /**
   * A limiter of {@code limit} requests (at least 1) per {@code window} (at least 1 ms) for {@link
   * #acquire(String, String)}; {@link #acquire(String, String, int, Duration)} overrides both.
   */
  public RateLimiter(Cache cache, int limit, Duration window) {
    this(cache, limit, window, () -> System.nanoTime() / 1_000_000);
  }

  /** As above, with the clock (in milliseconds) that spaces the fail-open warnings, for tests. */
  RateLimiter(Cache cache, int limit, Duration window, LongSupplier clockMillis) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.limit = checkLimit(limit);
    Expiry.millis(window);
    this.window = window;
    this.clockMillis = clockMillis;
  }

  /** The cache key of a subject's counter for an endpoint. */
  public static String key(String subject, String endpoint) {
    return "rate_limit:" + subject + ":" + endpoint;
  }

  /**
   * The counter of {@code endpoint} for a subject that the cache finds itself (a session's or a
   * token's), for {@link Cache#getHashAndIncrement}; its count is then judged by {@link #decide}.
   */
  public static Cache.SubjectCounter counterFor(String endpoint, Duration window) {
    requireText(endpoint, "endpoint");
    return new Cache.SubjectCounter("rate_limit:", ":" + endpoint, window);
  }

  /** The decision for a request already counted (see {@link #counterFor}) against {@code limit}. */
  public static Decision decide(Cache.Counter counter, int limit) {
    checkLimit(limit);
    return new Decision(
        counter.count() <= limit,
        limit,
        Math.max(0, limit - counter.count()),
        counter.resetsIn(),
        false);
  }

  /** Counts one request of {@code subject} to {@code endpoint} against the limiter's limit. */
  public Decision acquire(String subject, String endpoint) {
    return acquire(subject, endpoint, limit, window);
  }

  /**
   * Counts one request of {@code subject} to {@code endpoint} against {@code limit} requests per
   * {@code window}. A refused request still counts, so a caller that keeps trying stays refused
   * until the window ends.
   *
   * @throws IllegalArgumentException for a blank subject or endpoint, a limit below 1 or a window
   *     below 1 ms
   */
  public Decision acquire(String subject, String endpoint, int limit, Duration window) {
    requireText(subject, "subject");
    requireText(endpoint, "endpoint");
    checkLimit(limit);
    Expiry.millis(window);
    try {
      return decide(cache.increment(key(subject, endpoint), window), limit);
    } catch (CacheUnavailableException e) {
      return unenforced(limit, window, e);
    }
  }

  /**
   * The decision when the cache could not count a request: allowed, unenforced, with a warning at
   * most every 30 s.
   */
  public Decision unenforced(int limit, Duration window, CacheUnavailableException cause) {
    warnAtMostEvery30Seconds(cause);
    return new Decision(true, limit, limit, window, true);
  }

  private void warnAtMostEvery30Seconds(CacheUnavailableException e) {
    long unchecked = unenforcedSinceWarning.incrementAndGet();
    long now = clockMillis.getAsLong();
    long due = nextWarning.get();
    if (now >= due && nextWarning.compareAndSet(due, now + WARN_EVERY_MILLIS)) {
      unenforcedSinceWarning.addAndGet(-unchecked);
      log.warn(
          "Rate limits are not enforced ({} request(s) let through unchecked since the last"
              + " warning): {}",
          unchecked,
          e.getMessage());
    }
  }

  private static int checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a rate limit must be at least 1, got " + limit);
    }
    return limit;
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the rate-limit " + name + " must not be blank");
    }
  }

  /**
   * The answer for one request.
   *
   * @param allowed whether the request may proceed
   * @param limit requests allowed per window
   * @param remaining requests still allowed in this window after this one, never negative
   * @param resetsIn time until the window ends and the count starts over
   * @param unenforced true when the cache was unavailable and the request was allowed unchecked;
   *     {@code remaining} is then the whole limit and {@code resetsIn} the whole window
   */
  public record Decision(
      boolean allowed, long limit, long remaining, Duration resetsIn, boolean unenforced) {

    /** {@link #resetsIn()} in whole seconds, rounded up (for {@code X-RateLimit-Reset}). */
    public long resetSeconds() {
      long millis = resetsIn.toMillis();
      return millis / 1000 + (millis % 1000 == 0 ? 0 : 1);
    }

    /** For a refused request, the seconds to wait (at least 1, for {@code Retry-After}). */
    public OptionalLong retryAfterSeconds() {
      return allowed ? OptionalLong.empty() : OptionalLong.of(Math.max(1, resetSeconds()));
    }
  }
}
