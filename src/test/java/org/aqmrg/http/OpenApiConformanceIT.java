package org.aqmrg.http;

import static org.aqmrg.testing.ApiServer.bearer;
import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.aqmrg.db.Seeds;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The answers of the real platform (PostgreSQL, the dev seed) hold to {@code http/openapi.yaml}:
 * each status is one the operation lists, and each JSON body is valid under the schema listed for
 * that status. One request or more for every operation, successes and refusals.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiConformanceIT {
  private static final String IKEJA = "22222222-2222-4222-8222-000000000001";
  private static final String SENSOR = "LAG-IKJ-001";

  private final OpenApiSchemas schemas = new OpenApiSchemas();
  private final List<String> problems = new ArrayList<>();
  private final TreeSet<String> answered = new TreeSet<>();
  private final TreeSet<String> succeeded = new TreeSet<>();
  private org.aqmrg.db.Database database;
  private ApiServer api;
  private String admin;
  private String researcher;
  private String reader;

  @BeforeAll
  void start() {
    // An SMTP server is configured so that alerts may name e-mail addresses; nothing is sent.
    api =
        ApiServer.start(
            "memory",
            Map.of(
                "AQMRG_RATE_LIMIT_ANONYMOUS", "1000000",
                "AQMRG_SMTP_HOST", "127.0.0.1",
                "AQMRG_SMTP_PORT", "2525"));
    database = org.aqmrg.db.Database.of(api.platform().database().dataSource());
    new Seeds(database).load(Seeds.Set.DEV);
    api.user("admin@openapi.test", Role.ADMIN);
    api.user("researcher@openapi.test", Role.RESEARCHER);
    api.user("reader@openapi.test", Role.PUBLIC);
    admin = api.login("admin@openapi.test");
    researcher = api.login("researcher@openapi.test");
    reader = api.login("reader@openapi.test");
  }

  @AfterAll
  void stop() {
    api.close();
  }

  /** Sends the request, checks its answer against the document and returns it. */
  private HttpResponse<String> call(String session, String method, String target, String body) {
    String[] headers = session == null ? new String[0] : new String[] {"Authorization", session};
    return check(method, target, api.send(method, target, body, headers));
  }

  private HttpResponse<String> check(String method, String target, HttpResponse<String> response) {
    String path = target.contains("?") ? target.substring(0, target.indexOf('?')) : target;
    String template = template(path);
    String where = method + " " + target + " -> " + response.statusCode();
    if (template == null) {
      problems.add(where + ": no path of the document matches");
      return response;
    }
    JsonNode operation =
        schemas.document().path("paths").path(template).path(method.toLowerCase(Locale.ROOT));
    if (operation.isMissingNode()) {
      problems.add(where + ": the document has no operation " + method + " " + template);
      return response;
    }
    answered.add(method + " " + template);
    if (response.statusCode() < 400) {
      succeeded.add(method + " " + template);
    }
    String status = String.valueOf(response.statusCode());
    String pointer =
        "/paths/" + OpenApiSchemas.escape(template) + "/" + method.toLowerCase(Locale.ROOT);
    JsonNode answer = operation.path("responses").path(status);
    pointer += "/responses/" + status;
    if (answer.isMissingNode()) {
      problems.add(where + ": status not listed for " + method + " " + template);
      return response;
    }
    if (answer.has("$ref")) {
      pointer = answer.get("$ref").asText().substring(1);
      answer = schemas.document().at(pointer);
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("application/json") && !response.body().isEmpty()) {
      if (!answer.path("content").has("application/json")) {
        problems.add(where + ": JSON answered, the document lists no JSON for this status");
        return response;
      }
      schemas.refusals(json(response), pointer + "/content/application~1json/schema").stream()
          .map(refusal -> where + ": " + refusal)
          .forEach(problems::add);
    } else if (!type.isEmpty() && !response.body().isEmpty()) {
      String media = type.split(";")[0].trim();
      if (!answer.path("content").has(media)) {
        problems.add(where + ": " + media + " answered, the document does not list it");
      }
    }
    return response;
  }

  /** The document's path that {@code path} is an instance of, literal segments first. */
  private String template(String path) {
    var candidates = new ArrayList<String>();
    schemas
        .document()
        .path("paths")
        .fieldNames()
        .forEachRemaining(
            name -> {
              String regex = Pattern.quote(name).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
              if (path.matches(regex)) {
                candidates.add(name);
              }
            });
    return candidates.stream()
        .min(Comparator.comparingLong(name -> name.chars().filter(c -> c == '{').count()))
        .orElse(null);
  }

  private String token(String scope) {
    var response =
        call(
            bearer(admin),
            "POST",
            "/api/v1/tokens",
            "{\"name\":\"" + scope + "\",\"scopes\":[\"" + scope + "\"]}");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json(response).get("token").asText();
  }

  @Test
  void every_answer_holds_to_the_document() {
    String gateway = "Token " + token("write:readings");
    String pipeline = "Token " + token("write:predictions");
    String readAll = "Token " + token("read:all");
    String asAdmin = bearer(admin);

    // Health and the document itself.
    call(null, "GET", "/health/live", null);
    call(null, "GET", "/health/ready", null);
    call(asAdmin, "GET", "/health/ready", null);
    call(null, "GET", "/openapi.json", null);
    call(null, "GET", "/api/docs", null);
    call(null, "GET", "/api/docs/swagger-ui.css", null);
    call(null, "GET", "/api/docs/nothing.js", null);
    call(null, "GET", "/", null);
    call(null, "GET", "/dashboard/app.js", null);
    call(null, "GET", "/dashboard/leaflet.css", null);
    call(null, "GET", "/dashboard/icon.svg", null);
    call(null, "GET", "/dashboard/nothing.js", null);

    // Sessions and who is calling.
    call(null, "POST", "/api/v1/auth/login", ApiServer.loginBody("reader@openapi.test", "wrong"));
    call(null, "POST", "/api/v1/auth/login", "{\"email\":\"x@y.z\"}");
    call(bearer(reader), "GET", "/api/v1/auth/me", null);
    call(gateway, "GET", "/api/v1/auth/me", null);
    call(null, "GET", "/api/v1/auth/me", null);
    call("Token aqt_not-a-real-token", "GET", "/api/v1/sensors", null);
    call(gateway, "POST", "/api/v1/auth/logout", null);
    String leaving =
        json(call(
                null,
                "POST",
                "/api/v1/auth/login",
                ApiServer.loginBody("reader@openapi.test", ApiServer.PASSWORD)))
            .get("token")
            .asText();
    call(bearer(leaving), "POST", "/api/v1/auth/logout", null);

    // Users, tokens, audit.
    call(asAdmin, "GET", "/api/v1/users?limit=2", null);
    call(asAdmin, "GET", "/api/v1/users?limit=0", null);
    call(bearer(reader), "GET", "/api/v1/users", null);
    String user =
        json(call(
                asAdmin,
                "POST",
                "/api/v1/users",
                "{\"email\":\"new@openapi.test\",\"password\":\"a long enough secret\"}"))
            .get("id")
            .asText();
    call(
        asAdmin,
        "POST",
        "/api/v1/users",
        "{\"email\":\"new@openapi.test\",\"password\":\"a long enough secret\"}");
    call(asAdmin, "GET", "/api/v1/users/" + user, null);
    call(asAdmin, "GET", "/api/v1/users/not-a-uuid", null);
    call(asAdmin, "PATCH", "/api/v1/users/" + user, "{\"role\":\"researcher\"}");
    call(asAdmin, "DELETE", "/api/v1/users/" + user, null);
    call(asAdmin, "GET", "/api/v1/users/" + user, null);
    call(asAdmin, "GET", "/api/v1/tokens", null);
    String spare =
        json(call(
                asAdmin,
                "POST",
                "/api/v1/tokens",
                "{\"name\":\"spare\",\"scopes\":[\"read:all\"],\"expires_at\":\""
                    + Instant.now().plus(1, ChronoUnit.DAYS)
                    + "\"}"))
            .path("details")
            .path("id")
            .asText();
    call(asAdmin, "DELETE", "/api/v1/tokens/" + spare, null);
    call(asAdmin, "POST", "/api/v1/tokens", "{\"name\":\"bad\",\"scopes\":[\"root\"]}");
    call(asAdmin, "GET", "/api/v1/audit-logs?limit=5", null);
    call(asAdmin, "GET", "/api/v1/admin/stats", null);
    call(bearer(reader), "GET", "/api/v1/admin/stats", null);
    call(null, "GET", "/metrics", null);
    call(asAdmin, "GET", "/api/v1/audit-logs?from=yesterday", null);

    // Writes.
    call(gateway, "POST", "/api/v2/write?bucket=sensor_data&precision=s", line());
    call(gateway, "POST", "/api/v2/write?bucket=elsewhere", line());
    call(gateway, "POST", "/api/v2/write?bucket=sensor_data", "air_quality,sensor_id=" + SENSOR);
    call(null, "POST", "/api/v2/write?bucket=sensor_data", line());
    call(bearer(reader), "POST", "/api/v2/write?bucket=sensor_data", line());
    call(gateway, "POST", "/write?db=aqmrg&rp=sensor_data&precision=s", line());
    call(gateway, "POST", "/write", line());
    call(null, "GET", "/query?db=aqmrg&q=SHOW%20MEASUREMENTS", null);
    call(
        null,
        "GET",
        "/query?db=aqmrg&epoch=s&q=SELECT%20mean(pm25)%20FROM%20air_quality%20WHERE%20time%20%3E"
            + "%20now()%20-%201d%20GROUP%20BY%20time(1h)%20fill(none)",
        null);
    call(null, "GET", "/query?db=aqmrg&q=DROP%20MEASUREMENT%20air_quality", null);
    call(null, "GET", "/query?db=aqmrg&q=SELECT%20pm25%20FROM%20air_quality", null);
    check("POST", "/query", api.send("POST", "/query?db=aqmrg&q=SHOW%20FIELD%20KEYS", null));
    check("POST", "/query", api.send("POST", "/query?db=aqmrg&q=SELECT%20FROM", null));
    String flux = "from(bucket: \"sensor_data\") |> range(start: -1d)";
    String hourly = flux + " |> aggregateWindow(every: 1h, fn: mean)";
    check(
        "POST",
        "/api/v2/query",
        api.send(
            "POST", "/api/v2/query?org=aqmrg", hourly, "Content-Type", "application/vnd.flux"));
    check(
        "POST",
        "/api/v2/query",
        api.send("POST", "/api/v2/query", "{\"query\":\"" + hourly.replace("\"", "\\\"") + "\"}"));
    check(
        "POST",
        "/api/v2/query",
        api.send(
            "POST", "/api/v2/query", flux + " |> map()", "Content-Type", "application/vnd.flux"));
    check(
        "POST",
        "/api/v2/query",
        api.send("POST", "/api/v2/query", flux, "Content-Type", "application/vnd.flux"));
    check(
        "POST",
        "/api/v2/query",
        api.send(
            "POST",
            "/api/v2/query",
            "from(bucket: \"nope\") |> range(start: -1h)",
            "Content-Type",
            "application/vnd.flux"));
    call(
        gateway,
        "POST",
        "/api/v1/readings",
        "{\"sensor_id\":\"" + SENSOR + "\",\"fields\":{\"pm25\":12.5,\"humidity\":60}}");
    call(gateway, "POST", "/api/v1/readings", "{\"sensor_id\":\"" + SENSOR + "\",\"nope\":1}");

    // Sensors and locations.
    call(null, "GET", "/api/v1/sensors?limit=3&status=active,maintenance", null);
    call(null, "GET", "/api/v1/sensors?colour=red", null);
    call(null, "GET", "/api/v1/sensors/" + SENSOR, null);
    call(null, "GET", "/api/v1/sensors/NOPE-000", null);
    call(null, "GET", "/api/v1/sensors/" + SENSOR + "/latest", null);
    call(null, "GET", "/api/v1/sensors/NOPE-000/latest", null);
    call(
        asAdmin,
        "POST",
        "/api/v1/sensors",
        "{\"id\":\"OAS-001\",\"name\":\"Conformance\",\"location_id\":\"" + IKEJA + "\"}");
    call(asAdmin, "POST", "/api/v1/sensors", "{\"id\":\"OAS-001\",\"name\":\"Again\"}");
    call(null, "POST", "/api/v1/sensors", "{\"id\":\"OAS-002\",\"name\":\"Anonymous\"}");
    call(asAdmin, "PATCH", "/api/v1/sensors/OAS-001", "{\"manufacturer\":null,\"metadata\":{}}");
    call(asAdmin, "DELETE", "/api/v1/sensors/OAS-001", null);
    call(null, "GET", "/api/v1/locations?country=NG&limit=2", null);
    call(null, "GET", "/api/v1/locations/" + IKEJA, null);
    call(null, "GET", "/api/v1/locations/" + IKEJA + "/latest", null);
    String location =
        json(call(
                asAdmin,
                "POST",
                "/api/v1/locations",
                "{\"name\":\"Conformance\",\"city\":\"Lagos\",\"country\":\"ng\","
                    + "\"latitude\":6.5,\"longitude\":3.4}"))
            .get("id")
            .asText();
    call(asAdmin, "PATCH", "/api/v1/locations/" + location, "{\"timezone\":\"Africa/Lagos\"}");
    call(asAdmin, "DELETE", "/api/v1/locations/" + location, null);
    call(asAdmin, "DELETE", "/api/v1/locations/" + IKEJA, null);

    // History and the AQI.
    call(null, "GET", "/api/v1/sensors/" + SENSOR + "/readings?fields=pm25,humidity", null);
    call(null, "GET", "/api/v1/sensors/" + SENSOR + "/readings?every=raw", null);
    call(bearer(reader), "GET", "/api/v1/sensors/" + SENSOR + "/readings?format=csv", null);
    call(readAll, "GET", "/api/v1/sensors/" + SENSOR + "/readings?every=raw&limit=5", null);
    call(bearer(researcher), "GET", "/api/v1/sensors/" + SENSOR + "/readings?every=5m", null);
    call(
        bearer(researcher),
        "GET",
        "/api/v1/sensors/" + SENSOR + "/readings?every=raw&format=csv",
        null);
    call(null, "GET", "/api/v1/sensors/" + SENSOR + "/readings?every=1d&fn=aqi", null);
    call(null, "GET", "/api/v1/sensors/" + SENSOR + "/readings?fn=bogus", null);
    call(null, "GET", "/api/v1/locations/" + IKEJA + "/readings?every=1d", null);
    call(null, "GET", "/api/v1/locations/not-a-location/readings", null);
    call(null, "GET", "/api/v1/sensors/" + SENSOR + "/aqi", null);
    call(null, "GET", "/api/v1/sensors/" + SENSOR + "/aqi?scale=eu-eaqi", null);
    call(null, "GET", "/api/v1/sensors/" + SENSOR + "/aqi?scale=uk", null);
    call(null, "GET", "/api/v1/locations/" + IKEJA + "/aqi", null);

    // Alerts.
    String alert =
        json(call(
                bearer(reader),
                "POST",
                "/api/v1/alerts",
                "{\"name\":\"Ikeja\",\"location_id\":\""
                    + IKEJA
                    + "\",\"pollutant\":\"pm25\",\"threshold\":35,"
                    + "\"notification_channels\":{\"webhooks\":[{\"url\":\""
                    + "https://93.184.216.34/hooks/air\"}],"
                    + "\"emails\":[\"head@school.example.org\"]}}"))
            .get("id")
            .asText();
    call(bearer(reader), "POST", "/api/v1/alerts", "{\"location_id\":\"" + IKEJA + "\"}");
    call(gateway, "GET", "/api/v1/alerts", null);
    call(bearer(reader), "GET", "/api/v1/alerts", null);
    call(bearer(reader), "GET", "/api/v1/alerts/" + alert, null);
    call(bearer(researcher), "GET", "/api/v1/alerts/" + alert, null);
    call(bearer(reader), "PATCH", "/api/v1/alerts/" + alert, "{\"threshold\":50}");
    call(bearer(reader), "GET", "/api/v1/alerts/" + alert + "/events", null);
    call(bearer(reader), "POST", "/api/v1/alerts/" + alert + "/ack", null);
    // As the evaluator leaves an alert whose condition held: triggered, so it can be acknowledged.
    database.withHandle(
        "triggering the alert",
        handle ->
            handle
                .createUpdate(
                    "UPDATE alerts SET state = 'triggered', state_changed_at = now() WHERE id = ?")
                .bind(0, java.util.UUID.fromString(alert))
                .execute());
    call(bearer(reader), "POST", "/api/v1/alerts/" + alert + "/ack", null);
    call(bearer(reader), "GET", "/api/v1/alerts/" + alert + "/deliveries?limit=10", null);
    String key =
        database.withHandle(
            "reading the alert's unsubscribe key",
            handle ->
                handle
                    .createQuery("SELECT unsubscribe_key FROM alerts WHERE id = ?")
                    .bind(0, java.util.UUID.fromString(alert))
                    .mapTo(String.class)
                    .one());
    call(
        null,
        "GET",
        "/api/v1/alerts/unsubscribe?alert="
            + alert
            + "&email=head%40school.example.org&token="
            + org.aqmrg.alerts.Unsubscribe.token(key, "head@school.example.org"),
        null);
    call(bearer(reader), "DELETE", "/api/v1/alerts/" + alert, null);
    call(null, "GET", "/api/v1/alerts/unsubscribe?alert=" + alert, null);
    call(
        null, "GET", "/api/v1/alerts/unsubscribe?alert=" + alert + "&email=a@b.org&token=00", null);

    // Predictions.
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    call(
        pipeline,
        "POST",
        "/api/v1/predictions",
        "[{\"location_id\":\""
            + IKEJA
            + "\",\"pollutant\":\"pm25\",\"target_time\":\""
            + hour.plus(2, ChronoUnit.HOURS)
            + "\",\"value\":20.5,\"lower\":15,\"upper\":25,\"interval_level\":0.8,"
            + "\"model_name\":\"xgb\",\"model_version\":\"1\",\"issued_at\":\""
            + hour
            + "\"}]");
    call(pipeline, "POST", "/api/v1/predictions", "[{\"location_id\":\"" + IKEJA + "\"}]");
    call(pipeline, "POST", "/api/v1/predictions", "{not json");
    call(gateway, "POST", "/api/v1/predictions", "[]");
    call(null, "GET", "/api/v1/locations/" + IKEJA + "/forecast", null);
    call(null, "GET", "/api/v1/locations/" + IKEJA + "/forecast?pollutant=pm1", null);
    call(bearer(researcher), "GET", "/api/v1/predictions", null);
    call(readAll, "GET", "/api/v1/predictions?format=csv&location=" + IKEJA, null);
    call(bearer(reader), "GET", "/api/v1/predictions", null);
    call(null, "GET", "/api/v1/predictions/skill?location=" + IKEJA + "&pollutant=pm25", null);
    call(null, "GET", "/api/v1/predictions/skill?location=" + IKEJA, null);

    var routes = RouteTable.declared(app()).stream().map(RouteTable.Route::toString).toList();
    var uncalled = new TreeSet<>(routes);
    uncalled.removeAll(answered);
    assertThat(uncalled).as("operations this test never called (add a call above)").isEmpty();
    var unsucceeded = new TreeSet<>(routes);
    unsucceeded.removeAll(succeeded);
    assertThat(unsucceeded)
        .as("operations this test never saw succeed (add a call that does)")
        .isEmpty();
    assertThat(problems).as("answers that the document does not describe").isEmpty();
  }

  /** An app built as the server's was, for the routes it declares. */
  private static io.javalin.Javalin app() {
    return WebApp.create(TestParts.withChecks(List.of()));
  }

  private static String line() {
    return "air_quality,sensor_id="
        + SENSOR
        + " pm25=12.5,humidity=61 "
        + Instant.now().getEpochSecond();
  }
}
