package org.aqmrg.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.aqmrg.db.EmbeddedPostgres;
import org.aqmrg.testing.Cli;
import org.aqmrg.testing.Haproxy;
import org.aqmrg.testing.OwnInflux;
import org.aqmrg.testing.TestServers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault tests of the write-ahead spool: the packaged jar serving on PostgreSQL, Redis and InfluxDB
 * of this test's own, under a load of devices posting 10 lines at a time as fast as they are
 * answered, is killed with {@code kill -9} at random moments, has each store stopped and started
 * under it, and runs as two instances behind HAProxy of which one is killed. Each test then counts
 * the points acknowledged (204) against the points InfluxDB holds: every acknowledged point is
 * there, nothing is there that was not sent, and no point is there twice.
 */
class DurabilityIT {
  @TempDir static Path dir;

  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static int pgPort;
  private static EmbeddedPostgres postgres;
  private static int redisPort;
  private static Process redis;
  private static OwnInflux influx;
  private static final Map<String, String> env = new HashMap<>();
  private static String token;

  @BeforeAll
  static void start() throws Exception {
    pgPort = TestServers.freePort();
    postgres = EmbeddedPostgres.start(dir.resolve("pg"), pgPort);
    redisPort = TestServers.freePort();
    redis = TestServers.startRedis(redisPort, Files.createDirectories(dir.resolve("redis")));
    influx = OwnInflux.start(dir.resolve("influx"));
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
    env.put("AQMRG_UNKNOWN_SENSORS", "pending");
    env.put("AQMRG_RATE_LIMIT_TOKEN", "10000000");
    env.put("AQMRG_ROLLUPS", "off");
    var migrated = Cli.run(env, "migrate");
    assertThat(migrated.exit()).as(migrated.output()).isZero();
    var created = Cli.run(env, "tokens", "create", "--name", "load", "--scope", "write:readings");
    assertThat(created.exit()).as(created.output()).isZero();
    String[] printed = created.output().trim().split("\n");
    token = printed[printed.length - 1].trim();
  }

  @AfterAll
  static void stop() throws Exception {
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

  @Test
  void kill_9_at_random_moments_loses_no_acknowledged_point() throws Exception {
    long seed = System.nanoTime();
    var random = new Random(seed);
    var serve = Instance.start(env, dir.resolve("killed"));
    var load = DeviceLoad.start("KILL", 8, () -> serve.url(), token);
    try {
      for (int kill = 0; kill < 3; kill++) {
        Thread.sleep(1000 + random.nextInt(2000));
        serve.kill9();
        serve.startAgain();
      }
      Thread.sleep(1000);
    } finally {
      load.stop();
    }
    serve.awaitSpoolEmpty();
    serve.stop();
    assertStored(load, "seed " + seed);
  }

  @Test
  void influxdb_redis_and_postgresql_stopped_under_load_lose_no_acknowledged_point()
      throws Exception {
    var serve = Instance.start(env, dir.resolve("stores"));
    var load = DeviceLoad.start("STORES", 8, () -> serve.url(), token);
    int duringOutage;
    try {
      Thread.sleep(1000);
      influx.stop();
      int before = load.acknowledged().size();
      Thread.sleep(3000);
      duringOutage = load.acknowledged().size() - before;
      JsonNode ready = serve.ready();
      assertThat(ready.get("status").asText()).as(ready.toString()).isEqualTo("degraded");
      assertThat(ready.at("/spool/readings").asLong()).as(ready.toString()).isPositive();
      influx.startAgain();
      Thread.sleep(2000);
      redis.destroy();
      redis.waitFor();
      Thread.sleep(2000);
      redis = TestServers.startRedis(redisPort, dir.resolve("redis"));
      Thread.sleep(2000);
      postgres.close();
      Thread.sleep(2000);
      postgres = EmbeddedPostgres.start(dir.resolve("pg"), pgPort);
      Thread.sleep(2000);
    } finally {
      load.stop();
    }
    // While InfluxDB was away, writes were still acknowledged: they waited in the spool.
    assertThat(duringOutage).isPositive();
    serve.awaitSpoolEmpty();
    serve.stop();
    assertStored(load, "acknowledged while InfluxDB was down: " + duringOutage);
  }

  @Test
  void one_of_two_instances_behind_haproxy_killed_under_load_loses_no_acknowledged_point()
      throws Exception {
    var first = Instance.start(env, dir.resolve("first"));
    var second = Instance.start(env, dir.resolve("second"));
    int port = TestServers.freePort();
    Process haproxy = Haproxy.start(dir, port, first.port(), second.port());
    String lb = "http://127.0.0.1:" + port;
    DeviceLoad load = null;
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(() -> Instance.status(lb + "/health/live") == 200);
      load = DeviceLoad.start("TWO", 8, () -> lb, token);
      Thread.sleep(1500);
      first.kill9();
      Thread.sleep(2000);
      first.startAgain(); // its spool holds what it acknowledged and had not delivered
      Thread.sleep(1000);
    } finally {
      if (load != null) {
        load.stop();
      }
      haproxy.destroy();
    }
    first.awaitSpoolEmpty();
    second.awaitSpoolEmpty();
    first.stop();
    second.stop();
    assertStored(load, "through HAProxy");
  }

  /**
   * Every acknowledged point of the load is in InfluxDB, every point there was sent, and none is
   * there twice.
   */
  private static void assertStored(DeviceLoad load, String context) throws Exception {
    Set<String> acknowledged = load.acknowledged();
    Set<String> sent = load.sent();
    var rows = storedRows(load.prefix());
    var stored = new HashSet<>(rows);
    var missing = new HashSet<>(acknowledged);
    missing.removeAll(stored);
    var unsent = new HashSet<>(stored);
    unsent.removeAll(sent);
    System.out.printf(
        "%s: %d points acknowledged, %d sent in all, %d stored (%s)%n",
        load.prefix(), acknowledged.size(), sent.size(), stored.size(), context);
    assertThat(acknowledged).as("points acknowledged").hasSizeGreaterThan(1000);
    assertThat(missing).as("acknowledged and not stored (%s)", context).isEmpty();
    assertThat(unsent).as("stored and never sent").isEmpty();
    assertThat(rows).as("points stored twice").hasSameSizeAs(stored);
  }

  /** The points of sensors starting with {@code prefix} in InfluxDB, as {@code sensor@millis}. */
  private static List<String> storedRows(String prefix) throws Exception {
    String query =
        "SELECT pm25 FROM \"aqmrg\".\"sensor_data\".\"air_quality\" WHERE sensor_id =~ /^"
            + prefix
            + "-/ GROUP BY sensor_id";
    var response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        influx.url()
                            + "/query?db=aqmrg&epoch=ms&q="
                            + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    var rows = new java.util.ArrayList<String>();
    JsonNode series = new ObjectMapper().readTree(response.body()).at("/results/0/series");
    for (JsonNode one : series) {
      String sensor = one.at("/tags/sensor_id").asText();
      for (JsonNode value : one.get("values")) {
        rows.add(sensor + "@" + value.get(0).asLong());
      }
    }
    return rows;
  }
}
