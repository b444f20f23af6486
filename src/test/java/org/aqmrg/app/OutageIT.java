package org.aqmrg.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aqmrg.db.EmbeddedPostgres;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.OwnInflux;
import org.aqmrg.testing.TestServers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops PostgreSQL, Redis and InfluxDB in turn, under a platform running on all three, and calls
 * one route of every family: a route that needs the stopped store answers 503 with Retry-After, the
 * code {@code unavailable} and {@code details.store} naming that store, the same on every route; no
 * route answers 500; once the store is back every route answers as before.
 *
 * <p>The three servers are this test's own (never the shared test servers): an embedded PostgreSQL,
 * a redis-server and an influxd, each on a free port.
 */
class OutageIT {
  private static final String SENSOR = "OUTAGE-1";

  @TempDir static Path dir;

  private static int pgPort;
  private static EmbeddedPostgres postgres;
  private static int redisPort;
  private static Process redis;
  private static OwnInflux influx;
  private static ApiServer api;
  private static String admin;
  private static String writer;
  private static String location;

  @BeforeAll
  static void start() throws Exception {
    pgPort = TestServers.freePort();
    startPostgres();
    redisPort = TestServers.freePort();
    redis = TestServers.startRedis(redisPort, Files.createDirectories(dir.resolve("redis")));
    influx = OwnInflux.start(dir.resolve("influx"));

    var env = new HashMap<String, String>();
    env.put("DATABASE_HOST", "127.0.0.1");
    env.put("DATABASE_PORT", String.valueOf(pgPort));
    env.put("DATABASE_NAME", "aqmrg");
    env.put("DATABASE_USER", postgres.user());
    env.put("DATABASE_PASSWORD", "unused");
    env.put("AQMRG_DB_CONNECTION_TIMEOUT_MS", "1000");
    env.put("REDIS_HOST", "127.0.0.1");
    env.put("REDIS_PORT", String.valueOf(redisPort));
    env.put("INFLUXDB_URL", influx.url());
    env.put("AQMRG_CACHE", "redis");
    env.put("AQMRG_TIMESERIES", "influxdb");
    env.put("AQMRG_DATA_DIR", dir.resolve("data").toString());
    // The test polls every route until the stores are back: no limit may answer it first.
    env.put("AQMRG_LOGIN_MAX_FAILURES_PER_ADDRESS", "100000");
    env.put("AQMRG_RATE_LIMIT_ANONYMOUS", "10000000");
    env.put("AQMRG_RATE_LIMIT_ADMIN", "10000000");
    env.put("AQMRG_RATE_LIMIT_TOKEN", "10000000");
    api = ApiServer.start(env);

    api.user("admin@outage.test", Role.ADMIN);
    admin = ApiServer.bearer(api.login("admin@outage.test"));
    var created =
        api.send(
            "POST",
            "/api/v1/locations",
            "{\"name\":\"Site\",\"city\":\"Lagos\",\"country\":\"NG\",\"latitude\":6.5,"
                + "\"longitude\":3.4,\"timezone\":\"Africa/Lagos\"}",
            "Authorization",
            admin);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    location = ApiServer.json(created).get("id").asText();
    var sensor =
        api.send(
            "POST",
            "/api/v1/sensors",
            "{\"id\":\"" + SENSOR + "\",\"name\":\"one\",\"location_id\":\"" + location + "\"}",
            "Authorization",
            admin);
    assertThat(sensor.statusCode()).as(sensor.body()).isEqualTo(201);
    writer =
        ApiServer.bearer(
            api.platform()
                .web()
                .tokens()
                .create(null, "writer", List.of("write:readings"), List.of(), null)
                .secret());
    assertAllAnswer();
  }

