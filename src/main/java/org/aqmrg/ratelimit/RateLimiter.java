package org.aqmrg.ratelimit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.Expiry;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.threads.DaemonThreads;

/**
 * Fixed-window rate limiting: at most {@code limit} requests per subject and endpoint in each
 * window, counted with {@link Cache#increment} under the key {@code
 * rate_limit:{subject}:{endpoint}} of {@code databases/redis/schemas/README.md}. With Redis as the
 * cache, every instance of the platform counts against the same limit.
 *
 * <p>The subject is the caller's user id, or {@code ip:{address}} for an anonymous caller; the
 * endpoint is the route template ({@code /api/v1/sensors/{id}}), not the concrete path.
 *
 * <p><b>Counting in process between syncs.</b> With a sync interval (the guard's limiter for
 * anonymous callers: {@code AQMRG_RATE_LIMIT_SYNC_MS}, 100 ms by default), the first request of a
 * subject to an endpoint in a window is counted in the cache, which tells the shared count and when
 * the window ends; the requests after it are counted in this process and added to the cache in one
 * round trip per interval ({@link Cache#incrementAll}), which answers with the counts of all
 * instances. A request then costs no round trip (the latest-value load benchmark in
 * bench/RESULTS.md: that round trip was the tail). Within one instance the limit stays exact;
 * across instances each knows the others' requests as of its last sync, so a caller spread over
 * several instances can get more than the limit only by what they take within one interval. A sync
 * interval of zero counts every request in the cache, exact across instances.
 *
 * <p><b>When the cache is unavailable the limiter fails open</b>: it allows the request and marks
 * the decision {@link Decision#unenforced()}, logging one warning at most every 30 s (with the
 * number of requests let through unchecked), never one per request. This favours the availability
 * of the API over the strictness of limits during a Redis outage. Sessions, in contrast, stay
 * fail-closed elsewhere: a session that cannot be looked up is never trusted.
 *
 * <p><b>Why not Bucket4j.</b> Bucket4j's Redis buckets (bucket4j-redis on Lettuce) keep each limit
 * as a bucket state of their own, changed by compare-and-swap, and its in-process batching delays
 * each bucket alone. The guard counts a session's or token's request in the same Redis script that
 * finds the credential ({@link Cache#getHashAndIncrement}, one round trip instead of two: about 70
 * µs at p50 and 260 µs at p99 in the authentication benchmark), which a bucket that lives outside
 * the {@link Cache} port cannot join; it would also need a second implementation for the in-process
 * cache, and its continuously refilling buckets do not give the fixed window that {@code
 * X-RateLimit-Reset} and {@code Retry-After} report. A fixed window over the port's counters is
 * what is left to write, and is this class with {@link LocalTallies}.
 */
public final class RateLimiter implements AutoCloseable {
  private final Cache cache;
  private final int limit;
  private final Duration window;
  private final LongSupplier clockMillis;
  private final FailOpenWarning failOpen;

  private final long syncMillis;
  private final LocalTallies tallies;
  private final ScheduledExecutorService syncer;

  /**
   * A limiter of {@code limit} requests (at least 1) per {@code window} (at least 1 ms) for {@link
   * #acquire(String, String)}; {@link #acquire(String, String, int, Duration)} overrides both.
   */
  public RateLimiter(Cache cache, int limit, Duration window) {
    this(cache, limit, window, Duration.ZERO);
  }

