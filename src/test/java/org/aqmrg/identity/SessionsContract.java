package org.aqmrg.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.aqmrg.cache.Cache;
import org.aqmrg.config.Settings;
import org.aqmrg.db.Migrations;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.ratelimit.RateLimiter;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link Sessions} adapter does, run once per adapter against the real servers. The
 * users are real rows of {@code users}, as the PostgreSQL adapter's foreign key wants.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SessionsContract {
  static final Duration LIFETIME = Duration.ofHours(1);

  final AtomicLong millis = new AtomicLong(1_800_000_000_000L);
  final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.ofEpochMilli(millis.get());
        }
      };
  RelationalDatabase database;
  private Users users;
  private Sessions sessions;
  private User user;
  private User other;

  /**
   * A new adapter on the same servers, as a restarted platform would build it.
   *
   * @param settings the test servers, with their own database
   */
  abstract Sessions newAdapter(Settings settings, DataSource dataSource, Clock clock);

  /** The cache the adapter counts requests in. */
  abstract Cache counters();

  /** Closes what the adapters opened. */
  abstract void closeAdapters();

  Settings settings;

  @BeforeAll
  void startServers() {
    settings = Settings.from(TestServers.fullPlatformEnv(TestServers.createDatabase("sessions")));
    database = RelationalDatabase.open(settings);
    new Migrations(database.dataSource()).migrate();
    users = new Users(database.sql(), new Passwords());
  }

  @AfterAll
  void stopServers() {
    closeAdapters();
    database.close();
  }

  @BeforeEach
  void newUsers() {
    sessions = newAdapter(settings, database.dataSource(), clock);
    user =
        users.create(
            "member-" + UUID.randomUUID() + "@test.dev", "a long passphrase 42", Role.RESEARCHER);
    other =
        users.create(
            "other-" + UUID.randomUUID() + "@test.dev", "a long passphrase 42", Role.PUBLIC);
  }

  @Test
  void a_session_resolves_to_its_user_until_it_expires_and_not_after() {
    var started = sessions.start(user);
    assertThat(started.expiresAt()).isEqualTo(clock.instant().plus(LIFETIME));

    millis.addAndGet(LIFETIME.minusMinutes(1).toMillis());
    var principal = sessions.resolve(started.secret()).orElseThrow();
    assertThat(principal.kind()).isEqualTo(Principal.Kind.SESSION);
    assertThat(principal.userId()).isEqualTo(user.id());
    assertThat(principal.name()).isEqualTo(user.email());
    assertThat(principal.role()).isEqualTo(Role.RESEARCHER);
    assertThat(principal.expiresAt()).isEqualTo(started.expiresAt());
    assertThat(principal.credentialId())
        .as("the session id is the SHA-256 of the secret, never the secret")
        .isEqualTo(Secrets.sha256(started.secret()));

    millis.addAndGet(Duration.ofMinutes(1).toMillis());
    assertThat(sessions.resolve(started.secret())).isEmpty();
  }

  @Test
  void a_secret_that_was_never_issued_resolves_to_nothing_and_counts_nothing() {
    var counter = RateLimiter.counterFor("/api/v1/auth/me", Duration.ofMinutes(1));

    assertThat(sessions.resolve(Secrets.newSecret(Secrets.SESSION_PREFIX))).isEmpty();
    assertThat(sessions.resolve(Secrets.newSecret(Secrets.SESSION_PREFIX), counter)).isEmpty();
  }

  @Test
  void resolving_with_a_counter_counts_each_request_against_the_sessions_user() {
    var started = sessions.start(user);
    var counter = RateLimiter.counterFor("/api/v1/auth/me", Duration.ofMinutes(1));

    var first = sessions.resolve(started.secret(), counter).orElseThrow();
    var second = sessions.resolve(started.secret(), counter).orElseThrow();

    assertThat(first.principal().userId()).isEqualTo(user.id());
    assertThat(first.counter()).hasValueSatisfying(c -> assertThat(c.count()).isEqualTo(1));
    assertThat(second.counter()).hasValueSatisfying(c -> assertThat(c.count()).isEqualTo(2));
    assertThat(counters().increment(counter.keyFor(user.id().toString()), counter.window()).count())
        .as("counted on rate_limit:{user_id}:{endpoint}")
        .isEqualTo(3);
  }

  @Test
  void ending_a_session_ends_that_one_only() {
    var first = sessions.start(user);
    var second = sessions.start(user);

    sessions.end(user.id(), Secrets.sha256(first.secret()));

    assertThat(sessions.resolve(first.secret())).isEmpty();
    assertThat(sessions.resolve(second.secret())).isPresent();
    sessions.end(user.id(), Secrets.sha256(first.secret())); // already gone: nothing happens
  }

  @Test
  void ending_all_sessions_of_a_user_ends_each_of_them_and_no_one_elses() {
    var first = sessions.start(user);
    var second = sessions.start(user);
    var others = sessions.start(other);

    assertThat(sessions.endAll(user.id())).isEqualTo(2);

    assertThat(sessions.resolve(first.secret())).isEmpty();
    assertThat(sessions.resolve(second.secret())).isEmpty();
    assertThat(sessions.resolve(others.secret())).isPresent();
    assertThat(sessions.endAll(user.id())).isZero();
  }

  @Test
  void a_session_outlives_the_adapter_that_started_it() {
    var started = sessions.start(user);

    var restarted = newAdapter(settings, database.dataSource(), clock);

    assertThat(restarted.resolve(started.secret()))
        .hasValueSatisfying(p -> assertThat(p.userId()).isEqualTo(user.id()));
    assertThat(restarted.lifetime()).isEqualTo(LIFETIME);
  }
}
