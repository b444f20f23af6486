package org.aqmrg.http;

import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import org.aqmrg.audit.DeniedRequests;
import org.aqmrg.cache.Cache;
import org.aqmrg.config.Settings;
import org.aqmrg.identity.ApiTokens;
import org.aqmrg.identity.Principal;
import org.aqmrg.identity.Secrets;
import org.aqmrg.identity.Sessions;
import org.aqmrg.ratelimit.RateLimiter;

/**
 * Who is calling: the session or token a request presents, or nobody.
 *
 * <p>A credential that is refused (malformed, unknown, expired, revoked, an ended session) gets 401
 * and counts against its client address, at the limit of anonymous callers ({@code
 * AQMRG_RATE_LIMIT_ANONYMOUS} per window, all routes together). Past that limit the address gets
 * 429 for such requests until the window ends, and a token the cache does not hold is then refused
 * before it is looked up in the database. Refusals are audited in aggregate ({@link
 * DeniedRequests}): one entry per address and window, not one per request.
 *
 * <p>The session cookie signs in a request that changes something (POST, PATCH, DELETE) only with
 * the session's CSRF token beside it ({@link Csrf}); without it the caller is anonymous.
 */
final class Credentials {
  /** The rate-limit endpoint under which refused credentials are counted per address. */
  static final String REFUSALS = "refused-credentials";

  private final Sessions sessions;
  private final ApiTokens tokens;
  private final RateLimiter limiter;
  private final DeniedRequests denied;
  private final Settings.Access settings;

  Credentials(
      Sessions sessions,
      ApiTokens tokens,
      RateLimiter limiter,
      DeniedRequests denied,
      Settings.Access settings) {
    this.sessions = sessions;
    this.tokens = tokens;
    this.limiter = limiter;
    this.denied = denied;
    this.settings = settings;
  }

  /**
   * Who is calling, and the request's count against their rate limit when it was taken while
   * finding them.
   */
  record Caller(Principal principal, Optional<Cache.Counter> counter) {
    static final Caller ANONYMOUS = new Caller(Principal.ANONYMOUS, Optional.empty());

    Caller(Principal principal) {
      this(principal, Optional.empty());
    }
  }

  /**
   * The caller of {@code ctx}, counted on {@code counter} when it is not null and the cache finds
   * the caller; throws a 401 or 429 {@link ApiException} for a refused credential.
   */
  Caller identify(Context ctx, String client, Cache.KeyedCounter counter) {
    String header = ctx.header("Authorization");
    if (header != null && !header.isBlank()) {
      return fromHeader(ctx, header.trim(), client, counter);
    }
    // InfluxDB 1.x clients send credentials as u and p query parameters: the token is p.
    String password =
        Guard.INFLUX_V1_ROUTES.contains(Requests.template(ctx)) ? ctx.queryParam("p") : null;
    if (password != null && !password.isBlank()) {
      return fromCredential(ctx, password.trim(), client, counter);
    }
    String cookie = ctx.cookie(Guard.SESSION_COOKIE);
    if (cookie != null && Secrets.wellFormed(cookie) && cookie.startsWith(Secrets.SESSION_PREFIX)) {
      if (!Csrf.cookieCounts(ctx, cookie)) {
        // A write that the browser may have been made to send by another site: without the
        // session's CSRF token, the cookie does not sign it in.
        return Caller.ANONYMOUS;
      }
      // A stale cookie is not an error: the caller is simply not signed in any more.
      return session(cookie, counter).orElse(Caller.ANONYMOUS);
    }
    return Caller.ANONYMOUS;
  }

  private Optional<Caller> session(String secret, Cache.KeyedCounter counter) {
    if (counter == null) {
      return sessions.resolve(secret).map(Caller::new);
    }
    return sessions
        .resolve(secret, counter)
        .map(counted -> new Caller(counted.principal(), counted.counter()));
  }

