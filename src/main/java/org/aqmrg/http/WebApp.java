package org.aqmrg.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.aqmrg.alerts.AlertEvents;
import org.aqmrg.alerts.AlertRules;
import org.aqmrg.alerts.Unsubscribe;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.audit.DeniedRequests;
import org.aqmrg.config.Settings;
import org.aqmrg.db.ReplicaStatus;
import org.aqmrg.identity.ApiTokens;
import org.aqmrg.identity.LoginThrottle;
import org.aqmrg.identity.Principal;
import org.aqmrg.identity.Role;
import org.aqmrg.identity.Sessions;
import org.aqmrg.identity.Users;
import org.aqmrg.ingest.IngestService;
import org.aqmrg.ingest.LatestReadings;
import org.aqmrg.metrics.Metrics;
import org.aqmrg.notify.Outbox;
import org.aqmrg.ops.StatsCollector;
import org.aqmrg.ops.StoreCheck;
import org.aqmrg.predictions.Predictions;
import org.aqmrg.ratelimit.RateLimiter;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.registry.Locations;
import org.aqmrg.registry.RegistryLookup;
import org.aqmrg.registry.Sensors;
import org.aqmrg.rollups.AqiReports;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.spool.SpoolStatus;
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

  private WebApp() {}

  /** The parts the routes use; {@code Platform} builds them from the settings. */
  public record Parts(
      List<StoreCheck> checks,
      Users users,
      Sessions sessions,
      ApiTokens tokens,
      LoginThrottle throttle,
      AuditLog audit,
      DeniedRequests denied,
      RateLimiter limiter,
      IngestService ingest,
      LatestReadings latest,
      Locations locations,
      Sensors sensors,
      Settings settings,
      ReadingStore readings,
      RegistryLookup registry,
      RollupStore rollups,
      AlertRules alerts,
      Unsubscribe unsubscribe,
      Outbox outbox,
      AlertEvents alertEvents,
      Predictions predictions,
      StatsCollector stats,
      Metrics metrics,
      Supplier<Optional<SpoolStatus>> spool,
      Supplier<Optional<ReplicaStatus>> replica) {}

  public static Javalin create(Parts parts) {
    ObjectMapper json = objectMapper();
    var health = new HealthRoutes(parts.checks(), parts.spool(), parts.replica());
    var openApi = OpenApi.load();
    var docs = ApiDocs.load();
    var auth =
        new AuthRoutes(parts.users(), parts.sessions(), parts.throttle(), parts.audit(), json);
    var users =
        new UserRoutes(parts.users(), parts.sessions(), parts.tokens(), parts.audit(), json);
    var tokens = new TokenRoutes(parts.tokens(), parts.audit(), json);
    var audit = new AuditRoutes(parts.audit());
    var stats = new StatsRoutes(parts.stats());
    var credentials =
        new Credentials(
            parts.sessions(),
            parts.tokens(),
            parts.limiter(),
            parts.denied(),
            parts.settings().access());
    var guard = new Guard(credentials, parts.audit(), parts.limiter(), parts.settings().access());
    var bodies = new Bodies(parts.settings().http().maxBodiesInFlightBytes());
    var writes =
        new WriteRoutes(
            parts.ingest(),
            bodies,
            json,
            parts.settings().ingest().maxBodyBytes(),
            parts.settings().influx().org(),
            parts.settings().influx().database());
    var sensors = new SensorRoutes(parts.sensors(), parts.latest(), parts.audit(), json);
    var locations =
        new LocationRoutes(parts.locations(), parts.sensors(), parts.latest(), parts.audit(), json);
    var history =
        new ReadingRoutes(
            parts.readings(),
            parts.rollups(),
            parts.registry(),
            parts.audit(),
            json,
            Clock.systemUTC());
    var influxQl =
        new InfluxQlRoutes(
            parts.readings(),
            parts.rollups(),
            parts.registry(),
            parts.settings().influx().database(),
            parts.audit(),
            Clock.systemUTC());
    var flux =
        new FluxRoutes(
            parts.readings(),
            parts.rollups(),
            parts.predictions().reads(),
            parts.registry(),
            parts.settings().influx().org(),
            parts.audit(),
            json,
            Clock.systemUTC());
    var aqi = new AqiRoutes(new AqiReports(parts.rollups(), Clock.systemUTC()), parts.registry());
    var alerts =
        new AlertRoutes(
            parts.alerts(),
            parts.unsubscribe(),
            parts.alertEvents(),
            parts.outbox(),
            parts.audit(),
            json);
    var predictions =
        new PredictionRoutes(
            parts.predictions(),
            bodies,
            json,
            parts.settings().ingest().maxBodyBytes(),
            Clock.systemUTC());
    return Javalin.create(
        config -> {
          config.startup.showJavalinBanner = false;
          config.startup.showOldJavalinVersionWarning = false;
          config.jsonMapper(new JavalinJackson(json, false));
          JettySetup.apply(config, parts.settings(), json);
          config.http.defaultContentType = "application/json";
          config.http.prefer405over404 = true;
          config.appData(Bodies.KEY, bodies);
          // Every request, matched or not, answered or failed, once its answer is out.
          config.requestLogger.http(
              (ctx, millis) ->
                  parts
                      .metrics()
                      .http()
                      .record(
                          ctx.method().name(),
                          matchedRoute(ctx),
                          ctx.statusCode(),
                          (long) (millis * 1_000_000.0)));

          var routes = config.routes;
          routes.beforeMatched(guard::handle);
          routes.after(ctx -> auditAdminWrite(ctx, parts.audit()));

          // Every route, and who may call it (see Access for the full matrix). Each GET route
          // also answers HEAD, and each path OPTIONS (see RouteTable).
          var table = new RouteTable(routes);
          table.get("/health/live", health::live, Access.PUBLIC);
          table.get("/health/ready", health::ready, Access.PUBLIC);
          table.get("/metrics", ctx -> metrics(ctx, parts.metrics()), Access.METRICS);

          // The API's own description (http/openapi.yaml, which OpenApiDocumentTest holds to this
          // table) and Swagger UI showing it.
          table.get("/openapi.json", openApi::handle, Access.PUBLIC);
          table.get(ApiDocs.PAGE, docs::page, Access.PUBLIC);
          table.get(ApiDocs.ASSET, docs::asset, Access.PUBLIC);
          DashboardRoutes.load(parts.settings().dashboard()).register(table);

          table.post("/api/v1/auth/login", auth::login, Access.PUBLIC);
          table.post("/api/v1/auth/logout", auth::logout, Access.SIGNED_IN);
          table.get("/api/v1/auth/me", auth::me, Access.SIGNED_IN);

          table.get("/api/v1/users", users::list, Access.ADMIN);
          table.post("/api/v1/users", users::create, Access.ADMIN);
          table.get("/api/v1/users/{id}", users::get, Access.ADMIN);
          table.patch("/api/v1/users/{id}", users::change, Access.ADMIN);
          table.delete("/api/v1/users/{id}", users::delete, Access.ADMIN);

          table.get("/api/v1/tokens", tokens::list, Access.ADMIN);
          table.post("/api/v1/tokens", tokens::create, Access.ADMIN);
          table.delete("/api/v1/tokens/{id}", tokens::revoke, Access.ADMIN);

          table.get("/api/v1/audit-logs", audit::list, Access.ADMIN);
          table.get("/api/v1/admin/stats", stats::get, Access.ADMIN);

          table.post("/api/v2/write", writes::writeV2, Access.WRITE_READINGS);
          table.post(Guard.INFLUX_V1_WRITE, writes::writeV1, Access.WRITE_READINGS);
          table.post("/api/v1/readings", writes::writeJson, Access.WRITE_READINGS);

          // InfluxDB 1.x's query API (InfluxQL); what a caller may read is HistoryAccess's rule.
          table.get(Guard.INFLUX_V1_QUERY, influxQl::query, Access.PUBLIC);
          table.post(Guard.INFLUX_V1_QUERY, influxQl::query, Access.PUBLIC);
          // InfluxDB 2.x's query API (Flux); what a caller may read is HistoryAccess's rule.
          table.post("/api/v2/query", flux::query, Access.PUBLIC);

          table.get("/api/v1/sensors", sensors::list, Access.PUBLIC);
          table.post("/api/v1/sensors", sensors::create, Access.ADMIN);
          table.get("/api/v1/sensors/{id}", sensors::get, Access.PUBLIC);
          table.patch("/api/v1/sensors/{id}", sensors::change, Access.ADMIN);
          table.delete("/api/v1/sensors/{id}", sensors::retire, Access.ADMIN);
          table.get("/api/v1/sensors/{id}/latest", sensors::latest, Access.PUBLIC);
          // Public for windows of 1h or more as JSON; HistoryAccess asks more for the rest.
          table.get("/api/v1/sensors/{id}/readings", history::sensor, Access.PUBLIC);
          table.get("/api/v1/locations/{id}/readings", history::location, Access.PUBLIC);
          table.get("/api/v1/sensors/{id}/aqi", aqi::sensor, Access.PUBLIC);
          table.get("/api/v1/locations/{id}/aqi", aqi::location, Access.PUBLIC);

          table.get("/api/v1/locations", locations::list, Access.PUBLIC);
          table.post("/api/v1/locations", locations::create, Access.ADMIN);
          table.get("/api/v1/locations/{id}", locations::get, Access.PUBLIC);
          table.patch("/api/v1/locations/{id}", locations::change, Access.ADMIN);
          table.delete("/api/v1/locations/{id}", locations::delete, Access.ADMIN);
          table.get("/api/v1/locations/{id}/latest", locations::latest, Access.PUBLIC);

          // Before /{id}, which would take "unsubscribe" for an id.
          table.get("/api/v1/alerts/unsubscribe", alerts::unsubscribe, Access.PUBLIC);
          table.get("/api/v1/alerts", alerts::list, Access.ACCOUNT);
          table.post("/api/v1/alerts", alerts::create, Access.ACCOUNT);
          table.get("/api/v1/alerts/{id}", alerts::get, Access.ACCOUNT);
          table.patch("/api/v1/alerts/{id}", alerts::change, Access.ACCOUNT);
          table.delete("/api/v1/alerts/{id}", alerts::delete, Access.ACCOUNT);
          table.get("/api/v1/alerts/{id}/events", alerts::events, Access.ACCOUNT);
          table.post("/api/v1/alerts/{id}/ack", alerts::acknowledge, Access.ACCOUNT);
          table.get("/api/v1/alerts/{id}/deliveries", alerts::deliveries, Access.ACCOUNT);

          table.post("/api/v1/predictions", predictions::write, Access.WRITE_PREDICTIONS);
          table.get("/api/v1/predictions", predictions::list, Access.RESEARCHER);
          table.get("/api/v1/predictions/skill", predictions::skill, Access.PUBLIC);
          table.get("/api/v1/locations/{id}/forecast", predictions::forecast, Access.PUBLIC);
          table.addOptions();
          config.appData(RouteTable.KEY, table.routes());

          ErrorMapper.register(routes);
        });
  }

  /** The matched route's template, or null when no route matched (never the raw path). */
  private static String matchedRoute(Context ctx) {
    var endpoint = ctx.endpoints().matchedHttpEndpoint();
    return endpoint == null ? null : endpoint.path;
  }

  /** {@code GET /metrics}: every meter in Prometheus' text format. */
  private static void metrics(Context ctx, Metrics metrics) {
    ctx.contentType(Metrics.CONTENT_TYPE);
    ctx.result(metrics.scrape());
  }

  /**
   * Every write by an admin is audited: the routes record what they changed; this catches any write
   * route that does not, so nothing an admin does goes unrecorded.
   */
  private static void auditAdminWrite(Context ctx, AuditLog audit) {
    Principal principal = Requests.principal(ctx);
    var method = ctx.method();
    boolean write =
        method.equals(HandlerType.POST)
            || method.equals(HandlerType.PUT)
            || method.equals(HandlerType.PATCH)
            || method.equals(HandlerType.DELETE);
    if (write
        && principal.kind() == Principal.Kind.SESSION
        && principal.role() == Role.ADMIN
        && ctx.status().getCode() < 400
        && !Requests.audited(ctx)) {
      Requests.audit(
          ctx,
          audit,
          "admin.write",
          "route",
          ctx.method() + " " + Requests.template(ctx),
          Map.of("status", ctx.status().getCode()));
    }
  }

  /** The JSON mapper of the API: snake_case names, ISO-8601 times, unknown properties refused. */
  public static ObjectMapper objectMapper() {
    // Schubfach and FastDoubleParser for numbers: readings are mostly numbers, and Java 17's own
    // conversions were among the top costs of the ingest profile.
    var factory =
        com.fasterxml.jackson.core.JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .build();
    return new ObjectMapper(factory)
        .registerModule(new JavaTimeModule())
        .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  /**
   * A path asked with a method it does not take: 405 with {@code Allow}, the methods Javalin found
   * for the path (listed in the order {@link RouteTable} uses).
   */
}
