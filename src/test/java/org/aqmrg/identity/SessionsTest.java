package org.aqmrg.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.aqmrg.cache.memory.MemoryCache;
import org.aqmrg.identity.cache.CacheSessions;
import org.junit.jupiter.api.Test;

class SessionsTest {
  private final AtomicLong millis = new AtomicLong(1_800_000_000_000L);
  private final MemoryCache cache = new MemoryCache(MemoryCache.DEFAULT_MAX_ENTRIES, millis::get);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(millis.get());
        }
      };
  private final Sessions sessions = new CacheSessions(cache, Duration.ofHours(1), clock);
  private final User user =
      new User(UUID.randomUUID(), "a@b.c", Role.RESEARCHER, Instant.EPOCH, Instant.EPOCH);

  @Test
  void a_session_resolves_until_it_expires_and_not_after() {
    var started = sessions.start(user);

    millis.addAndGet(Duration.ofMinutes(59).toMillis());
    assertThat(sessions.resolve(started.secret()))
        .hasValueSatisfying(p -> assertThat(p.role()).isEqualTo(Role.RESEARCHER));

    millis.addAndGet(Duration.ofMinutes(1).toMillis());
    assertThat(sessions.resolve(started.secret())).isEmpty();
  }

  @Test
  void the_key_is_the_hash_of_the_secret_so_the_cache_never_holds_the_secret() {
    var started = sessions.start(user);

    assertThat(cache.getHash("session:" + started.secret())).isEmpty();
    assertThat(cache.getHash("session:" + Secrets.sha256(started.secret())))
        .containsEntry("user_id", user.id().toString())
        .containsEntry("role", "researcher")
        .containsKeys("created_at", "expires_at");
    assertThat(cache.timeToLive("session:" + Secrets.sha256(started.secret())))
        .contains(Duration.ofHours(1));
  }

  @Test
  void secrets_are_unique_and_carry_256_random_bits() {
    var seen = new HashSet<String>();
    for (int i = 0; i < 1_000; i++) {
      String secret = sessions.start(user).secret();
      assertThat(Secrets.wellFormed(secret)).isTrue();
      assertThat(java.util.Base64.getUrlDecoder().decode(secret.substring(4))).hasSize(32);
      assertThat(seen.add(secret)).isTrue();
    }
  }

  @Test
  void ending_all_sessions_of_a_user_ends_each_of_them() {
    var first = sessions.start(user);
    var second = sessions.start(user);

    assertThat(sessions.endAll(user.id())).isEqualTo(2);
    assertThat(sessions.resolve(first.secret())).isEmpty();
    assertThat(sessions.resolve(second.secret())).isEmpty();
  }
}