  /**
   * As above, counting in process between syncs every {@code syncEvery}; {@link Duration#ZERO}
   * counts every request in the cache.
   */
  public RateLimiter(Cache cache, int limit, Duration window, Duration syncEvery) {
    this(cache, limit, window, syncEvery, () -> System.nanoTime() / 1_000_000);
    if (syncMillis > 0) {
      syncer.scheduleWithFixedDelay(this::sync, syncMillis, syncMillis, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * With the clock (in milliseconds) of windows and of the fail-open warnings; nothing syncs by
   * itself, the test calls {@link #sync}.
   */
  RateLimiter(
      Cache cache, int limit, Duration window, Duration syncEvery, LongSupplier clockMillis) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.limit = checkLimit(limit);
    Expiry.millis(window);
    this.window = window;
    if (syncEvery.isNegative()) {
      throw new IllegalArgumentException("the rate-limit sync interval must not be negative");
    }
    this.syncMillis = syncEvery.toMillis();
    this.clockMillis = clockMillis;
    this.failOpen = new FailOpenWarning(clockMillis);
    this.tallies = new LocalTallies(cache, failOpen::letThrough);
    this.syncer =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("rate-limit-sync"));
  }

  /** The cache key of a subject's counter for an endpoint. */
  public static String key(String subject, String endpoint) {
    return "rate_limit:" + subject + ":" + endpoint;
  }

  /**
   * The counter of {@code endpoint} for a subject that the cache finds itself (a session's or a
   * token's), for {@link Cache#getHashAndIncrement}; its count is then judged by {@link #decide}.
   */
  public static Cache.KeyedCounter counterFor(String endpoint, Duration window) {
    requireText(endpoint, "endpoint");
    return new Cache.KeyedCounter("rate_limit:", ":" + endpoint, window);
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
    checkArguments(subject, endpoint, limit, window);
    try {
      return decide(cache.increment(key(subject, endpoint), window), limit);
    } catch (StoreUnavailableException e) {
      return unenforced(limit, window, e);
    }
  }

  /**
   * As {@link #acquire(String, String, int, Duration)}, but counted in process between syncs when
   * the limiter has a sync interval (see the class comment). Only for subjects that nothing counts
   * in the cache directly, as {@link Cache#getHashAndIncrement} does for sessions and tokens, or
   * this process would not know their count: the guard uses it for anonymous callers.
   */
  public Decision acquireBatched(String subject, String endpoint, int limit, Duration window) {
    Decision decision = countBatched(subject, endpoint, limit, window);
    if (!decision.allowed()) {
      tallies.refused(
          key(subject, endpoint), clockMillis.getAsLong() + decision.resetsIn().toMillis());
    }
    return decision;
  }

  /**
   * True when this process already knows that {@code subject} has used up {@code limit} requests to
   * {@code endpoint} in the current window, so the next one would be refused: from its count
   * between syncs, or from a refusal {@link #acquireBatched} gave. Never asks the cache (it may not
   * know of what other instances counted since the last sync), so the guard can ask before doing
   * anything that costs, such as looking a credential up in the database.
   */
  public boolean exhausted(String subject, String endpoint, int limit) {
    return tallies.exhausted(key(subject, endpoint), limit, clockMillis.getAsLong());
  }

  private Decision countBatched(String subject, String endpoint, int limit, Duration window) {
    if (syncMillis == 0) {
      return acquire(subject, endpoint, limit, window);
    }
    checkArguments(subject, endpoint, limit, window);
    String key = key(subject, endpoint);
    long now = clockMillis.getAsLong();
    Optional<Cache.Counter> counted = tallies.count(key, window, now);
    if (counted.isPresent()) {
      return decide(counted.get(), limit);
    }
    // The first request here in this window: counted in the cache, which tells the window.
    Cache.Counter counter;
    try {
      counter = cache.increment(key, window);
    } catch (StoreUnavailableException e) {
      return unenforced(limit, window, e);
    }
    tallies.start(key, window, counter, now);
    return decide(counter, limit);
  }

  private static void checkArguments(String subject, String endpoint, int limit, Duration window) {
    requireText(subject, "subject");
    requireText(endpoint, "endpoint");
    checkLimit(limit);
    Expiry.millis(window);
  }

  /** Adds what was counted here since the last sync to the cache (see {@link LocalTallies}). */
  void sync() {
    tallies.sync(clockMillis.getAsLong());
  }

  /** Sends what was counted here, then stops syncing. */
  @Override
  public void close() {
    syncer.shutdownNow();
    if (syncMillis > 0) {
      sync();
    }
  }

  /**
   * The decision when the cache could not count a request: allowed, unenforced, with a warning at
   * most every 30 s.
   */
  private Decision unenforced(int limit, Duration window, StoreUnavailableException cause) {
    failOpen.letThrough(cause);
    return new Decision(true, limit, limit, window, true);
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
