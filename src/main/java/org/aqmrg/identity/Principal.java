package org.aqmrg.identity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: a signed-in user, a device or service holding an API token, or nobody.
 *
 * @param userId the user acting, or the token's owner; null for anonymous and operator tokens
 * @param name e-mail of the user, or name of the token, for the audit trail
 * @param role the user's role; {@link Role#PUBLIC} for tokens and anonymous callers
 * @param scopes the token's scopes; empty for sessions and anonymous callers
 * @param sensorIds for a token limited to some sensors, those; empty means all
 * @param credentialId session key or token id, for logout, revocation and the audit trail
 * @param expiresAt when the session or token stops working; null if never
 */
public record Principal(
    Kind kind,
    UUID userId,
    String name,
    Role role,
    Set<Scope> scopes,
    List<String> sensorIds,
    String credentialId,
    Instant expiresAt) {

  public enum Kind {
    ANONYMOUS,
    SESSION,
    TOKEN
  }

  public static final Principal ANONYMOUS =
      new Principal(
          Kind.ANONYMOUS, null, "anonymous", Role.PUBLIC, Set.of(), List.of(), null, null);

  /** The operator at the command line ({@code ./aqmrg import}): may write for every sensor. */
  public static final Principal OPERATOR =
      new Principal(
          Kind.TOKEN,
          null,
          "operator (command line)",
          Role.ADMIN,
          Set.of(Scope.values()),
          List.of(),
          "cli",
          null);

  public boolean anonymous() {
    return kind == Kind.ANONYMOUS;
  }

  public boolean hasScope(Scope scope) {
    return scopes.contains(scope);
  }

  public Optional<UUID> user() {
    return Optional.ofNullable(userId);
  }
}
