package org.aqmrg.rollups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.aqmrg.testing.Cli;
import org.aqmrg.testing.JarProcess;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Marks are durable: the packaged jar with its worker off acknowledges a write, is killed with
 * SIGKILL, and a restart with the worker on rolls up the marked hour. Without the spool the mark is
 * in PostgreSQL before the acknowledgement; with it the write may still wait in the spool when the
 * process dies, and the restart marks the hour as it delivers the write.
 */
class RollupMarksJarIT {
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path work;

  private int status(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (java.io.IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private Process serve(Map<String, String> env, int port, Path log) throws Exception {
    Process serve = JarProcess.start(List.of(), env, log, "serve");
    var ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"));
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .failFast("serve exited: " + log, () -> !serve.isAlive())
        .until(() -> status(ready.build()) == 200);
    return serve;
  }

  private static int count(String database, String sql) throws SQLException {
    try (var connection = TestServers.connect(database);
        var result = connection.createStatement().executeQuery(sql)) {
      result.next();
      return result.getInt(1);
    }
  }

  @ParameterizedTest(name = "spool {0}")
  @ValueSource(strings = {"off", "on"})
  void an_hour_written_before_a_kill_9_is_rolled_up_after_the_restart(String spool)
      throws Exception {
    String database = TestServers.createDatabase("rollup_kill");
    int port = TestServers.freePort();
    var env = new HashMap<>(TestServers.platformEnv(database));
    env.put("AQMRG_HTTP_HOST", "127.0.0.1");
    env.put("AQMRG_HTTP_PORT", String.valueOf(port));
    env.put("AQMRG_ROLLUPS", "off");
    env.put("AQMRG_SPOOL", spool);
    env.put("AQMRG_DATA_DIR", work.resolve("data-" + spool).toString());
    Process first = serve(env, port, work.resolve("first.log"));
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(7));
    try {
      try (var connection = TestServers.connect(database);
          var statement = connection.createStatement()) {
        statement.execute("INSERT INTO sensors (id, name) VALUES ('KILL-1', 'killed')");
      }
      var created = Cli.run(env, "tokens", "create", "--name", "w", "--scope", "write:readings");
      assertThat(created.exit()).as(created.output()).isZero();
      String[] printed = created.output().trim().split("\n");
      String token = printed[printed.length - 1].trim();
      String body =
          "air_quality,sensor_id=KILL-1 pm25=10 %d\nair_quality,sensor_id=KILL-1 pm25=30 %d"
              .formatted(hour.getEpochSecond(), hour.getEpochSecond() + 60);
      var write =
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:" + port + "/api/v2/write?bucket=sensor_data&precision=s"))
              .header("Authorization", "Token " + token)
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      assertThat(status(write)).isEqualTo(204);
    } finally {
      first.destroyForcibly(); // SIGKILL: nothing runs on the way out
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    int marks = count(database, "SELECT count(*) FROM rollup_marks WHERE sensor_id = 'KILL-1'");
    if (spool.equals("off")) {
      assertThat(marks).isEqualTo(1);
    } else {
      assertThat(marks).isBetween(0, 1); // marked if the spool delivered before the kill
    }
    assertThat(
            count(database, "SELECT count(*) FROM sensor_data_hourly WHERE sensor_id = 'KILL-1'"))
        .isZero();

    env.put("AQMRG_ROLLUPS", "on");
    Process second = serve(env, port, work.resolve("second.log"));
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  count(
                      database,
                      "SELECT count(*) FROM sensor_data_hourly WHERE sensor_id = 'KILL-1'"
                          + " AND pm25_count = 2 AND time = '"
                          + hour
                          + "'"),
              n -> n == 1);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> count(database, "SELECT count(*) FROM rollup_marks WHERE sensor_id = 'KILL-1'"),
              n -> n == 0);
    } finally {
      second.destroy();
      second.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
