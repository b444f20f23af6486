package org.aqmrg.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.redis.RedisCache;
import org.aqmrg.config.Settings;
import org.aqmrg.identity.cache.CacheSessions;
import org.junit.jupiter.api.Test;

/** Sessions in Redis, the adapter of platforms with {@code AQMRG_CACHE=redis}. */
class CacheSessionsIT extends SessionsContract {
  private final List<RedisCache> caches = new ArrayList<>();

  @Override
  Sessions newAdapter(Settings settings, DataSource dataSource, Clock clock) {
    var cache = new RedisCache(settings.redis());
    caches.add(cache);
    return new CacheSessions(cache, LIFETIME, clock);
  }

  @Override
  Cache counters() {
    return caches.get(caches.size() - 1);
  }

  @Override
  void closeAdapters() {
    caches.forEach(RedisCache::close);
  }

  @Test
  void the_session_is_a_hash_under_the_sha256_of_the_secret_with_the_lifetime_as_ttl() {
    var user =
        new User(java.util.UUID.randomUUID(), "hash@test.dev", Role.ADMIN, clock.instant(), null);
    var started = newAdapter(settings, database.dataSource(), clock).start(user);

    String key = "session:" + Secrets.sha256(started.secret());
    assertThat(counters().getHash("session:" + started.secret())).isEmpty();
    assertThat(counters().getHash(key))
        .containsEntry("user_id", user.id().toString())
        .containsEntry("role", "admin");
    assertThat(counters().timeToLive(key))
        .hasValueSatisfying(ttl -> assertThat(ttl).isLessThanOrEqualTo(LIFETIME).isPositive());
  }
}
