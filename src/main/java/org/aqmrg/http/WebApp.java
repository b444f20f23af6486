package org.aqmrg.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.ops.StoreCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: every route, who may call it, and the one mapping from exceptions to statuses.
 *
 * <p>{@link #create} builds the app without starting it, so tests start the real thing on a free
 * port with their own parts.
 */
public final class WebApp {
  private static final Logger log = LoggerFactory.getLogger(WebApp.class);

  /** How long a stopping server lets requests in flight finish, in milliseconds. */
  static final long SHUTDOWN_GRACE_MS = 10_000;

  private WebApp() {}

  /** The parts the routes use. */
  public record Parts(List<StoreCheck> checks) {}

  public static Javalin create(Parts parts) {
    var health = new HealthRoutes(parts.checks());
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.jsonMapper(new JavalinJackson(objectMapper(), false));
          config.jetty.modifyServer(server -> server.setStopTimeout(SHUTDOWN_GRACE_MS));
          config.http.defaultContentType = "application/json";

          var routes = config.routes;
          routes.get("/health/live", health::live, Access.PUBLIC);
          routes.get("/health/ready", health::ready, Access.PUBLIC);

          routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(body(e)));
          routes.exception(
              HttpResponseException.class,
              (e, ctx) -> {
                var body =
                    e.getStatus() == 404
                        ? new ErrorBody(
                            "not_found",
                            "no route " + ctx.method() + " " + ctx.path(),
                            Map.of("path", ctx.path()))
                        : new ErrorBody(codeFor(e.getStatus()), e.getMessage(), Map.of());
                ctx.status(e.getStatus()).json(body);
              });
          routes.exception(
              Exception.class,
              (e, ctx) -> {
                String reference = UUID.randomUUID().toString();
                log.error("Unhandled error {} on {} {}", reference, ctx.method(), ctx.path(), e);
                ctx.status(500)
                    .json(
                        new ErrorBody(
                            "internal",
                            "internal error; the server log has the details under this reference",
                            Map.of("reference", reference)));
              });
        });
  }

  /** The JSON mapper of the API: snake_case names, ISO-8601 times, unknown properties refused. */
  public static ObjectMapper objectMapper() {
    return new ObjectMapper()
        .registerModule(new JavaTimeModule())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  private static ErrorBody body(ApiException e) {
    return new ErrorBody(e.code(), e.getMessage(), e.details());
  }

  private static String codeFor(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "request_too_large";
      case 429 -> "too_many_requests";
      case 503 -> "unavailable";
      default -> status >= 500 ? "internal" : "bad_request";
    };
  }
}
