package org.aqmrg.http;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.cache.Cache;
import org.aqmrg.config.Settings;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.identity.ApiTokens;
import org.aqmrg.identity.Principal;
import org.aqmrg.ratelimit.RateLimiter;

/**
 * Runs before every matched route: who is calling (session or token, see {@link Credentials}),
 * whether the route's {@link Access} rule lets them in, and whether they are within their rate
 * limit. Finding a session or a cached token and counting the request are one cache round trip
 * together, so a request that is then refused with 403 has still been counted. Refusals are 401,
 * 403 and 429 in the API's error format; refused credentials are audited in aggregate, forbidden
 * requests one by one.
 */
final class Guard {
  static final String SESSION_COOKIE = "aqmrg_session";

  /** The InfluxDB 1.x write route, whose clients may send the token as query parameter p. */
  static final String INFLUX_V1_WRITE = "/write";

  /** The InfluxDB 1.x query route. */
  static final String INFLUX_V1_QUERY = "/query";

  /** The InfluxDB 1.x routes: their clients may send the token as query parameter p. */
  static final Set<String> INFLUX_V1_ROUTES = Set.of(INFLUX_V1_WRITE, INFLUX_V1_QUERY);

  /** An IPv4 or IPv6 literal; anything else in X-Forwarded-For is ignored. */
  private static final Pattern IP_LITERAL =
      Pattern.compile("^(\\d{1,3}(\\.\\d{1,3}){3}|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*)$");

  private final Credentials credentials;
  private final AuditLog audit;
  private final RateLimiter limiter;
  private final Settings.Access settings;

  Guard(Credentials credentials, AuditLog audit, RateLimiter limiter, Settings.Access settings) {
    this.credentials = credentials;
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
    boolean health = endpoint.startsWith("/health/");
    Cache.KeyedCounter counter =
        health ? null : RateLimiter.counterFor(endpoint, settings.rateWindow());
    Credentials.Caller caller = identify(ctx, client, counter, health);
    Principal principal = caller.principal();
    Requests.remember(ctx, principal, client);
    // The limit comes before the access rule, so a caller who keeps asking for what they may not
    // have costs one audit row per request only up to their limit.
    if (!health) {
      limit(ctx, caller, client, endpoint);
    }
    if (!access.allows(principal) && !openMetrics(ctx, access, client)) {
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
  }

  /**
   * The caller; on the health routes a caller whose session cannot be looked up because the cache
   * is down is answered as anyone is (a probe must still learn that the cache is down).
   */
  private Credentials.Caller identify(
      Context ctx, String client, Cache.KeyedCounter counter, boolean health) {
    try {
      return credentials.identify(ctx, client, counter);
    } catch (StoreUnavailableException e) {
      if (health && e.store() == Store.CACHE) {
        return Credentials.Caller.ANONYMOUS;
      }
      throw e;
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

  private void limit(Context ctx, Credentials.Caller caller, String client, String endpoint) {
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
      throw tooManyRequests(ctx, decision, settings.rateWindow(), "requests to this route");
    }
  }

  /**
   * The 429 of a refused decision, with {@code Retry-After}; {@code what} names what was counted.
   */
  static ApiException tooManyRequests(
      Context ctx, RateLimiter.Decision decision, java.time.Duration window, String what) {
    long retryAfter = decision.retryAfterSeconds().orElse(1);
    ctx.header("Retry-After", String.valueOf(retryAfter));
    return new ApiException(
        429,
        "too_many_requests",
        "more than "
            + decision.limit()
            + " "
            + what
            + " in "
            + window.toSeconds()
            + " s; try again in "
            + retryAfter
            + " s",
        Map.of("limit", decision.limit(), "retry_after_seconds", retryAfter));
  }

  /**
   * Whether {@code /metrics} is open to this caller without credentials: always with {@code
   * AQMRG_METRICS_ACCESS=public}, never with {@code token}, and with {@code loopback} when the
   * socket's peer is a loopback address and so is the client address (behind a trusted proxy on
   * this machine the peer is always loopback: the address it forwarded must be too).
   */
  private boolean openMetrics(Context ctx, Access access, String client) {
    if (access != Access.METRICS) {
      return false;
    }
    return switch (settings.metrics()) {
      case PUBLIC -> true;
      case TOKEN -> false;
      case LOOPBACK -> loopback(ctx.req().getRemoteAddr()) && loopback(client);
    };
  }

  /** True for an IP literal of a loopback address (127.0.0.0/8, ::1, ::ffff:127.x.x.x). */
  static boolean loopback(String address) {
    if (address == null) {
      return false;
    }
    String literal = address;
    if (literal.startsWith("[") && literal.endsWith("]")) {
      literal = literal.substring(1, literal.length() - 1);
    }
    int zone = literal.indexOf('%');
    if (zone >= 0) {
      literal = literal.substring(0, zone);
    }
    if (!IP_LITERAL.matcher(literal).matches()) {
      return false; // never a name: that would be a DNS lookup, and not the peer's address
    }
    try {
      return java.net.InetAddress.getByName(literal).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
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
      case ACCOUNT -> "a signed-in user (a session, not an API token)";
      case METRICS -> "a token with read:metrics or the admin role";
    };
  }
}
