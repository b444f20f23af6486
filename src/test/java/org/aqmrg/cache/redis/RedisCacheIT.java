package org.aqmrg.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.CacheContract;
import org.aqmrg.config.RedisSettings;
import org.aqmrg.config.Secret;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract on the test Redis, plus what only a real server can show: auth, outages. */
class RedisCacheIT extends CacheContract {
  @TempDir Path redisDir;

  static RedisSettings testRedis() {
    return new RedisSettings(
        TestServers.env("AQMRG_TEST_REDIS_HOST"),
        Integer.parseInt(TestServers.env("AQMRG_TEST_REDIS_PORT")),
        Secret.of(TestServers.env("AQMRG_TEST_REDIS_PASSWORD")));
  }

  @Override
  protected Cache createCache() {
    return new RedisCache(testRedis());
  }

  @Test
  void description_names_host_and_port() {
    var redis = testRedis();
    assertThat(cache.description()).isEqualTo("Redis at " + redis.host() + ":" + redis.port());
  }

  @Test
  void a_wrong_password_is_reported_as_failed_authentication_without_the_password() {
    var redis = testRedis();
    String wrong = "wrong-" + UUID.randomUUID();
    // Now and then Lettuce reports the refused handshake as "connection closed prematurely"
    // instead of Redis's WRONGPASS (seen once in a full run); a fresh client then gets the error.
    var messages = new java.util.ArrayList<String>();
    for (int attempt = 0;
        attempt < 3 && messages.stream().noneMatch(m -> m.contains("auth"));
        attempt++) {
      try (var misconfigured =
          new RedisCache(new RedisSettings(redis.host(), redis.port(), Secret.of(wrong)))) {
        assertThatThrownBy(() -> misconfigured.get(key("any")))
            .isInstanceOf(StoreUnavailableException.class)
            .hasMessageContaining("Redis at " + redis.host() + ":" + redis.port())
            .hasMessageNotContaining(wrong)
            .hasMessageNotContaining(redis.password().reveal())
            .satisfies(e -> messages.add(e.getMessage()));
      }
    }
    assertThat(messages).anySatisfy(m -> assertThat(m).contains("authentication"));
  }

  @Test
  void a_missing_password_is_reported_as_failed_authentication() {
    var redis = testRedis();
    try (var misconfigured =
        new RedisCache(new RedisSettings(redis.host(), redis.port(), Secret.of("")))) {
      assertThatThrownBy(() -> misconfigured.increment(key("any"), Duration.ofSeconds(1)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("authentication");
    }
  }

  @Test
  void a_redis_down_at_start_fails_fast_then_works_when_it_comes_up_and_after_a_restart()
      throws Exception {
    int port = TestServers.freePort();
    try (var lonely = new RedisCache(new RedisSettings("127.0.0.1", port, Secret.of("")))) {
      assertFailsFast(lonely, port);

      Process redis = startRedis(port);
      try {
        awaitWorking(lonely);
        assertThat(lonely.increment("counter", Duration.ofMinutes(1)).count()).isEqualTo(2);

        redis.destroy();
        redis.waitFor();
        assertFailsFast(lonely, port);

        redis = startRedis(port);
        awaitWorking(lonely);
      } finally {
        redis.destroy();
        redis.waitFor();
      }
    }
  }

  private static void assertFailsFast(Cache cache, int port) {
    long started = System.nanoTime();
    assertThatThrownBy(() -> cache.get("any"))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageStartingWith("Redis at 127.0.0.1:" + port);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
  }

  /** Waits until the cache answers; the increment also proves the scripts load on a new server. */
  private static void awaitWorking(Cache cache) {
    await()
        .atMost(Duration.ofSeconds(15))
        .pollInterval(Duration.ofMillis(100))
        .ignoreException(StoreUnavailableException.class)
        .untilAsserted(
            () -> {
              cache.put("probe", "up", Duration.ofMinutes(1));
              assertThat(cache.get("probe")).contains("up");
              assertThat(cache.increment("counter", Duration.ofMinutes(1)).count()).isEqualTo(1);
            });
  }

  private Process startRedis(int port) throws IOException {
    return TestServers.startRedis(port, redisDir);
  }
}
