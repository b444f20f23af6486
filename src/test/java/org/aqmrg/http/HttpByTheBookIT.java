package org.aqmrg.http;

import static org.aqmrg.testing.ApiServer.bearer;
import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** HEAD, 405 with Allow, OPTIONS, method override and content encodings through a running API. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpByTheBookIT {
  private static final String SENSOR = "BOOK-1";
  private static final String LOCATION = "7e570000-0000-4000-8000-0000000000b1";

  private ApiServer api;
  private String admin;
  private String researcher;
  private String writer;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    api = ApiServer.start("memory", Map.of());
    try (var connection = api.platform().database().dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO locations (id, name, city, country, latitude, longitude) VALUES ('"
              + LOCATION
              + "', 'Yaba', 'Lagos', 'NG', 6.5095, 3.3711)");
      statement.execute(
          "INSERT INTO sensors (id, name, location_id, status) VALUES ('"
              + SENSOR
              + "', 'one', '"
              + LOCATION
              + "', 'active')");
    }
    api.user("admin@book.test", Role.ADMIN);
    api.user("researcher@book.test", Role.RESEARCHER);
    admin = api.login("admin@book.test");
    researcher = api.login("researcher@book.test");
    writer =
        api.platform()
            .web()
            .tokens()
            .create(null, "writer", List.of("write:readings"), List.of(), null)
            .secret();
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
    var written = write("air_quality,sensor_id=" + SENSOR + " pm25=12.5 " + t.getEpochSecond(), "");
    assertThat(written.statusCode()).as(written.body()).isEqualTo(204);
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private HttpResponse<String> write(String body, String encoding) {
    return api.send(
        "POST",
        "/api/v2/write?org=aqmrg&bucket=sensor_data&precision=s",
        body,
        encoding.isEmpty()
            ? new String[] {"Authorization", "Token " + writer}
            : new String[] {"Authorization", "Token " + writer, "Content-Encoding", encoding});
  }

  private HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Header names of an answer, without those that differ from one answer to the next. */
  private static Set<String> headerNames(HttpResponse<?> response) {
    var names = new TreeSet<String>();
    for (String name : response.headers().map().keySet()) {
      names.add(name.toLowerCase(Locale.ROOT));
    }
    names.remove("date");
    return names;
  }

  @Test
  void HEAD_on_every_kind_of_GET_route_answers_as_GET_does_without_a_body() throws Exception {
    String from = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS) + "";
    record Case(String path, String auth) {}
    var cases =
        List.of(
            new Case("/health/live", null),
            new Case("/health/ready", null),
            new Case("/api/v1/sensors", null),
            new Case("/api/v1/sensors/" + SENSOR, null),
            new Case("/api/v1/sensors/" + SENSOR + "/latest", null),
            new Case("/api/v1/sensors/NO-SUCH/latest", null),
            new Case("/api/v1/sensors/" + SENSOR + "/readings?from=" + from, null),
            new Case("/api/v1/sensors/" + SENSOR + "/readings?every=raw", researcher),
            new Case("/api/v1/sensors/" + SENSOR + "/readings?format=csv", researcher),
            new Case("/api/v1/locations/" + LOCATION + "/latest", null),
            new Case("/api/v1/locations/" + LOCATION + "/readings", null),
            new Case("/api/v1/auth/me", researcher),
            new Case("/api/v1/users", admin),
            new Case("/api/v1/audit-logs", admin),
            new Case("/api/v1/tokens", researcher),
            new Case("/api/v1/users", null));
    for (var c : cases) {
      String[] headers =
          c.auth() == null ? new String[0] : new String[] {"Authorization", bearer(c.auth())};
      var get = send("GET", c.path(), headers);
      var head = send("HEAD", c.path(), headers);

      assertThat(head.statusCode())
          .as("HEAD %s: %s", c.path(), get.body())
          .isEqualTo(get.statusCode());
      assertThat(head.statusCode()).as(c.path()).isNotEqualTo(500);
      assertThat(head.body()).as(c.path()).isEmpty();
      assertThat(get.body()).as(c.path()).isNotEmpty();
      assertThat(headerNames(head)).as(c.path()).isEqualTo(headerNames(get));
      assertThat(head.headers().firstValue("Content-Type"))
          .as(c.path())
          .isEqualTo(get.headers().firstValue("Content-Type"));
    }
  }

  @Test
  void HEAD_is_guarded_and_rate_limited_as_GET_is() throws Exception {
    try (var limited = ApiServer.start("memory", Map.of("AQMRG_RATE_LIMIT_ANONYMOUS", "3"))) {
      var statuses = new ArrayList<Integer>();
      for (int i = 0; i < 5; i++) {
        var head =
            http.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + limited.port() + "/api/v1/locations"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        statuses.add(head.statusCode());
        if (head.statusCode() == 429) {
          assertThat(head.headers().firstValue("Retry-After")).isPresent();
        }
      }
      var get = limited.get("/api/v1/locations");

      assertThat(statuses).containsExactly(200, 200, 200, 429, 429);
      assertThat(get.statusCode()).as("GET and HEAD share the route's count").isEqualTo(429);
    }
    var anonymous = send("HEAD", "/api/v1/audit-logs");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void a_known_path_asked_with_another_method_gets_405_with_Allow() throws Exception {
    var put = send("PUT", "/api/v1/sensors");
    var delete = send("DELETE", "/api/v1/auth/me", "Authorization", bearer(researcher));
    var head = send("HEAD", "/api/v2/write");
    var unknown = send("PUT", "/api/v1/nothing-here");

    assertThat(put.statusCode()).as(put.body()).isEqualTo(405);
    assertThat(put.headers().firstValue("Allow")).hasValue("GET, POST, HEAD, OPTIONS");
    assertThat(put.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/json");
    var body = json(put);
    assertThat(body.get("code").asText()).isEqualTo("method_not_allowed");
    assertThat(body.get("message").asText()).contains("PUT", "/api/v1/sensors", "GET, POST");
    assertThat(body.get("details").get("method").asText()).isEqualTo("PUT");
    assertThat(body.get("details").get("allowed").toString())
        .isEqualTo("[\"GET\",\"POST\",\"HEAD\",\"OPTIONS\"]");
    assertThat(delete.statusCode()).isEqualTo(405);
    assertThat(delete.headers().firstValue("Allow")).hasValue("GET, HEAD, OPTIONS");
    assertThat(head.statusCode()).isEqualTo(405);
    assertThat(head.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void OPTIONS_on_a_known_path_answers_204_with_the_methods_it_takes() throws Exception {
    var sensors = send("OPTIONS", "/api/v1/sensors/" + SENSOR);
    var write = send("OPTIONS", "/write");
    var unknown = send("OPTIONS", "/api/v1/nothing-here");

    assertThat(sensors.statusCode()).isEqualTo(204);
    assertThat(sensors.headers().firstValue("Allow")).hasValue("GET, PATCH, DELETE, HEAD, OPTIONS");
    assertThat(sensors.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertThat(write.headers().firstValue("Allow")).hasValue("POST, OPTIONS");
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void a_POST_that_asks_to_be_taken_for_a_DELETE_is_handled_as_a_POST() throws Exception {
    var created =
        api.send(
            "POST",
            "/api/v1/sensors",
            "{\"id\": \"BOOK-OVERRIDE\", \"name\": \"made by POST\"}",
            "Authorization",
            bearer(admin),
            "X-HTTP-Method-Override",
            "DELETE");
    var asked =
        api.send(
            "POST",
            "/api/v1/sensors/" + SENSOR,
            "{}",
            "Authorization",
            bearer(admin),
            "X-HTTP-Method-Override",
            "DELETE");

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(json(api.get("/api/v1/sensors/BOOK-OVERRIDE")).get("name").asText())
        .isEqualTo("made by POST");
    assertThat(asked.statusCode()).as("no POST route there, and no DELETE run").isEqualTo(405);
    assertThat(json(api.get("/api/v1/sensors/" + SENSOR)).get("status").asText())
        .isEqualTo("active");
  }

  @Test
  void a_body_in_an_encoding_other_than_gzip_or_identity_is_refused_with_415() throws Exception {
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(300);
    String line = "air_quality,sensor_id=" + SENSOR + " pm25=77.5 " + t.getEpochSecond();
    for (String encoding : List.of("br", "deflate", "compress", "gzip, br", "zstd")) {
      var refused = write(line, encoding);

      assertThat(refused.statusCode()).as(encoding + ": " + refused.body()).isEqualTo(415);
      var body = json(refused);
      assertThat(body.get("code").asText()).isEqualTo("unsupported_media_type");
      assertThat(body.get("message").asText()).contains("Content-Encoding", encoding, "gzip");
      assertThat(body.get("details").get("header").asText()).isEqualTo("Content-Encoding");
      assertThat(body.get("details").get("allowed").toString())
          .isEqualTo("[\"gzip\",\"identity\"]");
    }
    var login =
        api.send(
            "POST",
            "/api/v1/auth/login",
            ApiServer.loginBody("admin@book.test", ApiServer.PASSWORD),
            "Content-Encoding",
            "br");
    assertThat(login.statusCode()).isEqualTo(415);
    assertThat(api.platform().readings().raw(SENSOR, t.minusSeconds(1), t.plusSeconds(1), 10))
        .as("nothing of a refused body is stored")
        .isEmpty();

    var identity = write(line, "identity");
    assertThat(identity.statusCode()).as(identity.body()).isEqualTo(204);
    assertThat(api.platform().readings().raw(SENSOR, t.minusSeconds(1), t.plusSeconds(1), 10))
        .hasSize(1);
  }

  @Test
  void a_JSON_body_may_come_gzip_compressed_like_a_write() throws Exception {
    var compressed = new java.io.ByteArrayOutputStream();
    try (var gzip = new java.util.zip.GZIPOutputStream(compressed)) {
      gzip.write(
          ApiServer.loginBody("admin@book.test", ApiServer.PASSWORD)
              .getBytes(StandardCharsets.UTF_8));
    }
    var response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + api.port() + "/api/v1/auth/login"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(compressed.toByteArray()))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
