package org.aqmrg.ingest;

import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /latest} through a running platform on a Redis of the test's own: a reading sent again
 * with the same time updates the latest value, times print as history prints them, and while Redis
 * is down the latest values come from the time-series store.
 */
class LatestValuesIT {
  private static final String LOCATION = "7e570000-0000-4000-8000-0000000000b2";

  @TempDir Path redisDir;

  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  private static long ns(Instant time) {
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }

  /** A platform on a private Redis at {@code port}, with a location and its sensor L-1. */
  private static ApiServer platformOn(int port) throws SQLException {
    var api =
        ApiServer.start(
            "redis",
            Map.of(
                "REDIS_HOST",
                "127.0.0.1",
                "REDIS_PORT",
                String.valueOf(port),
                "REDIS_PASSWORD",
                ""));
    try (var connection = api.platform().database().dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO locations (id, name, city, country, latitude, longitude) VALUES ('"
              + LOCATION
              + "', 'Yaba', 'Lagos', 'NG', 6.5095, 3.3711)");
      statement.execute(
          "INSERT INTO sensors (id, name, location_id, status) VALUES ('L-1', 'one', '"
              + LOCATION
              + "', 'active')");
    }
    return api;
  }

  private static String token(ApiServer api) {
    return api.platform()
        .web()
        .tokens()
        .create(null, "gateway", List.of("write:readings"), List.of(), null)
        .secret();
  }

  private static void write(ApiServer api, String token, String line) {
    var response =
        api.send(
            "POST", "/api/v2/write?bucket=sensor_data", line, "Authorization", "Token " + token);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
  }

  private static JsonNode ok(ApiServer api, String path) {
    var response = api.get(path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return json(response);
  }

  @Test
  void a_reading_sent_again_with_the_same_time_updates_the_latest_fields_merged() throws Exception {
    int port = TestServers.freePort();
    Process redis = TestServers.startRedis(port, redisDir);
    try (var api = platformOn(port)) {
      String token = token(api);
      Instant t = now.minusSeconds(90);
      write(api, token, "air_quality,sensor_id=L-1 pm25=10,humidity=70 " + ns(t));
      assertThat(ok(api, "/api/v1/sensors/L-1/latest").get("fields").get("pm25").asDouble())
          .isEqualTo(10);

      write(api, token, "air_quality,sensor_id=L-1 pm25=12,pm10=20 " + ns(t));

      JsonNode fields = ok(api, "/api/v1/sensors/L-1/latest").get("fields");
      assertThat(fields.get("pm25").asDouble()).isEqualTo(12);
      assertThat(fields.get("pm10").asDouble()).isEqualTo(20);
      assertThat(fields.get("humidity").asDouble())
          .as("a field only in the old point stays")
          .isEqualTo(70);
      JsonNode atLocation = ok(api, "/api/v1/locations/" + LOCATION + "/latest").get("readings");
      assertThat(atLocation.get(0).get("fields").size()).isEqualTo(3);
    } finally {
      redis.destroy();
      redis.waitFor();
    }
  }

  @Test
  void latest_prints_times_as_history_prints_them() throws Exception {
    int port = TestServers.freePort();
    Process redis = TestServers.startRedis(port, redisDir);
    try (var api = platformOn(port)) {
      String token = token(api);
      Instant whole = now.minusSeconds(300);
      Instant fraction = now.minusSeconds(200).plusMillis(250);
      write(api, token, "air_quality,sensor_id=L-1 pm25=1 " + ns(whole));
      String admin = "admin-" + port + "@example.org";
      api.user(admin, org.aqmrg.identity.Role.ADMIN);
      String session = api.login(admin);

      var history =
          json(
              api.get(
                  "/api/v1/sensors/L-1/readings?every=raw&from=" + whole.minusSeconds(1),
                  "Authorization",
                  ApiServer.bearer(session)));
      String historyTime = history.get("data").get(0).get("time").asText();
      String latestTime = ok(api, "/api/v1/sensors/L-1/latest").get("time").asText();
      write(api, token, "air_quality,sensor_id=L-1 pm25=2 " + ns(fraction));
      String locationTime =
          ok(api, "/api/v1/locations/" + LOCATION + "/latest")
              .get("readings")
              .get(0)
              .get("time")
              .asText();

      assertThat(historyTime).isEqualTo(whole.toString());
      assertThat(latestTime).isEqualTo(historyTime);
      assertThat(locationTime).isEqualTo(fraction.toString()).endsWith(".250Z");
    } finally {
      redis.destroy();
      redis.waitFor();
    }
  }

  @Test
  void while_redis_is_down_latest_comes_from_the_time_series_store() throws Exception {
    int port = TestServers.freePort();
    Process redis = TestServers.startRedis(port, redisDir);
    try (var api = platformOn(port)) {
      String token = token(api);
      Instant t = now.minusSeconds(60);
      // Read nothing before Redis stops, so that no answer is kept in process for a second.
      write(api, token, "air_quality,sensor_id=L-1 pm25=41,no2=12 " + ns(t));
      api.platform().web().latest().awaitOffers();

      redis.destroy();
      redis.waitFor();

      JsonNode sensor = ok(api, "/api/v1/sensors/L-1/latest");
      assertThat(sensor.get("fields").get("pm25").asDouble()).isEqualTo(41);
      assertThat(sensor.get("time").asText()).isEqualTo(t.toString());
      JsonNode location = ok(api, "/api/v1/locations/" + LOCATION + "/latest");
      assertThat(location.get("readings").get(0).get("fields").get("no2").asDouble()).isEqualTo(12);
      assertThat(api.get("/api/v1/sensors/NOT-THERE/latest").statusCode()).isEqualTo(404);
    } finally {
      redis.destroy();
      redis.waitFor();
    }
  }
}
