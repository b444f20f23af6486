package org.aqmrg.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.memory.MemoryCache;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.testing.Intercepted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Fixed-window limiting on the in-process cache, driven by a clock the test moves. */
class RateLimiterTest {
  private static final String USER = "11111111-1111-4111-8111-000000000002";
  private static final String ENDPOINT = "/api/v1/sensors/{id}";

  private static final Duration WINDOW = Duration.ofSeconds(60);

  private final AtomicLong now = new AtomicLong(5_000_000);
  private final MemoryCache cache = new MemoryCache(MemoryCache.DEFAULT_MAX_ENTRIES, now::get);
  private final RateLimiter limiter =
      new RateLimiter(cache, 3, Duration.ofSeconds(60), Duration.ZERO, now::get);

  @AfterEach
  void close() {
    cache.close();
  }

  @Test
  void requests_up_to_the_limit_pass_and_remaining_counts_down() {
    var first = limiter.acquire(USER, ENDPOINT);
    var second = limiter.acquire(USER, ENDPOINT);
    var third = limiter.acquire(USER, ENDPOINT);

    assertThat(first.allowed()).isTrue();
    assertThat(first.limit()).isEqualTo(3);
    assertThat(first.remaining()).isEqualTo(2);
    assertThat(first.resetSeconds()).isEqualTo(60);
    assertThat(first.retryAfterSeconds()).isEmpty();
    assertThat(first.unenforced()).isFalse();
    assertThat(second.remaining()).isEqualTo(1);
    assertThat(third.allowed()).isTrue();
    assertThat(third.remaining()).isZero();
  }

