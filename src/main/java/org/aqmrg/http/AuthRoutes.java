package org.aqmrg.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.identity.LoginThrottle;
import org.aqmrg.identity.Passwords;
import org.aqmrg.identity.Principal;
import org.aqmrg.identity.Secrets;
import org.aqmrg.identity.Sessions;
import org.aqmrg.identity.User;
import org.aqmrg.identity.Users;

/** {@code /api/v1/auth}: log in, log out, and who am I. */
final class AuthRoutes {
  private final Users users;
  private final Sessions sessions;
  private final LoginThrottle throttle;
  private final AuditLog audit;
  private final ObjectMapper json;

  AuthRoutes(
      Users users, Sessions sessions, LoginThrottle throttle, AuditLog audit, ObjectMapper json) {
    this.users = users;
    this.sessions = sessions;
    this.throttle = throttle;
    this.audit = audit;
    this.json = json;
  }

  record LoginRequest(String email, String password) {}

  record LoginResponse(String token, Instant expiresAt, User user) {}

  void login(Context ctx) {
    var request = Json.read(ctx, json, LoginRequest.class);
    String email = Json.required(request.email(), "email");
    String password = Json.required(request.password(), "password");
    if (email.length() > Users.MAX_EMAIL_LENGTH) {
      throw InvalidInputException.field(
          "email",
          "the e-mail address must have at most " + Users.MAX_EMAIL_LENGTH + " characters");
    }
    if (password.length() > Passwords.MAX_LENGTH) {
      throw InvalidInputException.field(
          "password", "the password must have at most " + Passwords.MAX_LENGTH + " characters");
    }
    String client = Requests.client(ctx);
    var wait = throttle.blocked(email, client);
    if (wait.isPresent()) {
      long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
      Requests.audit(ctx, audit, "auth.login_throttled", "user", null, Map.of("email", email));
      ctx.header("Retry-After", String.valueOf(seconds));
      throw new ApiException(
          429,
          "too_many_failed_logins",
          "too many failed logins for this account or address; try again in " + seconds + " s",
          Map.of("retry_after_seconds", seconds));
    }
    var user = users.authenticate(email, password);
    if (user.isEmpty()) {
      throttle.failed(email, client);
      Requests.audit(ctx, audit, "auth.login_failed", "user", null, Map.of("email", email));
      throw new ApiException(401, "invalid_credentials", "wrong e-mail or password", Map.of());
    }
    throttle.succeeded(email);
    endPresentedSessions(ctx);
    var started = sessions.start(user.get());
    int lifetime = (int) sessions.lifetime().toSeconds();
    ctx.cookie(cookie(ctx, started.secret(), lifetime));
    ctx.cookie(Csrf.cookie(started.secret(), lifetime, https(ctx)));
    Requests.remember(ctx, sessionOf(user.get(), started), client);
    Requests.audit(ctx, audit, "auth.login", "user", user.get().id().toString(), Map.of());
    ctx.json(new LoginResponse(started.secret(), started.expiresAt(), user.get()));
  }

  /**
   * A fresh session id at every login: the session the caller presented ends here, whether it came
   * as {@code Authorization: Bearer aqs_…} (the guard resolved it) or as the cookie.
   */
  private void endPresentedSessions(Context ctx) {
    Principal caller = Requests.principal(ctx);
    if (caller.kind() == Principal.Kind.SESSION) {
      sessions.end(caller.userId(), caller.credentialId());
    }
    String cookie = ctx.cookie(Guard.SESSION_COOKIE);
    if (cookie != null && Secrets.wellFormed(cookie)) {
      sessions.resolve(cookie).ifPresent(old -> sessions.end(old.userId(), old.credentialId()));
    }
  }

  void logout(Context ctx) {
    Principal principal = Requests.principal(ctx);
    if (principal.kind() != Principal.Kind.SESSION) {
      throw new ApiException(
          400,
          "not_a_session",
          "logout ends a session; an API token is revoked instead (DELETE /api/v1/tokens/{id})",
          Map.of());
    }
    sessions.end(principal.userId(), principal.credentialId());
    ctx.cookie(cookie(ctx, "", 0));
    ctx.cookie(Csrf.cookie("", 0, https(ctx)));
    Requests.audit(ctx, audit, "auth.logout", "user", principal.userId().toString(), Map.of());
    ctx.status(204);
  }

  void me(Context ctx) {
    Principal principal = Requests.principal(ctx);
    var body = new LinkedHashMap<String, Object>();
    body.put("kind", principal.kind().name().toLowerCase(java.util.Locale.ROOT));
    if (principal.kind() == Principal.Kind.SESSION) {
      body.put("user_id", principal.userId());
      body.put("email", principal.name());
      body.put("role", principal.role().value());
    } else {
      body.put("token_id", principal.credentialId());
      body.put("name", principal.name());
      body.put("owner_id", principal.userId());
      body.put("scopes", principal.scopes().stream().map(s -> s.value()).sorted().toList());
      body.put("sensor_ids", principal.sensorIds());
    }
    body.put("expires_at", principal.expiresAt());
    ctx.json(body);
  }

  private static Principal sessionOf(User user, Sessions.Started started) {
    return new Principal(
        Principal.Kind.SESSION,
        user.id(),
        user.email(),
        user.role(),
        java.util.Set.of(),
        java.util.List.of(),
        Secrets.sha256(started.secret()),
        started.expiresAt());
  }

  /**
   * HttpOnly and SameSite=Strict always; Secure when the request came over HTTPS. The CSRF cookie
   * ({@link Csrf}) goes beside it, with the same lifetime.
   */
  private static Cookie cookie(Context ctx, String value, int maxAgeSeconds) {
    return new Cookie(
        Guard.SESSION_COOKIE, value, "/", maxAgeSeconds, https(ctx), true, null, SameSite.STRICT);
  }

  private static boolean https(Context ctx) {
    return "https".equalsIgnoreCase(ctx.scheme())
        || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }
}
