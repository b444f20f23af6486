package org.aqmrg.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.TestServers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two {@code serve} instances whose cache is the three-master Redis Cluster of the test services
 * ({@code REDIS_CLUSTER_NODES}): a session made on one is good on the other, a reading written
 * through one is the latest value on both, a token's rate limit counts the requests of both, and
 * readiness and the statistics speak of the cluster.
 */
class RedisClusterIT {
  private static Map<String, String> clusterEnv() {
    var env = new HashMap<>(TestServers.platformEnv(TestServers.createDatabase("cluster")));
    env.put("AQMRG_CACHE", "redis");
    env.put("REDIS_CLUSTER_NODES", TestServers.env("AQMRG_TEST_REDIS_CLUSTER_NODES"));
    env.put("REDIS_PASSWORD", TestServers.env("AQMRG_TEST_REDIS_PASSWORD"));
    env.put("AQMRG_LOGIN_MAX_FAILURES_PER_ADDRESS", "100000");
    env.put("AQMRG_RATE_LIMIT_SYNC_MS", "0");
    env.put("AQMRG_RATE_LIMIT_TOKEN", "10");
    return env;
  }

  @Test
  void two_instances_share_sessions_latest_values_and_rate_limits_on_a_cluster() {
    try (var first = ApiServer.start(clusterEnv());
        var second = ApiServer.start(first.env())) {
      first.user("admin@cluster.test", Role.ADMIN);
      String session = first.login("admin@cluster.test");
      for (var server : List.of(first, second)) {
        assertThat(server.get("/api/v1/auth/me", "Authorization", ApiServer.bearer(session)))
            .satisfies(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
      }

      first
          .platform()
          .database()
          .sql()
          .useHandle(
              "registering the sensors",
              handle -> {
                for (int i = 1; i <= 40; i++) {
                  handle.execute(
                      "INSERT INTO sensors (id, name, status) VALUES (?, ?, 'active')",
                      "CL-" + i,
                      "CL-" + i);
                }
              });
      String token =
          first
              .platform()
              .web()
              .tokens()
              .create(null, "gateway", List.of("write:readings"), List.of(), null)
              .secret();
      // forty sensors: their latest-value keys fall in slots of every master
      var body = new StringBuilder();
      long now = Instant.now().getEpochSecond();
      for (int i = 1; i <= 40; i++) {
        body.append("air_quality,sensor_id=CL-").append(i).append(" pm25=").append(i + 0.5);
        body.append(' ').append(now).append('\n');
      }
      var write =
          first.send(
              "POST",
              "/api/v2/write?bucket=sensor_data&org=aqmrg&precision=s",
              body.toString(),
              "Authorization",
              "Token " + token,
              "Content-Type",
              "text/plain");
      assertThat(write.statusCode()).as(write.body()).isEqualTo(204);
      Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () -> {
                for (var server : List.of(first, second)) {
                  for (int i : new int[] {1, 17, 40}) {
                    var latest =
                        server.get(
                            "/api/v1/sensors/CL-" + i + "/latest",
                            "Authorization",
                            ApiServer.bearer(session));
                    assertThat(latest.statusCode()).as(latest.body()).isEqualTo(200);
                    assertThat(latest.body()).contains("\"pm25\":" + (i + 0.5));
                  }
                }
              });

      // the token may make 10 requests a window, spread over both instances; its first write
      // above was one of them
      int allowed = 1;
      for (int i = 0; i < 14; i++) {
        var server = i % 2 == 0 ? first : second;
        int status =
            server
                .send(
                    "POST",
                    "/api/v2/write?bucket=sensor_data&org=aqmrg&precision=s",
                    "air_quality,sensor_id=CL-1 pm10=" + i + " " + (now + 1 + i),
                    "Authorization",
                    "Token " + token,
                    "Content-Type",
                    "text/plain")
                .statusCode();
        assertThat(status).isIn(204, 429);
        allowed += status == 204 ? 1 : 0;
      }
      assertThat(allowed).isEqualTo(10);

      var ready = second.get("/health/ready", "Authorization", ApiServer.bearer(session));
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat(ApiServer.json(ready).get("stores").findValuesAsText("target"))
          .contains("Redis Cluster at " + TestServers.env("AQMRG_TEST_REDIS_CLUSTER_NODES"));

      var stats = first.get("/api/v1/admin/stats", "Authorization", ApiServer.bearer(session));
      assertThat(stats.statusCode()).as(stats.body()).isEqualTo(200);
      JsonNode redis = ApiServer.json(stats).get("redis");
      assertThat(redis.has("error")).as(redis.toString()).isFalse();
      assertThat(redis.get("keys_by_pattern").get("session:*").asLong()).isPositive();
      assertThat(redis.get("keys_by_pattern").get("sensor:*").asLong()).isGreaterThanOrEqualTo(40);
      assertThat(redis.get("used_memory").asLong()).isPositive();
    }
  }
}
