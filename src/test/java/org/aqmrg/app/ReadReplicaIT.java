package org.aqmrg.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.Cli;
import org.aqmrg.testing.TestServers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * History, registry and export reads on the streaming replica that the test services make with
 * {@code pg_basebackup -R} ({@code DATABASE_REPLICA_HOST}): a change is readable at once through
 * the replica, a replica whose replay is paused (it lags) or that is stopped (down) leaves every
 * read to the primary with the same answers, and reads go back to it when it catches up.
 */
class ReadReplicaIT {
  private static final int REPLICA_PORT =
      Integer.parseInt(TestServers.env("AQMRG_TEST_PG_REPLICA_PORT"));

  @Test
  void reads_use_the_replica_and_fall_back_to_the_primary_when_it_lags_or_is_down()
      throws Exception {
    String database = TestServers.createDatabase("replica");
    try (Connection primary = TestServers.connect(database);
        var statement = primary.createStatement()) {
      // the test server commits asynchronously; the platform's guarantee needs PostgreSQL's
      // default, under which a commit is flushed before it is acknowledged
      statement.execute("ALTER DATABASE " + database + " SET synchronous_commit = on");
    }
    var env = new HashMap<>(TestServers.platformEnv(database));
    env.put("DATABASE_REPLICA_HOST", TestServers.pgHost());
    env.put("DATABASE_REPLICA_PORT", String.valueOf(REPLICA_PORT));
    env.put("AQMRG_REPLICA_MAX_LAG_SECONDS", "1");
    try (var server = ApiServer.start("memory", env)) {
      server.user("admin@replica.test", Role.ADMIN);
      String admin = ApiServer.bearer(server.login("admin@replica.test"));
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> replica(server, admin).get("in_use").asBoolean());
      String token =
          server
              .platform()
              .web()
              .tokens()
              .create(null, "gateway", List.of("write:readings"), List.of(), null)
              .secret();

      // on the replica: a sensor just registered, and readings just written, are read back (the
      // sensor, the history, the export: three reads)
      long before = replica(server, admin).get("reads_on_replica").asLong();
      register(server, admin, "REP-1");
      write(server, token, "REP-1", 41.25);
      assertThat(history(server, admin, "REP-1")).contains("41.25");
      assertThat(history(server, admin, "REP-1", "&format=csv")).contains("41.25");
      JsonNode status = replica(server, admin);
      assertThat(status.get("reads_on_replica").asLong())
          .as(status.toString())
          .isGreaterThanOrEqualTo(before + 3);
      assertThat(status.get("target").asText())
          .isEqualTo("PostgreSQL replica at 127.0.0.1:" + REPLICA_PORT + "/" + database);

      // the replica lags: the same reads come from the primary, with what was just written
      try (Connection replica = replicaConnection();
          var statement = replica.createStatement()) {
        statement.execute("SELECT pg_wal_replay_pause()");
        try {
          long onPrimary = replica(server, admin).get("reads_on_primary").asLong();
          register(server, admin, "REP-2");
          write(server, token, "REP-2", 52.5);
          assertThat(history(server, admin, "REP-2")).contains("52.5");
          status = replica(server, admin);
          assertThat(status.get("in_use").asBoolean()).as(status.toString()).isFalse();
          assertThat(status.get("reads_on_primary").asLong()).isGreaterThan(onPrimary);
          Awaitility.await()
              .atMost(Duration.ofSeconds(10))
              .untilAsserted(
                  () ->
                      assertThat(replica(server, admin).get("problem").asText())
                          .contains("behind the primary"));
        } finally {
          statement.execute("SELECT pg_wal_replay_resume()");
        }
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> replica(server, admin).get("in_use").asBoolean());
      assertThat(history(server, admin, "REP-2")).contains("52.5");

      var doctor = Cli.run(env, "doctor");
      assertThat(doctor.exit()).as(doctor.output()).isZero();
      assertThat(doctor.output()).contains("PostgreSQL replica at 127.0.0.1:" + REPLICA_PORT);

      // the replica is down: readiness stays up, reads come from the primary
      services("replica", "stop");
      try {
        doctor = Cli.run(env, "doctor");
        assertThat(doctor.exit()).as(doctor.output()).isNotZero();
        assertThat(doctor.output()).contains("pg_isready -h 127.0.0.1 -p " + REPLICA_PORT);
        var ready = server.get("/health/ready", "Authorization", admin);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        register(server, admin, "REP-3");
        write(server, token, "REP-3", 63.75);
        assertThat(history(server, admin, "REP-3")).contains("63.75");
        var list = server.get("/api/v1/sensors?limit=10", "Authorization", admin);
        assertThat(list.statusCode()).as(list.body()).isEqualTo(200);
        assertThat(list.body()).contains("REP-1", "REP-2", "REP-3");
        Awaitility.await()
            .atMost(Duration.ofSeconds(10))
            .untilAsserted(
                () -> {
                  JsonNode down = replica(server, admin);
                  assertThat(down.get("in_use").asBoolean()).isFalse();
                  assertThat(down.get("problem").asText()).contains("unreachable");
                });
        // callers other than admins see whether it is used, not where it is or why not
        JsonNode anonymous = ApiServer.json(server.get("/health/ready")).get("replica");
        assertThat(anonymous.has("in_use")).isTrue();
        assertThat(anonymous.has("target")).isFalse();
        assertThat(anonymous.has("problem")).isFalse();
      } finally {
        services("replica", "start");
      }
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> replica(server, admin).get("in_use").asBoolean());
      long back = replica(server, admin).get("reads_on_replica").asLong();
      assertThat(history(server, admin, "REP-3")).contains("63.75");
      assertThat(replica(server, admin).get("reads_on_replica").asLong()).isGreaterThan(back);