  @Test
  void a_request_over_the_limit_is_refused_with_retry_after_rounded_up() {
    for (int i = 0; i < 3; i++) {
      limiter.acquire(USER, ENDPOINT);
    }
    now.addAndGet(20_500);

    var refused = limiter.acquire(USER, ENDPOINT);
    var again = limiter.acquire(USER, ENDPOINT);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.remaining()).isZero();
    assertThat(refused.resetsIn()).isEqualTo(Duration.ofMillis(39_500));
    assertThat(refused.resetSeconds()).isEqualTo(40);
    assertThat(refused.retryAfterSeconds()).isEqualTo(OptionalLong.of(40));
    assertThat(again.allowed()).isFalse();
    assertThat(again.remaining()).as("never negative").isZero();
  }

  @Test
  void a_subject_counted_in_process_is_known_to_be_exhausted_without_asking_the_cache() {
    var calls = new java.util.concurrent.ConcurrentHashMap<String, AtomicInteger>();
    var batched = new RateLimiter(counted(calls), 3, WINDOW, Duration.ofMillis(100), now::get);
    String address = "ip:192.0.2.1";
    for (int i = 0; i < 2; i++) {
      batched.acquireBatched(address, "refused", 3, WINDOW);
    }
    var callsBefore = Map.copyOf(calls).toString();

    boolean afterTwo = batched.exhausted(address, "refused", 3);
    batched.acquireBatched(address, "refused", 3, WINDOW);
    boolean afterThree = batched.exhausted(address, "refused", 3);

    assertThat(afterTwo).isFalse();
    assertThat(afterThree).as("a fourth request would be refused").isTrue();
    assertThat(batched.exhausted("ip:192.0.2.2", "refused", 3)).isFalse();
    assertThat(calls.toString()).as("no cache round trip to know").isEqualTo(callsBefore);
    now.addAndGet(WINDOW.toMillis());
    assertThat(batched.exhausted(address, "refused", 3)).as("the window ended").isFalse();
  }

  @Test
  void
      a_subject_refused_without_counting_in_process_is_known_to_be_exhausted_until_the_window_ends() {
    String address = "ip:192.0.2.1";
    for (int i = 0; i < 3; i++) {
      limiter.acquireBatched(address, "refused", 3, WINDOW);
    }
    assertThat(limiter.exhausted(address, "refused", 3))
        .as("counted in the cache only, nothing refused yet")
        .isFalse();

    assertThat(limiter.acquireBatched(address, "refused", 3, WINDOW).allowed()).isFalse();
    boolean refusedOnce = limiter.exhausted(address, "refused", 3);
    now.addAndGet(WINDOW.toMillis());

    assertThat(refusedOnce).isTrue();
    assertThat(limiter.exhausted(address, "refused", 3)).isFalse();
  }

  @Test
  void a_new_window_starts_over_when_the_last_one_ends() {
    for (int i = 0; i < 4; i++) {
      limiter.acquire(USER, ENDPOINT);
    }
    now.addAndGet(60_000);

    var next = limiter.acquire(USER, ENDPOINT);
    assertThat(next.allowed()).isTrue();
    assertThat(next.remaining()).isEqualTo(2);
  }

  @Test
  void counters_use_the_documented_key_and_are_separate_per_subject_and_endpoint() {
    for (int i = 0; i < 4; i++) {
      limiter.acquire(USER, ENDPOINT);
    }
    assertThat(limiter.acquire("ip:2001:db8::7", ENDPOINT).allowed()).isTrue();
    assertThat(limiter.acquire(USER, "/api/v1/readings").allowed()).isTrue();

    assertThat(cache.get("rate_limit:" + USER + ":/api/v1/sensors/{id}")).contains("4");
    assertThat(cache.get("rate_limit:ip:2001:db8::7:/api/v1/sensors/{id}")).contains("1");
    assertThat(RateLimiter.key("ip:203.0.113.7", "/api/v1/sensors"))
        .isEqualTo("rate_limit:ip:203.0.113.7:/api/v1/sensors");
  }

  @Test
  void a_limit_and_window_given_per_call_override_the_limiters() {
    var first = limiter.acquire(USER, "/login", 1, Duration.ofSeconds(10));
    var second = limiter.acquire(USER, "/login", 1, Duration.ofSeconds(10));

    assertThat(first.allowed()).isTrue();
    assertThat(first.limit()).isEqualTo(1);
    assertThat(first.resetsIn()).isEqualTo(Duration.ofSeconds(10));
    assertThat(second.allowed()).isFalse();
    assertThat(second.retryAfterSeconds()).isEqualTo(OptionalLong.of(10));
  }

  @Test
  void bad_arguments_are_rejected() {
    assertThatThrownBy(() -> new RateLimiter(cache, 0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> limiter.acquire(" ", ENDPOINT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> limiter.acquire(USER, ENDPOINT, 5, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void an_unavailable_cache_lets_requests_through_unenforced_and_warns_once_per_30_seconds() {
    var down =
        new RateLimiter(unavailableCache(), 3, Duration.ofSeconds(60), Duration.ZERO, now::get);
    var appender = new ListAppender<ILoggingEvent>();
    var logger = (Logger) LoggerFactory.getLogger(RateLimiter.class);
    appender.start();
    logger.addAppender(appender);
    try {
      for (int i = 0; i < 100; i++) {
        var decision = down.acquire(USER, ENDPOINT);
        assertThat(decision.allowed()).isTrue();
        assertThat(decision.unenforced()).isTrue();
        assertThat(decision.remaining()).isEqualTo(3);
        assertThat(decision.retryAfterSeconds()).isEmpty();
      }
      assertThat(appender.list).hasSize(1);

      now.addAndGet(29_999);
      down.acquire(USER, ENDPOINT);
      assertThat(appender.list).hasSize(1);

      now.addAndGet(1);
      down.acquire(USER, ENDPOINT);
      assertThat(appender.list).hasSize(2);
      var warning = appender.list.get(1);
      assertThat(warning.getLevel()).isEqualTo(Level.WARN);
      assertThat(warning.getFormattedMessage())
          .contains("not enforced")
          .contains("101 request(s)")
          .contains("Redis at cache.test:6379 is unavailable");
    } finally {
      logger.detachAppender(appender);
    }
  }

  /** The memory cache, counting the calls of each method. */
  private Cache counted(Map<String, AtomicInteger> calls) {
    return Intercepted.of(
        Cache.class,
        cache,
        (method, args) ->
            calls.computeIfAbsent(method.getName(), name -> new AtomicInteger()).incrementAndGet());
  }

  @Test
  void counted_in_process_one_instance_keeps_the_exact_limit_with_one_round_trip_per_window() {
    var calls = new java.util.concurrent.ConcurrentHashMap<String, AtomicInteger>();
    var local =
        new RateLimiter(
            counted(calls), 3, Duration.ofSeconds(60), Duration.ofMillis(100), now::get);

    var decisions = new java.util.ArrayList<RateLimiter.Decision>();
    for (int i = 0; i < 5; i++) {
      decisions.add(local.acquireBatched("ip:203.0.113.7", ENDPOINT, 3, WINDOW));
      now.addAndGet(1_000);
    }

    assertThat(decisions)
        .extracting(RateLimiter.Decision::allowed)
        .containsExactly(true, true, true, false, false);
    assertThat(decisions)
        .extracting(RateLimiter.Decision::remaining)
        .containsExactly(2L, 1L, 0L, 0L, 0L);
    assertThat(decisions.get(1).resetsIn()).isEqualTo(Duration.ofSeconds(59));
    assertThat(decisions.get(3).retryAfterSeconds()).hasValue(57);
    assertThat(calls.keySet()).containsExactly("increment");
    assertThat(calls.get("increment").get()).isOne();

    local.sync();
    assertThat(cache.get(RateLimiter.key("ip:203.0.113.7", ENDPOINT))).contains("5");
    local.sync(); // nothing new: no round trip
    assertThat(calls.get("incrementAll").get()).isOne();

    now.addAndGet(55_001); // the window is over: the next request starts a new one in the cache
    assertThat(local.acquireBatched("ip:203.0.113.7", ENDPOINT, 3, WINDOW).remaining())
        .isEqualTo(2);
    assertThat(calls.get("increment").get()).isEqualTo(2);
  }

  @Test
  void counted_in_process_two_instances_learn_each_others_counts_at_each_sync() {
    var one = new RateLimiter(cache, 10, Duration.ofSeconds(60), Duration.ofMillis(100), now::get);
    var two = new RateLimiter(cache, 10, Duration.ofSeconds(60), Duration.ofMillis(100), now::get);
    String caller = "ip:198.51.100.1";
    for (int i = 0; i < 4; i++) {
      one.acquireBatched(caller, ENDPOINT, 10, WINDOW);
      two.acquireBatched(caller, ENDPOINT, 10, WINDOW);
    }
    assertThat(one.acquireBatched(caller, ENDPOINT, 10, WINDOW).remaining())
        .isEqualTo(5); // its own 5 only

    two.sync();
    one.sync();

    assertThat(cache.get(RateLimiter.key(caller, ENDPOINT))).contains("9");
    assertThat(one.acquireBatched(caller, ENDPOINT, 10, WINDOW).remaining())
        .isZero(); // 10: all nine and this one
    // two learns of one's requests at its next sync; until then it goes by what it knew.
    assertThat(two.acquireBatched(caller, ENDPOINT, 10, WINDOW).remaining()).isEqualTo(4);
    two.sync();
    assertThat(two.acquireBatched(caller, ENDPOINT, 10, WINDOW).allowed())
        .isFalse(); // 11: 10 in the cache, and this
    one.sync();
    two.sync();
    assertThat(cache.get(RateLimiter.key(caller, ENDPOINT))).contains("12");
  }

  @Test
  void counts_that_cannot_be_synced_are_kept_for_the_next_sync() {
    var failing = new java.util.concurrent.atomic.AtomicBoolean();
    Cache flaky =
        Intercepted.of(
            Cache.class,
            cache,
            (method, args) -> {
              if (failing.get()) {
                throw new StoreUnavailableException(
                    Store.CACHE, "Redis at cache.test:6379 is unavailable", new RuntimeException());
              }
            });
    var local =
        new RateLimiter(flaky, 10, Duration.ofSeconds(60), Duration.ofMillis(100), now::get);
    for (int i = 0; i < 4; i++) {
      local.acquireBatched(USER, ENDPOINT, 10, WINDOW);
    }
    failing.set(true);
    local.sync();
    assertThat(local.acquireBatched(USER, ENDPOINT, 10, WINDOW).remaining())
        .isEqualTo(5); // still counted here

    failing.set(false);
    local.sync();
    assertThat(cache.get(RateLimiter.key(USER, ENDPOINT))).contains("5");
  }

  /** A cache whose every call fails as an unreachable Redis does. */
  private static Cache unavailableCache() {
    return (Cache)
        Proxy.newProxyInstance(
            Cache.class.getClassLoader(),
            new Class<?>[] {Cache.class},
            (proxy, method, args) -> {
              throw new StoreUnavailableException(
                  Store.CACHE, "Redis at cache.test:6379 is unavailable: Connection refused", null);
            });
  }
}
