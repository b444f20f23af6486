package org.aqmrg.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A session about to be stored: the secret the client gets, its id (the secret's SHA-256, all that
 * is stored), and its times in whole seconds. Every {@link Sessions} adapter starts one so.
 */
public record NewSession(String secret, String id, Instant createdAt, Instant expiresAt) {
  /** A new session from now, lasting {@code lifetime}. */
  public static NewSession starting(Clock clock, Duration lifetime) {
    String secret = Secrets.newSecret(Secrets.SESSION_PREFIX);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    return new NewSession(secret, Secrets.sha256(secret), now, now.plus(lifetime));
  }

  /** What the client is told. */
  public Sessions.Started started() {
    return new Sessions.Started(secret, expiresAt);
  }
}
