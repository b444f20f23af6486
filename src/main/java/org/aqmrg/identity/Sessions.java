package org.aqmrg.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.aqmrg.cache.Cache;

/**
 * Signed-in sessions under {@code session:{session_id}} in the cache, where the session id is the
 * SHA-256 of the value the client holds, so a cache dump cannot be replayed as a login.
 *
 * <p>Each user's session ids are also listed under {@code user_sessions:{user_id}}, so that a role
 * change, a new password or a deleted account ends every session of that user at once.
 */
public final class Sessions {
  private final Cache cache;
  private final Duration lifetime;
  private final Clock clock;

  /**
   * @param lifetime how long a session lasts from login
   */
  public Sessions(Cache cache, Duration lifetime, Clock clock) {
    this.cache = cache;
    this.lifetime = lifetime;
    this.clock = clock;
  }

  /** A new session: the value to hand to the client, and when it ends. */
  public record Started(String secret, Instant expiresAt) {}

  public Started start(User user) {
    String secret = Secrets.newSecret(Secrets.SESSION_PREFIX);
    String id = Secrets.sha256(secret);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expiresAt = now.plus(lifetime);
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
    return new Started(secret, expiresAt);
  }

  /** The session's principal; empty when the session does not exist or has expired. */
  public Optional<Principal> resolve(String secret) {
    String id = Secrets.sha256(secret);
    return principal(id, cache.getHash(key(id)));
  }

  /** A session's principal and the count of the request against its user's rate limit. */
  public record Counted(Principal principal, Optional<Cache.Counter> counter) {}

  /**
   * As {@link #resolve}, and in the same cache round trip counts the request on {@code counter} for
   * the session's user ({@code rate_limit:{user_id}:{endpoint}}). Nothing is counted when there is
   * no such session.
   */
  public Optional<Counted> resolve(String secret, Cache.SubjectCounter counter) {
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
        new Principal(
            Principal.Kind.SESSION,
            UUID.fromString(session.get("user_id")),
            session.getOrDefault("email", ""),
            Role.parse(session.get("role")).orElse(Role.PUBLIC),
            Set.of(),
            List.of(),
            id,
            expiresAt));
  }

  /** Ends one session, given its id ({@link Principal#credentialId()}). */
  public void end(UUID userId, String sessionId) {
    cache.delete(key(sessionId));
    cache.removeFromSet(index(userId), sessionId);
  }

  /** Ends every session of a user; returns how many there were. */
  public int endAll(UUID userId) {
    Set<String> ids = cache.members(index(userId));
    for (String id : ids) {
      cache.delete(key(id));
    }
    cache.delete(index(userId));
    return ids.size();
  }

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
