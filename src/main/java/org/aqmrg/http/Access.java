package org.aqmrg.http;

import io.javalin.security.RouteRole;
import org.aqmrg.identity.Principal;
import org.aqmrg.identity.Role;
import org.aqmrg.identity.Scope;

/**
 * Who may call a route. Every route declares exactly one where it is declared, in {@link WebApp},
 * so that one file shows who may do what; a route without one is refused (500) rather than open.
 *
 * <table>
 *   <caption>Who passes each rule</caption>
 *   <tr><th>rule</th><th>signed-in users</th><th>API tokens</th></tr>
 *   <tr><td>PUBLIC</td><td>everyone, also anonymous callers</td><td>every token</td></tr>
 *   <tr><td>SIGNED_IN</td><td>every role</td><td>every token</td></tr>
 *   <tr><td>RESEARCHER</td><td>researcher, admin</td><td>read:all</td></tr>
 *   <tr><td>ADMIN</td><td>admin</td><td>none</td></tr>
 *   <tr><td>WRITE_READINGS</td><td>admin</td><td>write:readings</td></tr>
 *   <tr><td>WRITE_PREDICTIONS</td><td>admin</td><td>write:predictions</td></tr>
 *   <tr><td>ACCOUNT</td><td>every role</td><td>none</td></tr>
 *   <tr><td>METRICS</td><td>admin; see below</td><td>read:metrics</td></tr>
 * </table>
 *
 * <p>METRICS also lets in callers without credentials as {@code AQMRG_METRICS_ACCESS} says: {@code
 * loopback} (the default) those whose connection comes from this machine's loopback address (and,
 * behind a trusted proxy, whose forwarded address is loopback too), {@code public} everyone, {@code
 * token} nobody. {@link Guard} decides that part, since it needs the connection.
 */
public enum Access implements RouteRole {
  /** Anyone, signed in or not: health probes, public reads, login. */
  PUBLIC,
  /** Any signed-in user or token: who am I, log out. */
  SIGNED_IN,
  /** Researchers and admins, and tokens with read:all: raw data, CSV export. */
  RESEARCHER,
  /** Admins only: users, tokens, registry changes, the audit trail. */
  ADMIN,
  /** Devices and gateways with write:readings (and admins). */
  WRITE_READINGS,
  /** The forecasting pipeline with write:predictions (and admins). */
  WRITE_PREDICTIONS,
  /**
   * A person signed in, of any role, but no token: what belongs to a user's account (their alerts),
   * which a device's or a service's token has no business with.
   */
  ACCOUNT,
  /** Prometheus: tokens with read:metrics and admins, and more as AQMRG_METRICS_ACCESS says. */
  METRICS;

  /** True when {@code principal} may call a route with this rule. */
  public boolean allows(Principal principal) {
    boolean admin = principal.kind() == Principal.Kind.SESSION && principal.role() == Role.ADMIN;
    return switch (this) {
      case PUBLIC -> true;
      case SIGNED_IN -> !principal.anonymous();
      case RESEARCHER ->
          (principal.kind() == Principal.Kind.SESSION && principal.role().atLeast(Role.RESEARCHER))
              || principal.hasScope(Scope.READ_ALL);
      case ADMIN -> admin;
      case WRITE_READINGS -> admin || principal.hasScope(Scope.WRITE_READINGS);
      case WRITE_PREDICTIONS -> admin || principal.hasScope(Scope.WRITE_PREDICTIONS);
      case ACCOUNT -> principal.kind() == Principal.Kind.SESSION;
      case METRICS -> admin || principal.hasScope(Scope.READ_METRICS);
    };
  }
}
