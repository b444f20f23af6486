package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;
import org.aqmrg.app.Platform;
import org.aqmrg.config.Settings;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /health/ready against real stores, one of which really stops and starts again. */
class HealthIT {
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path redisDir;

  private Process startRedis(int port) throws IOException {
    return TestServers.startRedis(port, redisDir);
  }

  /** A session of a new admin: only admins see where each store is and what failed. */
  private static String admin(Platform platform) {
    var user =
        platform
            .web()
            .users()
            .create("admin-" + UUID.randomUUID() + "@test.dev", ApiServer.PASSWORD, Role.ADMIN);
    return platform.web().sessions().start(user).secret();
  }

  /** The answer to an admin's session, or with {@code session} null to a caller without one. */
  private JsonNode ready(Javalin app, String session, int expectedStatus) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/health/ready"));
    if (session != null) {
      request.header("Authorization", "Bearer " + session);
    }
    var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
    return WebApp.objectMapper().readTree(response.body());
  }

  @Test
  void ready_reports_every_store_truthfully_as_redis_stops_and_starts() throws Exception {
    int redisPort = TestServers.freePort();
    var env = new HashMap<>(TestServers.fullPlatformEnv(TestServers.createDatabase("health")));
    env.put("REDIS_HOST", "127.0.0.1");
    env.put("REDIS_PORT", String.valueOf(redisPort));
    env.remove("REDIS_PASSWORD");
    Process redis = startRedis(redisPort);

    try (var platform = Platform.start(Settings.from(env))) {
      var app = WebApp.create(platform.web()).start("127.0.0.1", 0);
      String admin = admin(platform);
      try {
        var up = ready(app, admin, 200);
        assertThat(up.get("stores").findValuesAsText("target"))
            .hasSize(3)
            .anySatisfy(t -> assertThat(t).startsWith("PostgreSQL at "))
            .anySatisfy(t -> assertThat(t).startsWith("InfluxDB at http://"))
            .contains("Redis at 127.0.0.1:" + redisPort);

        redis.destroy();
        redis.waitFor();
        // The admin's session is in the Redis that is down: the answer is the one for anyone.
        var down = ready(app, admin, 503);
        assertThat(down.get("status").asText()).isEqualTo("down");
        JsonNode cache = down.get("stores").get(2);
        assertThat(cache.get("role").asText()).isEqualTo("cache");
        assertThat(cache.get("up").asBoolean()).isFalse();
        assertThat(cache.has("target")).isFalse();
        assertThat(down.get("stores").get(0).get("up").asBoolean()).isTrue();

        redis = startRedis(redisPort);
        await()
            .atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(200))
            .untilAsserted(() -> ready(app, null, 200));
      } finally {
        app.stop();
        redis.destroy();
      }
    }
  }

  @Test
  void ready_is_503_while_influxdb_is_unreachable() throws Exception {
    var env = new HashMap<>(TestServers.fullPlatformEnv(TestServers.createDatabase("health2")));
    env.put("INFLUXDB_URL", "http://127.0.0.1:" + TestServers.freePort());

    try (var platform = Platform.start(Settings.from(env))) {
      var app = WebApp.create(platform.web()).start("127.0.0.1", 0);
      try {
        var down = ready(app, admin(platform), 503);
        List<String> problems = down.get("stores").findValuesAsText("problem");
        assertThat(problems).containsExactly("", "connection refused", "");
      } finally {
        app.stop();
      }
    }
  }
}
