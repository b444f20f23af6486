package org.aqmrg.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.aqmrg.config.Settings;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.CrossOriginHandler;

/**
 * The server around the routes: what Jetty answers by itself (in the API's JSON error shape), and
 * what every request passes before a route sees it. From the outside in: CORS (only with {@code
 * AQMRG_CORS_ORIGINS}), the body size limit, then Javalin.
 */
final class JettySetup {
  /**
   * Bytes Jetty reads from a connection at a time (its default is 8 KB): a 5,000-line body of line
   * protocol is about 650 KB, read in 80 steps at the default, each a wake-up of the thread that
   * reads it.
   */
  static final int INPUT_BUFFER_BYTES = 64 * 1024;

  /** How long a stopping server lets requests in flight finish, in milliseconds. */
  static final long SHUTDOWN_GRACE_MS = 10_000;

  /**
   * The methods and request headers a page of an allowed origin may use; the response headers it
   * may read beyond the few every browser shows.
   */
  static final Set<String> CORS_METHODS = Set.of("GET", "HEAD", "POST", "PATCH", "DELETE");

  static final Set<String> CORS_REQUEST_HEADERS =
      Set.of("Authorization", "Content-Type", "Content-Encoding");
  static final Set<String> CORS_EXPOSED_HEADERS =
      Set.of(
          "Retry-After",
          "X-RateLimit-Limit",
          "X-RateLimit-Remaining",
          "X-RateLimit-Reset",
          "X-Next-Cursor",
          "Link",
          "Content-Disposition",
          "WWW-Authenticate");

  /**
   * Javalin reads a method from this header in place of the request's own (so a POST could run a
   * DELETE route past a proxy that allows only POST); it is removed before Javalin sees it.
   */
  static final String METHOD_OVERRIDE = "X-HTTP-Method-Override";

  private JettySetup() {}

  static void apply(JavalinConfig config, Settings settings, ObjectMapper json) {
    long maxBodyBytes = settings.ingest().maxBodyBytes();
    List<String> origins = settings.http().corsOrigins();
    config.jetty.modifyServer(
        server -> {
          server.setStopTimeout(SHUTDOWN_GRACE_MS);
          server.setErrorHandler(new JsonErrorHandler(json, maxBodyBytes));
          // A declared Content-Length over the limit is refused before any route or credential
          // lookup; a body without one is held to the same limit as it is read.
          server.insertHandler(new OversizedBodies(maxBodyBytes));
          if (!origins.isEmpty()) {
            server.insertHandler(crossOrigin(origins));
          }
        });
    config.jetty.modifyHttpConfiguration(
        http -> {
          http.setInputBufferSize(INPUT_BUFFER_BYTES);
          http.addCustomizer(JettySetup::withoutMethodOverride);
        });
  }

  /**
   * Preflights of the allowed origins are answered here, without reaching a route; other requests
   * from them get {@code Access-Control-Allow-Origin} with their origin. Requests from any other
   * origin pass on without CORS headers, so a browser keeps the answer from the page. Cookies are
   * not allowed cross-origin: such pages send {@code Authorization} instead.
   */
  private static CrossOriginHandler crossOrigin(List<String> origins) {
    var cors = new CrossOriginHandler();
    cors.setAllowedOriginPatterns(Set.copyOf(origins.stream().map(Pattern::quote).toList()));
    cors.setAllowedMethods(CORS_METHODS);
    cors.setAllowedHeaders(CORS_REQUEST_HEADERS);
    cors.setExposedHeaders(CORS_EXPOSED_HEADERS);
    cors.setAllowCredentials(false);
    cors.setPreflightMaxAge(Duration.ofMinutes(10));
    return cors;
  }

  private static Request withoutMethodOverride(
      Request request, HttpFields.Mutable responseHeaders) {
    HttpFields headers = request.getHeaders();
    if (!headers.contains(METHOD_OVERRIDE)) {
      return request;
    }
    HttpFields without = HttpFields.build(headers).remove(METHOD_OVERRIDE).asImmutable();
    return new Request.Wrapper(request) {
      @Override
      public HttpFields getHeaders() {
        return without;
      }
    };
  }
}
