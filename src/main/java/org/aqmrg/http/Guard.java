package org.aqmrg.http;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.cache.Cache;
import org.aqmrg.config.Settings;
import org.aqmrg.identity.ApiTokens;
import org.aqmrg.identity.Principal;
import org.aqmrg.identity.Secrets;
import org.aqmrg.identity.Sessions;
import org.aqmrg.ratelimit.RateLimiter;

/**
 * Runs before every matched route: who is calling (session or token), whether the route's {@link
 * Access} rule lets them in, and whether they are within their rate limit. Finding a session or a
 * cached token and counting the request are one cache round trip together, so a request that is
 * then refused with 401 or 403 has still been counted. Refusals are 401, 403 and 429 in the API's
 * error format; those that concern access are audited.
 */
final class Guard {
  static final String SESSION_COOKIE = "aqmrg_session";

  /** The InfluxDB 1.x write route, whose clients may send the token as query parameter p. */
  static final String INFLUX_V1_WRITE = "/write";

  /** An IPv4 or IPv6 literal; anything else in X-Forwarded-For is ignored. */
  private static final Pattern IP_LITERAL =
      Pattern.compile("^(\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*)$");

  private final Sessions sessions;
  private final ApiTokens tokens;
  private final AuditLog audit;
  private final RateLimiter limiter;
  private final Settings.Access settings;

  Guard(
      Sessions sessions,
      ApiTokens tokens,
      AuditLog audit,
      RateLimiter limiter,
      Settings.Access settings) {
    this.sessions = sessions;
    this.tokens = tokens;
    this.audit = audit;
    this.limiter = limiter;
    this.settings = settings;
  }

