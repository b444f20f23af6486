package org.aqmrg.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.memory.MemoryCache;
import org.aqmrg.config.Settings;
import org.aqmrg.db.Database;
import org.aqmrg.identity.postgres.PostgresSessions;
import org.junit.jupiter.api.Test;

/** Sessions in the {@code sessions} table, the adapter of platforms without Redis. */
class PostgresSessionsIT extends SessionsContract {
  private final MemoryCache cache = new MemoryCache();

  @Override
  Sessions newAdapter(Settings settings, DataSource dataSource, Clock clock) {
    return new PostgresSessions(Database.of(dataSource), cache, LIFETIME, clock);
  }

  @Override
  Cache counters() {
    return cache;
  }

  @Override
  void closeAdapters() {
    cache.close();
  }

  private long rows(String where, String value) throws Exception {
    try (var connection = database.dataSource().getConnection();
        var select =
            connection.prepareStatement("SELECT count(*) FROM sessions WHERE " + where + " = ?")) {
      select.setString(1, value);
      try (var rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  @Test
  void the_row_is_keyed_by_the_sha256_of_the_secret_and_expired_rows_go_at_a_later_login()
      throws Exception {
    var users = new Users(database.sql(), new Passwords());
    var user =
        users.create("row-" + UUID.randomUUID() + "@test.dev", "a long passphrase 42", Role.PUBLIC);
    var sessions = newAdapter(settings, database.dataSource(), clock);
    var expired = sessions.start(user);

    assertThat(rows("session_id", Secrets.sha256(expired.secret()))).isEqualTo(1);
    assertThat(rows("session_id", expired.secret())).isZero();
    assertThat(rows("user_id::text", user.id().toString())).isEqualTo(1);

    millis.addAndGet(LIFETIME.plus(Duration.ofSeconds(1)).toMillis());
    sessions.start(user);

    assertThat(rows("session_id", Secrets.sha256(expired.secret())))
        .as("the expired row is deleted at the next login")
        .isZero();
    assertThat(rows("user_id::text", user.id().toString())).isEqualTo(1);
  }

  @Test
  void deleting_the_user_deletes_their_sessions() throws Exception {
    var users = new Users(database.sql(), new Passwords());
    var user =
        users.create(
            "gone-" + UUID.randomUUID() + "@test.dev", "a long passphrase 42", Role.PUBLIC);
    var started = newAdapter(settings, database.dataSource(), clock).start(user);

    users.delete(user.id());

    assertThat(rows("session_id", Secrets.sha256(started.secret()))).isZero();
  }
}
