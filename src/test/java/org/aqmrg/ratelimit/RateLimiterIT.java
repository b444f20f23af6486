package org.aqmrg.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.aqmrg.cache.redis.RedisCache;
import org.aqmrg.config.RedisSettings;
import org.aqmrg.config.Secret;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;

/** Exact limits on the real Redis, under contention and across two platform instances. */
class RateLimiterIT {
  private static final String ENDPOINT = "/api/v1/sensors/{id}";
  private final String subject = "ip:test-" + UUID.randomUUID();

  private static RedisCache testRedis() {
    return new RedisCache(
        new RedisSettings(
            TestServers.env("AQMRG_TEST_REDIS_HOST"),
            Integer.parseInt(TestServers.env("AQMRG_TEST_REDIS_PORT")),
            Secret.of(TestServers.env("AQMRG_TEST_REDIS_PASSWORD"))));
  }

  /** Runs {@code total} acquisitions on 32 threads, spread round-robin over the limiters. */
  private List<RateLimiter.Decision> acquireInParallel(int total, RateLimiter... limiters)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try {
      var calls = new ArrayList<Callable<RateLimiter.Decision>>();
      for (int i = 0; i < total; i++) {
        var limiter = limiters[i % limiters.length];
        calls.add(() -> limiter.acquire(subject, ENDPOINT));
      }
      var decisions = new ArrayList<RateLimiter.Decision>();
      for (Future<RateLimiter.Decision> future : pool.invokeAll(calls)) {
        decisions.add(future.get());
      }
      return decisions;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void a_thousand_parallel_requests_against_a_limit_of_100_let_exactly_100_through()
      throws Exception {
    try (var redis = testRedis()) {
      var limiter = new RateLimiter(redis, 100, Duration.ofMinutes(1));

      var decisions = acquireInParallel(1000, limiter);

      assertAllowedExactly(decisions, 100);
    }
  }

  @Test
  void two_instances_sharing_one_redis_share_one_limit_of_50() throws Exception {
    try (var first = testRedis();
        var second = testRedis()) {
      var one = new RateLimiter(first, 50, Duration.ofMinutes(1));
      var two = new RateLimiter(second, 50, Duration.ofMinutes(1));

      var decisions = acquireInParallel(400, one, two);

      assertAllowedExactly(decisions, 50);
    }
  }

  private static void assertAllowedExactly(List<RateLimiter.Decision> decisions, int limit) {
    var allowed = decisions.stream().filter(RateLimiter.Decision::allowed).toList();
    assertThat(decisions).noneMatch(RateLimiter.Decision::unenforced);
    assertThat(allowed).hasSize(limit);
    assertThat(allowed.stream().map(RateLimiter.Decision::remaining))
        .containsExactlyInAnyOrderElementsOf(LongStream.range(0, limit).boxed().toList());
    assertThat(decisions.stream().filter(d -> !d.allowed()))
        .allSatisfy(d -> assertThat(d.retryAfterSeconds().getAsLong()).isBetween(1L, 60L));
  }
}
