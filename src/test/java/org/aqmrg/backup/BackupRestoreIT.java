package org.aqmrg.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.aqmrg.config.Settings;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.Cli;
import org.aqmrg.testing.TestServers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./aqmrg backup} and {@code ./aqmrg restore} against real servers: a populated platform
 * backed up and restored into fresh stores holds the same rows, points and keys, table by table,
 * measurement by measurement and key by key, on InfluxDB, on PostgreSQL and on the embedded
 * default.
 */
class BackupRestoreIT {
  private static final String INFLUX = TestServers.env("AQMRG_TEST_INFLUXDB_URL");
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  private final List<Process> redisServers = new ArrayList<>();
  private final List<String> influxDatabases = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    redisServers.forEach(Process::destroy);
    for (String database : influxDatabases) {
      StoreContents.query(INFLUX, null, "DROP DATABASE \"" + database + "\"");
    }
  }

  @Test
  void influxdb_and_redis_come_back_as_they_were() throws Exception {
    var source = influxEnv("src");
    String session = populate(source);
    StoreContents.query(
        INFLUX,
        null,
        ("CREATE CONTINUOUS QUERY cq_pm25 ON \"%1$s\" BEGIN SELECT mean(pm25) AS pm25 INTO"
                + " \"%1$s\".\"sensor_data_hourly\".\"cq_check\" FROM"
                + " \"%1$s\".\"sensor_data\".\"air_quality\" GROUP BY time(1h), * END")
            .formatted(source.get("INFLUXDB_DATABASE")));
    Path folder = backup(source);
    assertThat(folder.resolve("influxdb")).isDirectory();
    assertThat(folder.resolve("redis.keys")).isRegularFile();
    assertThat(folder.resolve("redis.rdb")).isRegularFile();
    String manifest = Files.readString(folder.resolve(Manifest.FILE));
    assertThat(manifest)
        .doesNotContain(TestServers.pgPassword())
        .contains("\"sensor_data.air_quality\"", "\"session:*\"", "cq_pm25");

    var target = influxEnv("dst");
    var restored = Cli.run(target, "restore", folder.toString());
    assertThat(restored.exit()).as(restored.output()).isZero();
    assertThat(restored.output()).contains("every count matches the manifest");

    assertThat(tables(target)).isEqualTo(tables(source));
    var series = StoreContents.series(INFLUX, source.get("INFLUXDB_DATABASE"));
    assertThat(series).containsKeys("sensor_data.air_quality", "sensor_data_hourly.air_quality");
    assertThat(StoreContents.series(INFLUX, target.get("INFLUXDB_DATABASE"))).isEqualTo(series);
    assertThat(StoreContents.continuousQueries(INFLUX, target.get("INFLUXDB_DATABASE")))
        .containsExactly("cq_pm25");
    var keys = StoreContents.keys("127.0.0.1", Integer.parseInt(source.get("REDIS_PORT")));
    assertThat(keys)
        .containsKey("sensor:LAG-IKJ-001:latest")
        .anySatisfy(
            (key, value) -> {
              assertThat(key).startsWith("session:");
              assertThat(value).endsWith("/expires");
            });
    assertThat(StoreContents.keys("127.0.0.1", Integer.parseInt(target.get("REDIS_PORT"))))
        .isEqualTo(keys);

    // The restored platform knows the session and the readings.
    try (var api = ApiServer.start(target)) {
      assertThat(
              api.get("/api/v1/auth/me", "Authorization", ApiServer.bearer(session)).statusCode())
          .isEqualTo(200);
      var latest = api.get("/api/v1/sensors/LAG-IKJ-001/latest");
      assertThat(latest.statusCode()).as(latest.body()).isEqualTo(200);
      assertThat(latest.body()).contains("35.5");
    }
  }

  @Test
  void the_time_series_on_postgresql_come_back_in_the_dump() throws Exception {
    var source = TestServers.platformEnv(TestServers.createDatabase("bk_src"));
    source.put("AQMRG_CACHE", "memory");
    populate(source);
    Path folder = backup(source);
    assertThat(Files.exists(folder.resolve("influxdb"))).isFalse();
    assertThat(Files.exists(folder.resolve("redis.keys"))).isFalse();

    var target = TestServers.platformEnv(TestServers.createDatabase("bk_dst"));
    target.put("AQMRG_CACHE", "memory");
    var restored = Cli.run(target, "restore", folder.toString());
    assertThat(restored.exit()).as(restored.output()).isZero();
    var before = tables(source);
    assertThat(before.get("sensor_data")).doesNotStartWith("0:");
    assertThat(before.get("sensor_data_hourly")).doesNotStartWith("0:");
    assertThat(tables(target)).isEqualTo(before);
  }

  @Test
  void the_keys_of_a_redis_cluster_come_back_in_one_server() throws Exception {
    var source = TestServers.platformEnv(TestServers.createDatabase("bk_cl"));
    source.put("AQMRG_CACHE", "redis");
    source.put("REDIS_CLUSTER_NODES", TestServers.env("AQMRG_TEST_REDIS_CLUSTER_NODES"));
    source.put("REDIS_PASSWORD", TestServers.env("AQMRG_TEST_REDIS_PASSWORD"));
    source.put("AQMRG_LOGIN_MAX_FAILURES_PER_ADDRESS", "100000");
    String session = populate(source);
    Path folder = backup(source);
    assertThat(folder.resolve("redis.keys")).isRegularFile();
    assertThat(Files.exists(folder.resolve("redis.rdb"))).isFalse();
    assertThat(Files.readString(folder.resolve(Manifest.FILE)))
        .contains("a Redis Cluster has no single snapshot of all its keys");

    var target = TestServers.platformEnv(TestServers.createDatabase("bk_cl_dst"));
    int port = TestServers.freePort();
    redisServers.add(
        TestServers.startRedis(port, Files.createDirectories(dir.resolve("redis-cl"))));
    target.put("AQMRG_CACHE", "redis");
    target.put("REDIS_HOST", "127.0.0.1");
    target.put("REDIS_PORT", String.valueOf(port));
    var restored = Cli.run(target, "restore", folder.toString());
    assertThat(restored.exit()).as(restored.output()).isZero();
    assertThat(StoreContents.keys("127.0.0.1", port))
        .containsKey("sensor:LAG-IKJ-001:latest")
        .anySatisfy((key, value) -> assertThat(key).startsWith("session:"));
    // the session lives only in Redis: the restored server knows it
    try (var api = ApiServer.start(target)) {
      assertThat(
              api.get("/api/v1/auth/me", "Authorization", ApiServer.bearer(session)).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void the_embedded_default_comes_back_in_a_new_data_folder() throws Exception {
    var source = embeddedEnv("source");
    assertThat(Cli.run(source, "seed", "dev").exit()).isZero();
    Path folder = backup(source);
    var target = embeddedEnv("target");
    var restored = Cli.run(target, "restore", folder.toString());
    assertThat(restored.exit()).as(restored.output()).isZero();
    assertThat(embeddedTables(target)).isEqualTo(embeddedTables(source));
    assertThat(embeddedTables(source).get("sensors")).startsWith("20:");
  }

  @Test
  void a_folder_that_does_not_match_its_manifest_is_refused_before_anything_is_written()
      throws Exception {
    var source = TestServers.platformEnv(TestServers.createDatabase("bk_bad"));
    source.put("AQMRG_CACHE", "memory");
    assertThat(Cli.run(source, "seed", "dev").exit()).isZero();
    Path folder = backup(source);
    var target = TestServers.platformEnv(TestServers.createDatabase("bk_bad_dst"));
    target.put("AQMRG_CACHE", "memory");

    Path altered = copy(folder, "altered");
    byte[] dump = Files.readAllBytes(altered.resolve("postgres.dump"));
    dump[dump.length / 2] ^= 1;
    Files.write(altered.resolve("postgres.dump"), dump);
    var refused = Cli.run(target, "restore", altered.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.output()).contains(altered.resolve("postgres.dump") + ": altered");

    Path incomplete = copy(folder, "incomplete");
    Files.delete(incomplete.resolve("postgres.dump"));
    refused = Cli.run(target, "restore", incomplete.toString());
    assertThat(refused.output()).contains(incomplete.resolve("postgres.dump") + ": missing");

    Path noManifest = copy(folder, "no-manifest");
    Files.delete(noManifest.resolve(Manifest.FILE));
    refused = Cli.run(target, "restore", noManifest.toString());
    assertThat(refused.output()).contains(noManifest.resolve(Manifest.FILE) + " is missing");

    Path otherFormat = copy(folder, "other-format");
    rewriteManifest(otherFormat, "\"format\" : 1", "\"format\" : 99");
    refused = Cli.run(target, "restore", otherFormat.toString());
    assertThat(refused.output()).contains("backup format 99");

    Path newer = copy(folder, "newer");
    Path newerManifest = newer.resolve(Manifest.FILE);
    Files.writeString(
        newerManifest,
        Files.readString(newerManifest)
            .replaceFirst("\"schema_version\" : \"\\d+\"", "\"schema_version\" : \"999\""));
    refused = Cli.run(target, "restore", newer.toString());
    assertThat(refused.output()).contains("schema version 999, newer than this platform's");

    var onInflux = new HashMap<>(target);
    onInflux.put("INFLUXDB_URL", INFLUX);
    refused = Cli.run(onInflux, "restore", folder.toString());
    assertThat(refused.output()).contains("time series on postgres", "keeps them on influxdb");

    try (var connection = TestServers.connect(target.get("DATABASE_NAME"))) {
      assertThat(StoreContents.tables(connection)).isEmpty();
    }

    // Into a database that holds data: refused and listed, then replaced when forced.
    assertThat(Cli.run(target, "seed", "dev").exit()).isZero();
    refused = Cli.run(target, "restore", folder.toString());
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.output())
        .contains("the target is not empty", "PostgreSQL table sensors (20 rows)", "--force");
    var forced = Cli.run(target, "restore", "--force", folder.toString());
    assertThat(forced.exit()).as(forced.output()).isZero();
    assertThat(tables(target)).isEqualTo(tables(source));
  }

  @Test
  void a_store_that_is_down_fails_the_backup_by_name_and_leaves_no_folder() throws Exception {
    var env = TestServers.platformEnv(TestServers.createDatabase("bk_down"));
    env.put("AQMRG_CACHE", "memory");
    env.put("INFLUXDB_URL", "http://127.0.0.1:" + TestServers.freePort());
    Path out = dir.resolve("down");
    var failed = Cli.run(env, "backup", out.toString());
    assertThat(failed.exit()).isNotZero();
    assertThat(failed.output()).contains("InfluxDB at http://127.0.0.1:");
    assertThat(leftovers(out)).isEmpty();

    env.remove("INFLUXDB_URL");
    env.put("AQMRG_CACHE", "redis");
    env.put("REDIS_HOST", "127.0.0.1");
    env.put("REDIS_PORT", String.valueOf(TestServers.freePort()));
    failed = Cli.run(env, "backup", out.toString());
    assertThat(failed.exit()).isNotZero();
    assertThat(failed.output()).contains("Redis at 127.0.0.1:" + env.get("REDIS_PORT"));
    assertThat(leftovers(out)).isEmpty();

    env.put("AQMRG_CACHE", "memory");
    env.put("DATABASE_PORT", String.valueOf(TestServers.freePort()));
    failed = Cli.run(env, "backup", out.toString());
    assertThat(failed.exit()).isNotZero();
    assertThat(failed.output()).contains("PostgreSQL at 127.0.0.1:" + env.get("DATABASE_PORT"));
    assertThat(leftovers(out)).isEmpty();
  }

  @Test
  void a_restore_under_a_running_serve_is_refused() throws Exception {
    var source = TestServers.platformEnv(TestServers.createDatabase("bk_live"));
    source.put("AQMRG_CACHE", "memory");
    Path folder = backup(source);
    try (var serving =
        org.aqmrg.app.Platform.start(
            Settings.from(source), org.aqmrg.db.EmbeddedPostgres.Caller.SERVE)) {
      assertThat(serving.database().description()).contains(source.get("DATABASE_NAME"));
      var refused = Cli.run(source, "restore", "--force", folder.toString());
      assertThat(refused.exit()).isEqualTo(1);
      assertThat(refused.output()).contains("./aqmrg serve is running on");
    }
  }

  /** Writes readings (now and five days ago), a user with a session, and waits for the rollups. */
  private String populate(Map<String, String> env) throws Exception {
    try (var api = ApiServer.start(env)) {
      assertThat(Cli.run(env, "seed", "dev").exit()).isZero();
      api.user("backup-admin@example.org", Role.ADMIN);
      String session = api.login("backup-admin@example.org");
      var created = Cli.run(env, "tokens", "create", "--name", "bk", "--scope", "write:readings");
      String[] lines = created.output().trim().split("\n");
      String token = lines[lines.length - 1].trim();
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      var body = new StringBuilder();
      for (String sensor : List.of("LAG-IKJ-001", "LAG-IKJ-002")) {
        for (int minute = 0; minute < 60; minute += 5) {
          for (Instant at : List.of(now.minus(Duration.ofDays(5)), now.minusSeconds(3_600))) {
            body.append(
                "air_quality,sensor_id=%s pm25=%d,humidity=70 %d\n"
                    .formatted(sensor, 10 + minute, at.plusSeconds(60L * minute).getEpochSecond()));
          }
        }
      }
      body.append(
          "air_quality,sensor_id=LAG-IKJ-001 pm25=35.5 %d\n".formatted(now.getEpochSecond()));
      var write =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + api.port()
                              + "/api/v2/write?bucket=sensor_data&precision=s"))
                  .header("Authorization", "Token " + token)
                  .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(write.statusCode()).as(write.body()).isEqualTo(204);
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> count(env, "SELECT count(*) FROM rollup_marks") == 0);
      return session;
    }
  }

  private Path backup(Map<String, String> env) {
    var result = Cli.run(env, "backup", dir.resolve("backups").toString(), "--verify");
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("Verified: ").doesNotContain(TestServers.pgPassword());
    for (String secret : List.of("REDIS_PASSWORD", "INFLUXDB_PASSWORD", "INFLUXDB_TOKEN")) {
      String value = env.getOrDefault(secret, "");
      if (!value.isEmpty()) {
        assertThat(result.output()).doesNotContain(value);
        assertThat(readManifest(result)).doesNotContain(value);
      }
    }
    String[] lines = result.output().trim().split("\n");
    return Path.of(lines[lines.length - 1].trim());
  }

  private static String readManifest(Cli.Result result) {
    String[] lines = result.output().trim().split("\n");
    try {
      return Files.readString(Path.of(lines[lines.length - 1].trim()).resolve(Manifest.FILE));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Map<String, String> influxEnv(String purpose) throws Exception {
    var env = TestServers.platformEnv(TestServers.createDatabase("bk_" + purpose));
    String database = "bk_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
    influxDatabases.add(database);
    env.put("INFLUXDB_URL", INFLUX);
    env.put("INFLUXDB_DATABASE", database);
    env.put("AQMRG_INFLUXDB_BACKUP_ADDRESS", TestServers.env("AQMRG_TEST_INFLUXDB_BACKUP"));
    int port = TestServers.freePort();
    Path redisDir = Files.createDirectories(dir.resolve("redis-" + purpose));
    redisServers.add(TestServers.startRedis(port, redisDir));
    env.put("AQMRG_CACHE", "redis");
    env.put("REDIS_HOST", "127.0.0.1");
    env.put("REDIS_PORT", String.valueOf(port));
    env.put("AQMRG_LOGIN_MAX_FAILURES_PER_ADDRESS", "100000");
    return env;
  }

  private Map<String, String> embeddedEnv(String name) {
    var env = new HashMap<String, String>();
    env.put("AQMRG_DATA_DIR", dir.resolve(name).toString());
    env.put("AQMRG_EMBEDDED_DB_PORT", String.valueOf(TestServers.freePort()));
    return env;
  }

  private static Map<String, String> tables(Map<String, String> env) throws Exception {
    try (Connection connection = TestServers.connect(env.get("DATABASE_NAME"))) {
      return StoreContents.tables(connection);
    }
  }

  private static Map<String, String> embeddedTables(Map<String, String> env) throws Exception {
    try (var database = RelationalDatabase.open(Settings.from(env));
        var connection = database.dataSource().getConnection()) {
      return StoreContents.tables(connection);
    }
  }

  private static long count(Map<String, String> env, String query) throws Exception {
    try (var connection = TestServers.connect(env.get("DATABASE_NAME"));
        var rows = connection.createStatement().executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private Path copy(Path folder, String name) throws Exception {
    Path copy = dir.resolve(name).resolve(folder.getFileName());
    try (Stream<Path> files = Files.walk(folder)) {
      for (Path file : files.toList()) {
        Path to = copy.resolve(folder.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    }
    return copy;
  }

  private static void rewriteManifest(Path folder, String from, String to) throws Exception {
    Path manifest = folder.resolve(Manifest.FILE);
    String text = Files.readString(manifest);
    assertThat(text).contains(from);
    Files.writeString(manifest, text.replace(from, to));
  }

  private static List<Path> leftovers(Path out) throws Exception {
    if (!Files.exists(out)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(out)) {
      return files.toList();
    }
  }
}
