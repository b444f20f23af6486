package org.aqmrg.identity;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.aqmrg.cache.Cache;

/**
 * Signed-in sessions. The client holds a secret ({@code aqs_…}, see {@link Secrets}); the store
 * keeps only its SHA-256, the session id, so a dump of the store cannot be replayed as a login.
 *
 * <p>Two adapters, chosen in {@code config.Platform}: {@code cache.CacheSessions} in Redis, shared
 * by every instance, and {@code postgres.PostgresSessions} in the {@code sessions} table when no
 * Redis is configured, so that sessions survive a restart there too. Both pass one contract test.
 */
public interface Sessions {

  /** A new session: the value to hand to the client, and when it ends. */
  record Started(String secret, Instant expiresAt) {}

  /** A session's principal and the count of the request against its user's rate limit. */
  record Counted(Principal principal, Optional<Cache.Counter> counter) {}

  /** Starts a session for {@code user} that lasts {@link #lifetime()}. */
  Started start(User user);

  /** The session's principal; empty when the session does not exist, has ended or has expired. */
  Optional<Principal> resolve(String secret);

  /**
   * As {@link #resolve}, and counts the request on {@code counter} for the session's user ({@code
   * rate_limit:{user_id}:{endpoint}}); nothing is counted when there is no such session.
   */
  Optional<Counted> resolve(String secret, Cache.KeyedCounter counter);

  /** Ends one session, given its id ({@link Principal#credentialId()}); nothing if it is gone. */
  void end(UUID userId, String sessionId);

  /** Ends every session of a user (role change, new password, deletion); returns how many. */
  int endAll(UUID userId);

  /** How long a session lasts from login. */
  Duration lifetime();

  /** The principal of a live session, as both adapters build it. */
  static Principal principal(
      UUID userId, String email, Role role, String sessionId, Instant expiresAt) {
    return new Principal(
        Principal.Kind.SESSION, userId, email, role, Set.of(), List.of(), sessionId, expiresAt);
  }
}
