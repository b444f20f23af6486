package org.aqmrg.http;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Set;

/**
 * Cross-site request forgery: the session cookie is sent by the browser on its own, so on a request
 * that changes something it counts only when the request also carries {@value #HEADER}, whose value
 * the page read from the {@value #COOKIE} cookie (a signed double-submit cookie).
 *
 * <p>The token is derived from the session's secret (SHA-256 of it with a label of its own), so it
 * is bound to that session, cannot be made without the secret, and tells nothing about it. The
 * cookie is readable by the dashboard's own script (not HttpOnly), {@code SameSite=Strict}, set at
 * login and cleared at logout beside the session cookie. A page of another site can neither read it
 * nor set the header; {@code Authorization: Bearer} and API tokens need none of this, since a
 * browser never sends them by itself.
 */
final class Csrf {
  /** The cookie the dashboard reads the token from. */
  static final String COOKIE = "aqmrg_csrf";

  /** The header that must carry it on a write authenticated by the session cookie. */
  static final String HEADER = "X-CSRF-Token";

  private static final Set<HandlerType> SAFE =
      Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

  private Csrf() {}

  /** The token of the session whose secret is {@code sessionSecret}. */
  static String token(String sessionSecret) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      digest.update("aqmrg-csrf-v1:".getBytes(StandardCharsets.US_ASCII));
      byte[] hash = digest.digest(sessionSecret.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** True when a request with this method changes nothing, so it needs no token. */
  static boolean safe(HandlerType method) {
    return SAFE.contains(method);
  }

  /** True when {@code presented} (the header, or null) is the token of {@code sessionSecret}. */
  static boolean matches(String sessionSecret, String presented) {
    if (presented == null) {
      return false;
    }
    byte[] expected = token(sessionSecret).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, presented.trim().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * True when the session cookie may stand for the caller of {@code ctx}: on reads always, on
   * writes only with the session's token in {@value #HEADER}.
   */
  static boolean cookieCounts(Context ctx, String sessionSecret) {
    return safe(ctx.method()) || matches(sessionSecret, ctx.header(HEADER));
  }

  /** The cookie beside the session's; {@code https} and lifetime as the session cookie's. */
  static Cookie cookie(String sessionSecret, int maxAgeSeconds, boolean https) {
    String value = sessionSecret.isEmpty() ? "" : token(sessionSecret);
    return new Cookie(COOKIE, value, "/", maxAgeSeconds, https, false, null, SameSite.STRICT);
  }
}
