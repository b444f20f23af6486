package org.aqmrg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /metrics} on the real platform: in {@code token} mode on InfluxDB and Redis, read by a
 * real Prometheus with a {@code read:metrics} token; in the default {@code loopback} mode on
 * PostgreSQL, open to a caller on 127.0.0.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricsIT {
  private static final String ADMIN = "metrics-admin@metrics.test";

  private ApiServer api;
  private String writeToken;
  private String metricsToken;
  private String readAllToken;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    api =
        ApiServer.start(
            "redis",
            Map.of(
                "AQMRG_TIMESERIES",
                "influxdb",
                "INFLUXDB_URL",
                TestServers.env("AQMRG_TEST_INFLUXDB_URL"),
                "INFLUXDB_DATABASE",
                "metrics_" + UUID.randomUUID().toString().substring(0, 8),
                "AQMRG_METRICS_ACCESS",
                "token"));
    try (var connection = api.platform().database().dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO sensors (id, name, status) VALUES ('M-1', 'one', 'active'),"
              + " ('M-RETIRED', 'old', 'retired')");
    }
    var tokens = api.platform().web().tokens();
    writeToken =
        tokens.create(null, "gateway", List.of("write:readings"), List.of(), null).secret();
    metricsToken =
        tokens.create(null, "prometheus", List.of("read:metrics"), List.of(), null).secret();
    readAllToken = tokens.create(null, "reader", List.of("read:all"), List.of(), null).secret();
    api.user(ADMIN, Role.ADMIN);

    long now = Instant.now().getEpochSecond();
    String body =
        String.join(
            "\n",
            "air_quality,sensor_id=M-1 pm25=10 " + (now - 30),
            "air_quality,sensor_id=M-1 pm25=11 " + (now - 20),
            "air_quality,sensor_id=M-1 pm25=12 " + (now - 10),
            "air_quality,sensor_id=M-1 pm25=", // syntax
            "air_quality,sensor_id=M-UNKNOWN pm25=1 " + now,
            "air_quality,sensor_id=M-RETIRED pm25=1 " + now,
            "air_quality,sensor_id=M-1 pm25=1 " + (now - 40L * 24 * 3600), // too old
            "air_quality,sensor_id=M-1 pm25=-5 " + now); // invalid value
    var written =
        api.send(
            "POST",
            "/api/v2/write?bucket=sensor_data&precision=s",
            body,
            "Authorization",
            "Token " + writeToken);
    assertThat(written.statusCode()).as(written.body()).isEqualTo(400);
    assertThat(ApiServer.json(written).get("details").get("written").asInt()).isEqualTo(3);
    assertThat(api.get("/api/v1/sensors/M-1").statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/sensors/M-1/latest").statusCode()).isEqualTo(200);
    assertThat(api.get("/no/such/route/M-1").statusCode()).isEqualTo(404);
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private HttpResponse<String> metrics(String... headers) {
    return api.get("/metrics", headers);
  }

  @Test
  void token_mode_without_credentials_gives_401() {
    var response = metrics();

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
  }

  @Test
  void token_mode_with_a_token_without_read_metrics_gives_403() {
    assertThat(metrics("Authorization", "Token " + writeToken).statusCode()).isEqualTo(403);
    var readAll = metrics("Authorization", "Bearer " + readAllToken);
    assertThat(readAll.statusCode()).isEqualTo(403);
    assertThat(ApiServer.json(readAll).get("details").get("required").asText())
        .isEqualTo("metrics");
  }

  @Test
  void token_mode_with_read_metrics_as_bearer_or_token_and_a_signed_in_admin_gives_200() {
    var bearer = metrics("Authorization", "Bearer " + metricsToken);
    assertThat(bearer.statusCode()).isEqualTo(200);
    assertThat(bearer.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
    assertThat(metrics("Authorization", "Token " + metricsToken).statusCode()).isEqualTo(200);
    String session = api.login(ADMIN);
    assertThat(metrics("Authorization", "Bearer " + session).statusCode()).isEqualTo(200);
  }

  @Test
  void the_counters_show_what_was_written_and_refused_by_reason() {
    String text = metrics("Authorization", "Bearer " + metricsToken).body();

    assertThat(text)
        .contains("aqmrg_points_accepted_total 3.0")
        .contains("aqmrg_points_refused_total{reason=\"syntax\"} 1.0")
        .contains("aqmrg_points_refused_total{reason=\"unknown_sensor\"} 1.0")
        .contains("aqmrg_points_refused_total{reason=\"inactive_sensor\"} 1.0")
        .contains("aqmrg_points_refused_total{reason=\"too_old\"} 1.0")
        .contains("aqmrg_points_refused_total{reason=\"invalid_value\"} 1.0")
        .contains("aqmrg_points_refused_total{reason=\"not_allowed\"} 0.0");
  }

  @Test
  void requests_are_labelled_by_route_template_never_by_raw_path() {
    String text = metrics("Authorization", "Bearer " + metricsToken).body();

    assertThat(text)
        .contains(
            "aqmrg_http_requests_seconds_count{method=\"POST\",route=\"/api/v2/write\",status=\"400\"}"
                + " 1")
        .contains(
            "aqmrg_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/sensors/{id}\","
                + "status=\"200\"} 1")
        .contains(
            "aqmrg_http_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"}")
        .contains("route=\"/api/v1/sensors/{id}/latest\"")
        .doesNotContain("/no/such/route")
        .doesNotContain("M-1")
        .doesNotContain("M-UNKNOWN");
  }

  @Test
  void store_writes_pool_cache_rollup_lag_notifications_and_jvm_are_shown() {
    String text = metrics("Authorization", "Bearer " + metricsToken).body();

    assertThat(text)
        .containsPattern("aqmrg_store_writes_seconds_count\\{backend=\"influxdb\"} [1-9]")
        .contains("aqmrg_hikaricp_connections_max{pool=\"aqmrg\"}")
        .contains("aqmrg_hikaricp_connections_active{pool=\"aqmrg\"}")
        .containsPattern(
            "aqmrg_cache_requests_total\\{cache=\"latest\",result=\"(hit|miss)\"} [1-9]")
        .containsPattern("aqmrg_rollup_lag_seconds [0-9]")
        .contains("aqmrg_notifications_total{channel=\"webhook\",outcome=\"delivered\"} 0.0")
        .contains("aqmrg_jvm_memory_used_bytes{");
  }

  @Test
  void no_secret_token_session_or_email_address_appears_in_the_output() {
    String session = api.login(ADMIN);
    String text = metrics("Authorization", "Bearer " + session).body();

    assertThat(text)
        .doesNotContain(writeToken)
        .doesNotContain(metricsToken)
        .doesNotContain(readAllToken)
        .doesNotContain(session)
        .doesNotContain(ADMIN)
        .doesNotContain("@")
        .doesNotContain(TestServers.env("AQMRG_TEST_PGPASSWORD"))
        .doesNotContain(TestServers.env("AQMRG_TEST_INFLUXDB_URL"));
  }

  @Test
  void the_default_loopback_mode_lets_a_caller_on_127_0_0_1_in_without_credentials() {
    try (var local = ApiServer.start("memory", Map.of())) {
      var response = local.get("/metrics");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("aqmrg_points_accepted_total 0.0");
    }
  }

  @Test
  void a_real_prometheus_scrapes_with_the_read_metrics_token_and_sees_the_points_written()
      throws Exception {
    Path dir = Files.createTempDirectory("aqmrg-prometheus");
    int port = freePort();
    Files.writeString(
        dir.resolve("prometheus.yml"),
        """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: aqmrg
            metrics_path: /metrics
            authorization:
              type: Bearer
              credentials: %s
            static_configs:
              - targets: ['127.0.0.1:%d']
        """
            .formatted(metricsToken, api.port()));
    Process prometheus =
        new ProcessBuilder(
                TestServers.prometheus().toString(),
                "--config.file=" + dir.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                assertThat(prometheus.isAlive()).as("prometheus exited: %s", log(dir)).isTrue();
                JsonNode result =
                    query(port, "aqmrg_points_accepted_total").get("data").get("result");
                assertThat(result).hasSize(1);
                assertThat(result.get(0).get("metric").get("job").asText()).isEqualTo("aqmrg");
                assertThat(result.get(0).get("value").get(1).asText()).isEqualTo("3");
              });
      JsonNode up = query(port, "up").get("data").get("result");
      assertThat(up.get(0).get("value").get(1).asText()).isEqualTo("1");
    } finally {
      prometheus.destroy(); // SIGTERM
      if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly().waitFor();
      }
      deleteTree(dir);
    }
  }

  private JsonNode query(int port, String query) throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/v1/query?query=" + query))
            .timeout(Duration.ofSeconds(5))
            .build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiServer.json(response);
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
