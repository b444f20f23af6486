package org.aqmrg.identity.postgres;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.aqmrg.cache.Cache;
import org.aqmrg.db.Database;
import org.aqmrg.identity.NewSession;
import org.aqmrg.identity.Principal;
import org.aqmrg.identity.Role;
import org.aqmrg.identity.Secrets;
import org.aqmrg.identity.Sessions;
import org.aqmrg.identity.User;

/**
 * Sessions in the {@code sessions} table, for platforms without Redis: they survive a restart and
 * are shared by every instance on the same database. Rows are keyed by the session id (the SHA-256
 * of the client's secret, never the secret); expired rows are removed at each login, through the
 * index on {@code expires_at}. Requests are counted for the rate limit in the cache as before.
 */
public final class PostgresSessions implements Sessions {
  private final Database database;
  private final Cache cache;
  private final Duration lifetime;
  private final Clock clock;

  /**
   * @param cache where requests are counted for the rate limit
   * @param lifetime how long a session lasts from login
   */
  public PostgresSessions(Database database, Cache cache, Duration lifetime, Clock clock) {
    this.database = database;
    this.lifetime = lifetime;
    this.clock = clock;
    this.cache = cache;
  }

  @Override
  public Started start(User user) {
    var session = NewSession.starting(clock, lifetime);
    database.useHandle(
        "starting a session",
        handle -> {
          handle
              .createUpdate("DELETE FROM sessions WHERE expires_at <= ?")
              .bind(0, session.createdAt())
              .execute();
          handle
              .createUpdate(
                  "INSERT INTO sessions (session_id, user_id, role, email, created_at, expires_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")
              .bind(0, session.id())
              .bind(1, user.id())
              .bind(2, user.role().value())
              .bind(3, user.email())
              .bind(4, session.createdAt())
              .bind(5, session.expiresAt())
              .execute();
        });
    return session.started();
  }

  @Override
  public Optional<Principal> resolve(String secret) {
    String id = Secrets.sha256(secret);
    String sql =
        "SELECT user_id, email, role, expires_at FROM sessions"
            + " WHERE session_id = ? AND expires_at > ?";
    return database.withHandle(
        "reading a session",
        handle ->
            handle
                .createQuery(sql)
                .bind(0, id)
                .bind(1, clock.instant())
                .map(
                    (rows, ctx) ->
                        Sessions.principal(
                            rows.getObject("user_id", UUID.class),
                            rows.getString("email"),
                            Role.parse(rows.getString("role")).orElse(Role.PUBLIC),
                            id,
                            rows.getObject("expires_at", OffsetDateTime.class).toInstant()))
                .findOne());
  }

  @Override
  public Optional<Counted> resolve(String secret, Cache.KeyedCounter counter) {
    return resolve(secret)
        .map(
            principal ->
                new Counted(
                    principal,
                    Optional.of(
                        cache.increment(
                            counter.keyFor(principal.userId().toString()), counter.window()))));
  }

  @Override
  public void end(UUID userId, String sessionId) {
    database.useHandle(
        "ending a session",
        handle ->
            handle
                .createUpdate("DELETE FROM sessions WHERE session_id = ?")
                .bind(0, sessionId)
                .execute());
  }

  @Override
  public int endAll(UUID userId) {
    String sql =
        "WITH ended AS (DELETE FROM sessions WHERE user_id = ? RETURNING expires_at)"
            + " SELECT count(*) FROM ended WHERE expires_at > ?";
    return database.withHandle(
        "ending a user's sessions",
        handle ->
            handle
                .createQuery(sql)
                .bind(0, userId)
                .bind(1, clock.instant())
                .mapTo(Integer.class)
                .one());
  }

  @Override
  public Duration lifetime() {
    return lifetime;
  }
}