  @AfterAll
  static void stop() throws Exception {
    if (api != null) {
      api.close();
    }
    if (influx != null) {
      influx.stop();
    }
    if (redis != null) {
      redis.destroy();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  /** A route of every family, by name. */
  private static Map<String, HttpResponse<String>> callEveryFamily() {
    var answers = new LinkedHashMap<String, HttpResponse<String>>();
    answers.put(
        "login",
        api.send(
            "POST",
            "/api/v1/auth/login",
            ApiServer.loginBody("admin@outage.test", ApiServer.PASSWORD)));
    answers.put("me", api.get("/api/v1/auth/me", "Authorization", admin));
    answers.put("users", api.get("/api/v1/users", "Authorization", admin));
    answers.put("tokens", api.get("/api/v1/tokens", "Authorization", admin));
    answers.put("sensors", api.get("/api/v1/sensors"));
    answers.put("locations", api.get("/api/v1/locations/" + location));
    answers.put(
        "write",
        api.send(
            "POST",
            "/api/v2/write?org=aqmrg&bucket=sensor_data&precision=s",
            "air_quality,sensor_id=" + SENSOR + " pm25=12 " + Instant.now().getEpochSecond(),
            "Authorization",
            writer));
    answers.put("latest", api.get("/api/v1/sensors/" + SENSOR + "/latest"));
    Instant now = Instant.now();
    answers.put(
        "history",
        api.get(
            "/api/v1/sensors/"
                + SENSOR
                + "/readings?from="
                + now.minus(Duration.ofHours(1))
                + "&to="
                + now.plusSeconds(60)));
    answers.put("audit", api.get("/api/v1/audit-logs", "Authorization", admin));
    answers.put("health", api.get("/health/ready"));
    return answers;
  }

  /**
   * Checks one outage: the routes in {@code needing} answer 503 naming {@code store}; every other
   * route answers as when all is up, or the same 503; none answers anything else.
   */
  private static void assertOutage(String store, Set<String> needing) {
    var answers = callEveryFamily();
    var table = new ArrayList<String>();
    // Printed for the record: what each route answered while the store was down.
    answers.forEach(
        (route, answer) -> table.add(route + " " + answer.statusCode() + " " + answer.body()));
    System.out.println(store + " down:\n  " + String.join("\n  ", table));
    for (var entry : answers.entrySet()) {
      String route = entry.getKey();
      var answer = entry.getValue();
      String why = store + " down, " + route + ": " + String.join("\n", table);
      if (route.equals("health")) {
        assertThat(answer.statusCode()).as(why).isEqualTo(503);
        continue;
      }
      if (needing.contains(route) || answer.statusCode() >= 500) {
        assertThat(answer.statusCode()).as(why).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).as(why).isPresent();
        JsonNode body = ApiServer.json(answer);
        assertThat(body.get("code").asText()).as(why).isEqualTo("unavailable");
        assertThat(body.at("/details/store").asText()).as(why).isEqualTo(store);
      } else {
        assertThat(answer.statusCode()).as(why).isLessThan(500).isNotEqualTo(429);
      }
    }
  }

  /** Every route answers as when all is up. */
  private static void assertAllAnswer() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              var answers = callEveryFamily();
              answers.forEach(
                  (route, answer) -> {
                    int expected = route.equals("write") ? 204 : 200;
                    assertThat(answer.statusCode())
                        .as(route + ": " + answer.body())
                        .isEqualTo(expected);
                  });
            });
  }

  @Test
  void postgresql_down() {
    postgres.close();
    try {
      assertOutage(
          "relational",
          Set.of("login", "users", "tokens", "sensors", "locations", "history", "audit"));
    } finally {
      startPostgres();
    }
    assertAllAnswer();
  }

  @Test
  void redis_down() throws Exception {
    redis.destroy();
    redis.waitFor();
    try {
      assertOutage("cache", Set.of("login", "me", "users", "tokens", "audit"));
    } finally {
      redis = TestServers.startRedis(redisPort, dir.resolve("redis"));
    }
    // The new Redis starts empty: the session is gone, and a new login makes one.
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              var login =
                  api.send(
                      "POST",
                      "/api/v1/auth/login",
                      ApiServer.loginBody("admin@outage.test", ApiServer.PASSWORD));
              if (login.statusCode() != 200) {
                return false;
              }
              admin = ApiServer.bearer(ApiServer.json(login).get("token").asText());
              return true;
            });
    assertAllAnswer();
  }

  @Test
  void influxdb_down() throws Exception {
    influx.stop();
    try {
      assertOutage("timeseries", Set.of("write", "history"));
    } finally {
      influx.startAgain();
    }
    assertAllAnswer();
  }

  private static void startPostgres() {
    postgres = EmbeddedPostgres.start(dir.resolve("pg"), pgPort);
  }
}
