package org.aqmrg.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.Cli;
import org.aqmrg.testing.JarProcess;
import org.aqmrg.testing.TestServers;
import org.aqmrg.testing.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A transition survives a crash before its notification is delivered: the packaged jar fires an
 * alert whose receiver is down, is killed with SIGKILL, and a restart delivers the notification
 * once, with the same idempotency key, and fires nothing again.
 */
class AlertCrashJarIT {
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  @TempDir Path work;

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private Process serve(Map<String, String> env, int port, Path log) throws Exception {
    Process serve = JarProcess.start(List.of(), env, log, "serve");
    var ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"));
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .failFast("serve exited: " + log, () -> !serve.isAlive())
        .until(
            () -> {
              var response = send(ready.build());
              return response != null && response.statusCode() == 200;
            });
    return serve;
  }

  private static String one(String database, String sql) throws SQLException {
    try (var connection = TestServers.connect(database);
        var result = connection.createStatement().executeQuery(sql)) {
      return result.next() ? result.getString(1) : null;
    }
  }

  @Test
  void a_notification_of_a_transition_before_a_kill_9_is_delivered_once_after_the_restart()
      throws Exception {
    String database = TestServers.createDatabase("alert_kill");
    int port = TestServers.freePort();
    int hookPort = TestServers.freePort(); // nothing listens there until the restart
    var env = new HashMap<>(TestServers.platformEnv(database));
    env.put("AQMRG_HTTP_HOST", "127.0.0.1");
    env.put("AQMRG_HTTP_PORT", String.valueOf(port));
    env.put("AQMRG_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8");
    String base = "http://127.0.0.1:" + port;
    String alertId;
    Process first = serve(env, port, work.resolve("first.log"));
    try {
      try (var connection = TestServers.connect(database);
          var statement = connection.createStatement()) {
        statement.execute(
            "INSERT INTO locations (id, name, city, country, latitude, longitude) VALUES"
                + " ('7c0a4c2e-1f7e-4f55-9a55-3c2b8a3f0001', 'Yaba', 'Lagos', 'NG', 6.5, 3.38)");
        statement.execute(
            "INSERT INTO sensors (id, name, location_id) VALUES"
                + " ('KILL-ALERT', 'k', '7c0a4c2e-1f7e-4f55-9a55-3c2b8a3f0001')");
      }
      var user =
          Cli.runWithInput(
              env, ApiServer.PASSWORD + "\n", "users", "create", "--email", "owner@kill.test");
      assertThat(user.exit()).as(user.output()).isZero();
      var login =
          send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          ApiServer.loginBody("owner@kill.test", ApiServer.PASSWORD)))
                  .build());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      String session = json.readTree(login.body()).get("token").asText();
      var created =
          send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts"))
                  .header("Authorization", "Bearer " + session)
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          """
                          {"location_id": "7c0a4c2e-1f7e-4f55-9a55-3c2b8a3f0001",
                           "pollutant": "pm25", "threshold": 35,
                           "notification_channels":
                             {"webhooks": [{"url": "http://127.0.0.1:%d/hook"}]}}"""
                              .formatted(hookPort)))
                  .build());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      alertId = json.readTree(created.body()).get("id").asText();

      var token = Cli.run(env, "tokens", "create", "--name", "w", "--scope", "write:readings");
      assertThat(token.exit()).as(token.output()).isZero();
      String[] printed = token.output().trim().split("\n");
      var write =
          send(
              HttpRequest.newBuilder(
                      URI.create(base + "/api/v2/write?bucket=sensor_data&precision=ms"))
                  .header("Authorization", "Token " + printed[printed.length - 1].trim())
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "air_quality,sensor_id=KILL-ALERT pm25=80 "
                              + Instant.now().toEpochMilli()))
                  .build());
      assertThat(write.statusCode()).as(write.body()).isEqualTo(204);

      // The transition is committed and its first attempt failed: nothing was delivered.
      String forAlert = " FROM alert_deliveries WHERE alert_id = '" + alertId + "'";
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> one(database, "SELECT attempts" + forAlert), a -> "1".equals(a));
      assertThat(one(database, "SELECT status" + forAlert)).isNotEqualTo("delivered");
    } finally {
      first.destroyForcibly(); // SIGKILL: nothing runs on the way out
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    try (var receiver = new WebhookReceiver(hookPort)) {
      Process second = serve(env, port, work.resolve("second.log"));
      try {
        await().atMost(Duration.ofSeconds(60)).until(() -> receiver.received().size() == 1);
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(5))
            .until(() -> receiver.received().size() == 1);
        var delivered = receiver.received().get(0);
        assertThat(delivered.header("X-AQMRG-Event")).isEqualTo("fired");
        assertThat(delivered.body()).contains(alertId).contains("80");
        String forAlert = " FROM alert_deliveries WHERE alert_id = '" + alertId + "'";
        assertThat(delivered.header("Idempotency-Key"))
            .isEqualTo(one(database, "SELECT id" + forAlert));
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> one(database, "SELECT status" + forAlert), "delivered"::equals);
        assertThat(one(database, "SELECT count(*)" + forAlert)).isEqualTo("1");
        assertThat(
                one(
                    database,
                    "SELECT count(*) FROM alert_events WHERE alert_id = '" + alertId + "'"))
            .isEqualTo("1");
        assertThat(one(database, "SELECT state FROM alerts WHERE id = '" + alertId + "'"))
            .isEqualTo("triggered");
      } finally {
        second.destroy();
        second.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