  void handle(Context ctx) {
    Access access = accessOf(ctx);
    String client = clientAddress(ctx);
    String endpoint = Requests.template(ctx);
    // Health checks are never limited; everything else is counted, where possible in the same
    // cache round trip that finds the caller's session or token.
    Cache.SubjectCounter counter =
        endpoint.startsWith("/health/")
            ? null
            : RateLimiter.counterFor(endpoint, settings.rateWindow());
    Caller caller = authenticate(ctx, client, counter);
    Principal principal = caller.principal();
    Requests.remember(ctx, principal, client);
    if (!access.allows(principal)) {
      if (principal.anonymous()) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"aqmrg\"");
        throw new ApiException(
            401,
            "unauthorized",
            "sign in or send an API token (Authorization: Token …) to use this route",
            Map.of("required", access.name().toLowerCase(java.util.Locale.ROOT)));
      }
      Requests.audit(
          ctx,
          audit,
          "auth.forbidden",
          "route",
          ctx.method() + " " + endpoint,
          Map.of("required", access.name().toLowerCase(java.util.Locale.ROOT)));
      throw new ApiException(
          403,
          "forbidden",
          "this route needs " + describe(access) + "; your credentials do not carry it",
          Map.of("required", access.name().toLowerCase(java.util.Locale.ROOT)));
    }
    if (counter != null) {
      limit(ctx, caller, client, endpoint);
    }
  }

  /**
   * Who is calling, and the request's count against their rate limit when it was taken while
   * finding them.
   */
  private record Caller(Principal principal, Optional<Cache.Counter> counter) {
    static final Caller ANONYMOUS = new Caller(Principal.ANONYMOUS, Optional.empty());

    Caller(Principal principal) {
      this(principal, Optional.empty());
    }
  }

  private static Access accessOf(Context ctx) {
    Set<RouteRole> roles = ctx.routeRoles();
    if (roles.size() != 1 || !(roles.iterator().next() instanceof Access access)) {
      // Fail closed: a route that forgot to declare who may call it is not served.
      throw new IllegalStateException(
          "route "
              + ctx.method()
              + " "
              + Requests.template(ctx)
              + " declares no single access rule");
    }
    return access;
  }

  private Caller authenticate(Context ctx, String client, Cache.SubjectCounter counter) {
    String header = ctx.header("Authorization");
    if (header != null && !header.isBlank()) {
      return fromHeader(ctx, header.trim(), client, counter);
    }
    // InfluxDB 1.x clients send credentials as u and p query parameters: the token is p.
    String password = INFLUX_V1_WRITE.equals(Requests.template(ctx)) ? ctx.queryParam("p") : null;
    if (password != null && !password.isBlank()) {
      return fromCredential(ctx, password.trim(), client, counter);
    }
    String cookie = ctx.cookie(SESSION_COOKIE);
    if (cookie != null && Secrets.wellFormed(cookie) && cookie.startsWith(Secrets.SESSION_PREFIX)) {
      // A stale cookie is not an error: the caller is simply not signed in any more.
      return session(cookie, counter).orElse(Caller.ANONYMOUS);
    }
    return Caller.ANONYMOUS;
  }

  private Optional<Caller> session(String secret, Cache.SubjectCounter counter) {
    if (counter == null) {
      return sessions.resolve(secret).map(Caller::new);
    }
    return sessions
        .resolve(secret, counter)
        .map(counted -> new Caller(counted.principal(), counted.counter()));
  }

  private Caller fromHeader(
      Context ctx, String header, String client, Cache.SubjectCounter counter) {
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
      Context ctx, String value, String client, Cache.SubjectCounter counter) {
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
    var resolution = counter == null ? tokens.resolve(value) : tokens.resolve(value, counter);
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

  private ApiException refuse(Context ctx, String client, String reason, String message) {
    audit.record(
        Principal.ANONYMOUS,
        client,
        "auth.denied",
        "route",
        ctx.method() + " " + Requests.template(ctx),
        Map.of("reason", reason));
    ctx.header("WWW-Authenticate", "Bearer realm=\"aqmrg\", error=\"invalid_token\"");
    return new ApiException(401, "invalid_credentials", message, Map.of("reason", reason));
  }

  private void limit(Context ctx, Caller caller, String client, String endpoint) {
    Principal principal = caller.principal();
    var limits = settings.limits();
    int limit =
        switch (principal.kind()) {
          case ANONYMOUS -> limits.anonymous();
          case TOKEN -> limits.token();
          case SESSION ->
              switch (principal.role()) {
                case PUBLIC -> limits.publicUser();
                case RESEARCHER -> limits.researcher();
                case ADMIN -> limits.admin();
              };
        };
    RateLimiter.Decision decision;
    if (caller.counter().isPresent()) {
      decision = RateLimiter.decide(caller.counter().get(), limit);
    } else {
      String subject =
          switch (principal.kind()) {
            case ANONYMOUS -> "ip:" + client;
            case SESSION -> principal.userId().toString();
            case TOKEN -> ApiTokens.rateSubject(principal);
          };
      decision =
          principal.anonymous()
              ? limiter.acquireBatched(subject, endpoint, limit, settings.rateWindow())
              : limiter.acquire(subject, endpoint, limit, settings.rateWindow());
    }
    if (decision.unenforced()) {
      return;
    }
    ctx.header("X-RateLimit-Limit", String.valueOf(decision.limit()));
    ctx.header("X-RateLimit-Remaining", String.valueOf(decision.remaining()));
    ctx.header("X-RateLimit-Reset", String.valueOf(decision.resetSeconds()));
    if (!decision.allowed()) {
      long retryAfter = decision.retryAfterSeconds().orElse(1);
      ctx.header("Retry-After", String.valueOf(retryAfter));
      throw new ApiException(
          429,
          "too_many_requests",
          "more than "
              + decision.limit()
              + " requests to this route in "
              + settings.rateWindow().toSeconds()
              + " s; try again in "
              + retryAfter
              + " s",
          Map.of("limit", decision.limit(), "retry_after_seconds", retryAfter));
    }
  }

  /** The caller's address: the peer, or behind a trusted proxy the address it forwarded. */
  String clientAddress(Context ctx) {
    if (settings.trustProxy()) {
      String forwarded = ctx.header("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].trim();
        if (IP_LITERAL.matcher(last).matches()) {
          return last;
        }
      }
    }
    return ctx.ip();
  }

  private static String describe(Access access) {
    return switch (access) {
      case PUBLIC, SIGNED_IN -> "a signed-in user or a token";
      case RESEARCHER -> "the researcher or admin role, or a token with read:all";
      case ADMIN -> "the admin role";
      case WRITE_READINGS -> "a token with write:readings";
      case WRITE_PREDICTIONS -> "a token with write:predictions";
    };
  }
}