      var metrics = server.get("/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("pool=\"aqmrg-replica\"")
          .containsPattern("(?m)^aqmrg_replica_in_use(\\{[^}]*\\})? 1\\.0$")
          .containsPattern("(?m)^aqmrg_replica_lag_seconds(\\{[^}]*\\})? [0-9.]+$")
          .containsPattern(
              "(?m)^aqmrg_replica_reads_total\\{[^}]*served_by=\"primary\"[^}]*\\} [1-9]")
          .containsPattern(
              "(?m)^aqmrg_replica_reads_total\\{[^}]*served_by=\"replica\"[^}]*\\} [1-9]");
    }
  }

  private static JsonNode replica(ApiServer server, String admin) {
    var ready = server.get("/health/ready", "Authorization", admin);
    JsonNode replica = ApiServer.json(ready).get("replica");
    assertThat(replica).as(ready.body()).isNotNull();
    return replica;
  }

  private static void register(ApiServer server, String admin, String id) {
    var created =
        server.send(
            "POST",
            "/api/v1/sensors",
            "{\"id\":\"" + id + "\",\"name\":\"" + id + "\"}",
            "Authorization",
            admin);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    var read = server.get("/api/v1/sensors/" + id, "Authorization", admin);
    assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
  }

  private static void write(ApiServer server, String token, String sensor, double pm25) {
    var written =
        server.send(
            "POST",
            "/api/v2/write?bucket=sensor_data&org=aqmrg&precision=s",
            "air_quality,sensor_id=%s pm25=%s %d"
                .formatted(sensor, pm25, Instant.now().getEpochSecond() - 60),
            "Authorization",
            "Token " + token,
            "Content-Type",
            "text/plain");
    assertThat(written.statusCode()).as(written.body()).isEqualTo(204);
  }

  private static String history(ApiServer server, String admin, String sensor, String... more) {
    Instant now = Instant.now();
    var response =
        server.get(
            "/api/v1/sensors/%s/readings?every=raw&from=%s&to=%s%s"
                .formatted(sensor, now.minusSeconds(3_600), now, String.join("", more)),
            "Authorization",
            admin);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  private static Connection replicaConnection() throws Exception {
    return DriverManager.getConnection(
        "jdbc:postgresql://%s:%d/postgres".formatted(TestServers.pgHost(), REPLICA_PORT),
        TestServers.pgUser(),
        TestServers.pgPassword());
  }

  /** Runs {@code scripts/test-services} with {@code args}, e.g. to stop the replica. */
  private static void services(String... args) throws Exception {
    var command = new java.util.ArrayList<String>();
    command.add(Path.of("scripts", "test-services").toAbsolutePath().toString());
    command.addAll(List.of(args));
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }
}
