package org.aqmrg.identity.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.aqmrg.cache.Cache;
import org.aqmrg.identity.NewSession;
import org.aqmrg.identity.Principal;
import org.aqmrg.identity.Role;
import org.aqmrg.identity.Secrets;
import org.aqmrg.identity.Sessions;
import org.aqmrg.identity.User;

/**
 * Sessions under {@code session:{session_id}} in the cache (Redis), where the session id is the
 * SHA-256 of the value the client holds.
 *
 * <p>Each user's session ids are also listed under {@code user_sessions:{user_id}}, so that a role
 * change, a new password or a deleted account ends every session of that user at once.
 */
public final class CacheSessions implements Sessions {
  private final Cache cache;
  private final Duration lifetime;
  private final Clock clock;

  /**
   * @param lifetime how long a session lasts from login
   */
  public CacheSessions(Cache cache, Duration lifetime, Clock clock) {
    this.cache = cache;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  @Override
  public Started start(User user) {
    var session = NewSession.starting(clock, lifetime);
    String id = session.id();
    Instant now = session.createdAt();
    Instant expiresAt = session.expiresAt();
    cache.putHash(
        key(id),
        Map.of(
            "user_id", user.id().toString(),
            "email", user.email(),
            "role", user.role().value(),
            "created_at", now.toString(),
            "expires_at", expiresAt.toString()),
        lifetime);
    cache.addToSet(index(user.id()), id, lifetime);
    return session.started();
  }

  @Override
  public Optional<Principal> resolve(String secret) {
    String id = Secrets.sha256(secret);
    return principal(id, cache.getHash(key(id)));
  }

  /** Finding the session and counting the request are one cache round trip. */
  @Override
  public Optional<Counted> resolve(String secret, Cache.KeyedCounter counter) {
    String id = Secrets.sha256(secret);
    var answer = cache.getHashAndIncrement(key(id), "user_id", counter);
    return principal(id, answer.hash()).map(p -> new Counted(p, answer.counter()));
  }

  private Optional<Principal> principal(String id, Map<String, String> session) {
    if (session.isEmpty()) {
      return Optional.empty();
    }
    Instant expiresAt = Instant.parse(session.get("expires_at"));
    if (!expiresAt.isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(
        Sessions.principal(
            UUID.fromString(session.get("user_id")),
            session.getOrDefault("email", ""),
            Role.parse(session.get("role")).orElse(Role.PUBLIC),
            id,
            expiresAt));
  }

  @Override
  public void end(UUID userId, String sessionId) {
    cache.delete(key(sessionId));
    cache.removeFromSet(index(userId), sessionId);
  }

  @Override
  public int endAll(UUID userId) {
    Set<String> ids = cache.members(index(userId));
    for (String id : ids) {
      cache.delete(key(id));
    }
    cache.delete(index(userId));
    return ids.size();
  }

  @Override
  public Duration lifetime() {
    return lifetime;
  }

  private static String key(String sessionId) {
    return "session:" + sessionId;
  }

  private static String index(UUID userId) {
    return "user_sessions:" + userId;
  }
}