  private Caller fromHeader(Context ctx, String header, String client, Cache.KeyedCounter counter) {
    int space = header.indexOf(' ');
    String scheme = space < 0 ? header : header.substring(0, space);
    String value = space < 0 ? "" : header.substring(space + 1).trim();
    if (scheme.equalsIgnoreCase("Basic")) {
      // InfluxDB 1.x clients: any user name, the token as the password.
      value = basicPassword(value);
      if (value == null) {
        throw refuse(ctx, client, "malformed", "basic credentials must be base64 of user:token");
      }
    } else if (!scheme.equalsIgnoreCase("Token") && !scheme.equalsIgnoreCase("Bearer")) {
      throw refuse(
          ctx,
          client,
          "unsupported_scheme",
          "use 'Authorization: Token <token>' or 'Authorization: Bearer <token>'");
    }
    return fromCredential(ctx, value, client, counter);
  }

  private static String basicPassword(String encoded) {
    try {
      byte[] decoded = java.util.Base64.getDecoder().decode(encoded);
      String text = new String(decoded, java.nio.charset.StandardCharsets.UTF_8);
      int colon = text.indexOf(':');
      return colon < 0 ? null : text.substring(colon + 1);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private Caller fromCredential(
      Context ctx, String value, String client, Cache.KeyedCounter counter) {
    if (!Secrets.wellFormed(value)) {
      throw refuse(
          ctx, client, "malformed", "the credential is not a token issued by this platform");
    }
    if (value.startsWith(Secrets.SESSION_PREFIX)) {
      return session(value, counter)
          .orElseThrow(
              () ->
                  refuse(
                      ctx,
                      client,
                      "session_ended",
                      "the session has expired or ended; log in again"));
    }
    var resolution =
        tokens.resolve(value, counter, () -> refuseUncheckedWhenExhausted(ctx, client));
    if (resolution instanceof ApiTokens.Resolution.Valid valid) {
      return new Caller(valid.principal(), valid.counter());
    }
    if (resolution instanceof ApiTokens.Resolution.Refused refused) {
      throw refuse(
          ctx,
          client,
          "token_" + refused.reason(),
          "the API token '" + refused.token().name() + "' is " + refused.reason());
    }
    throw refuse(ctx, client, "unknown_token", "the API token is not known");
  }

  /**
   * Before a token is looked up in the database: an address already past its limit of refused
   * credentials gets 429 without the query.
   */
  private void refuseUncheckedWhenExhausted(Context ctx, String client) {
    int limit = settings.limits().anonymous();
    if (!limiter.exhausted(subject(client), REFUSALS, limit)) {
      return;
    }
    var decision = limiter.acquireBatched(subject(client), REFUSALS, limit, settings.rateWindow());
    if (!decision.allowed()) {
      denied.record(client, route(ctx), "unchecked", true);
      throw tooMany(ctx, decision);
    }
  }

  /** A refused credential: counted against the address, audited in aggregate, 401 or 429. */
  private ApiException refuse(Context ctx, String client, String reason, String message) {
    var decision =
        limiter.acquireBatched(
            subject(client), REFUSALS, settings.limits().anonymous(), settings.rateWindow());
    denied.record(client, route(ctx), reason, !decision.allowed());
    if (!decision.allowed()) {
      return tooMany(ctx, decision);
    }
    ctx.header("WWW-Authenticate", "Bearer realm=\"aqmrg\", error=\"invalid_token\"");
    return new ApiException(401, "invalid_credentials", message, Map.of("reason", reason));
  }

  private ApiException tooMany(Context ctx, RateLimiter.Decision decision) {
    return Guard.tooManyRequests(
        ctx,
        decision,
        settings.rateWindow(),
        "requests with refused credentials from this address");
  }

  private static String subject(String client) {
    return "ip:" + client;
  }

  private static String route(Context ctx) {
    return ctx.method() + " " + Requests.template(ctx);
  }
}
