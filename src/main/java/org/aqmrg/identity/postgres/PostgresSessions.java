package org.aqmrg.identity.postgres;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.aqmrg.cache.Cache;
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
  private final DataSource dataSource;
  private final Cache cache;
  private final Duration lifetime;
  private final Clock clock;

  /**
   * @param cache where requests are counted for the rate limit
   * @param lifetime how long a session lasts from login
   */
  public PostgresSessions(DataSource dataSource, Cache cache, Duration lifetime, Clock clock) {
    this.dataSource = dataSource;
    this.cache = cache;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  @Override
  public Started start(User user) {
    String secret = Secrets.newSecret(Secrets.SESSION_PREFIX);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = now.plus(lifetime);
    try (var connection = dataSource.getConnection();
        var purge = connection.prepareStatement("DELETE FROM sessions WHERE expires_at <= ?");
        var insert =
            connection.prepareStatement(
                "INSERT INTO sessions (session_id, user_id, role, email, created_at, expires_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
      purge.setObject(1, utc(now));
      purge.executeUpdate();
      insert.setString(1, Secrets.sha256(secret));
      insert.setObject(2, user.id());
      insert.setString(3, user.role().value());
      insert.setString(4, user.email());
      insert.setObject(5, utc(now));
      insert.setObject(6, utc(expiresAt));
      insert.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("starting a session failed", e);
    }
    return new Started(secret, expiresAt);
  }

  @Override
  public Optional<Principal> resolve(String secret) {
    String id = Secrets.sha256(secret);
    String sql =
        "SELECT user_id, email, role, expires_at FROM sessions"
            + " WHERE session_id = ? AND expires_at > ?";
    try (var connection = dataSource.getConnection();
        var select = connection.prepareStatement(sql)) {
      select.setString(1, id);
      select.setObject(2, utc(clock.instant()));
      try (var rows = select.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            Sessions.principal(
                rows.getObject("user_id", UUID.class),
                rows.getString("email"),
                Role.parse(rows.getString("role")).orElse(Role.PUBLIC),
                id,
                rows.getObject("expires_at", OffsetDateTime.class).toInstant()));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("reading a session failed", e);
    }
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
    try (var connection = dataSource.getConnection();
        var delete = connection.prepareStatement("DELETE FROM sessions WHERE session_id = ?")) {
      delete.setString(1, sessionId);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException("ending a session failed", e);
    }
  }

  @Override
  public int endAll(UUID userId) {
    String sql =
        "WITH ended AS (DELETE FROM sessions WHERE user_id = ? RETURNING expires_at)"
            + " SELECT count(*) FROM ended WHERE expires_at > ?";
    try (var connection = dataSource.getConnection();
        var delete = connection.prepareStatement(sql)) {
      delete.setObject(1, userId);
      delete.setObject(2, utc(clock.instant()));
      try (var rows = delete.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("ending a user's sessions failed", e);
    }
  }

  @Override
  public Duration lifetime() {
    return lifetime;
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
