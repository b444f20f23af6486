package org.aqmrg.bench.history;

import io.javalin.Javalin;
import java.util.List;
import java.util.Map;
import org.aqmrg.app.Platform;
import org.aqmrg.config.Settings;
import org.aqmrg.http.WebApp;
import org.aqmrg.identity.ApiTokens;
import org.aqmrg.ratelimit.RateLimiter;
import org.aqmrg.readings.ReadingStore;

/**
 * The real platform, started as {@code ./aqmrg serve} starts it, on a free loopback port, with an
 * ownerless {@code read:all} token whose rate limit is out of reach. Closing it stops the app,
 * deletes the token's rate-limit key from Redis and closes the platform.
 */
record Site(String label, Platform platform, Javalin app, ApiTokens.Created token)
    implements AutoCloseable {
  static final String ROUTE = "/api/v1/sensors/{id}/readings";

  static Site start(String label, Map<String, String> env) {
    env.put("AQMRG_RATE_LIMIT_TOKEN", "10000000");
    var platform = Platform.start(Settings.from(env));
    try {
      var token =
          platform.web().tokens().create(null, "bench", List.of("read:all"), List.of(), null);
      return new Site(label, platform, WebApp.create(platform.web()).start("127.0.0.1", 0), token);
    } catch (RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  ReadingStore store() {
    return platform.readings();
  }

  String authorization() {
    return "Token " + token.secret();
  }

  @Override
  public void close() {
    try {
      app.stop();
      for (String route : List.of(ROUTE, "/api/v1/auth/me")) {
        platform.cache().delete(RateLimiter.key("token:" + token.token().id(), route));
      }
    } finally {
      platform.close();
    }
  }
}
