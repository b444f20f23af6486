package org.aqmrg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.JarProcess;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged jar as a user runs it: {@code serve} on the embedded default, a second command
 * beside it, a clean stop on SIGTERM, and the data still there after a restart.
 */
class ServeIT {
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path work;

  private Process aqmrg(Map<String, String> env, Path log, String... args) throws IOException {
    return JarProcess.start(List.of(), env, log, args);
  }

  private int status(int port, String path, String... headers) {
    try {
      var request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(Duration.ofSeconds(5));
      for (int i = 0; i < headers.length; i += 2) {
        request.header(headers[i], headers[i + 1]);
      }
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Logs in as one of the test data set's users and returns the session token. */
  private String login(int port) throws Exception {
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/auth/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        ApiServer.loginBody("admin@test.aqmrg.dev", "test-password-123")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return ApiServer.json(response).get("token").asText();
  }

  private void awaitReady(int port, Process serve, Path log) {
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(250))
        .failFast("serve exited: " + log, () -> !serve.isAlive())
        .until(() -> status(port, "/health/ready") == 200);
  }

  private void stop(Process serve) throws InterruptedException {
    serve.destroy(); // SIGTERM, as Ctrl-C or a service manager sends
    assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("serve stops within 30 s").isTrue();
  }

  @Test
  void serve_stop_and_serve_again_keeps_the_data() throws Exception {
    int httpPort = TestServers.freePort();
    int dbPort = TestServers.freePort();
    var env =
        Map.of(
            "AQMRG_DATA_DIR", work.resolve("data").toString(),
            "AQMRG_HTTP_PORT", String.valueOf(httpPort),
            "AQMRG_EMBEDDED_DB_PORT", String.valueOf(dbPort));
    Path firstLog = work.resolve("serve-1.log");
    String token;

    Process serve = aqmrg(env, firstLog, "serve");
    try {
      awaitReady(httpPort, serve, firstLog);
      assertThat(status(httpPort, "/health/live")).isEqualTo(200);

      Path seedLog = work.resolve("seed.log");
      Process seed = aqmrg(env, seedLog, "seed", "test");
      assertThat(seed.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(seed.exitValue()).as(Files.readString(seedLog)).isZero();
      assertThat(Files.readString(seedLog)).contains("Loaded the test data set");
      assertThat(status(httpPort, "/health/ready"))
          .as("the seed command attached to the running database and left it running")
          .isEqualTo(200);
      token = login(httpPort);
    } finally {
      stop(serve);
    }
    assertThat(Files.readString(firstLog)).contains("Stopping the embedded PostgreSQL", "Stopped");
    assertThat(TestServers.answers(dbPort)).as("the embedded PostgreSQL stopped").isFalse();

    Path secondLog = work.resolve("serve-2.log");
    Process again = aqmrg(env, secondLog, "serve");
    try {
      awaitReady(httpPort, again, secondLog);
      try (var connection =
              DriverManager.getConnection(
                  "jdbc:postgresql://localhost:" + dbPort + "/aqmrg", "postgres", "");
          var rows = connection.createStatement().executeQuery("SELECT count(*) FROM sensors")) {
        rows.next();
        assertThat(rows.getInt(1)).isPositive();
      }
      assertThat(Files.readString(secondLog)).doesNotContain("Applied");
      assertThat(status(httpPort, "/api/v1/auth/me", "Authorization", "Bearer " + token))
          .as("the session started before the restart is still valid")
          .isEqualTo(200);
      assertThat(Files.readString(firstLog) + Files.readString(secondLog))
          .as("no ANSI escape codes in a log that is not a terminal")
          .doesNotContain("\u001b");
    } finally {
      stop(again);
    }
  }

  private static long postmasterPid(Map<String, String> env) throws IOException {
    Path pidFile = Path.of(env.get("AQMRG_DATA_DIR"), "postgres", "postmaster.pid");
    return Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent();
  }

  private void runCommand(Map<String, String> env, String name, String... args) throws Exception {
    Path log = work.resolve(name + ".log");
    Process command = aqmrg(env, log, args);
    assertThat(command.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(command.exitValue()).as(Files.readString(log)).isZero();
  }

  @Test
  void a_serve_that_adopted_the_server_of_a_killed_serve_stops_it_and_commands_leave_it_running()
      throws Exception {
    int httpPort = TestServers.freePort();
    int dbPort = TestServers.freePort();
    var env =
        Map.of(
            "AQMRG_DATA_DIR", work.resolve("data").toString(),
            "AQMRG_HTTP_PORT", String.valueOf(httpPort),
            "AQMRG_EMBEDDED_DB_PORT", String.valueOf(dbPort));
    Path firstLog = work.resolve("serve-1.log");
    Process killed = aqmrg(env, firstLog, "serve");
    awaitReady(httpPort, killed, firstLog);
    long postgres = postmasterPid(env);
    try {
      killed.destroyForcibly(); // SIGKILL: no shutdown hook runs
      assertThat(killed.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(alive(postgres)).as("PostgreSQL outlives a killed serve").isTrue();

      runCommand(env, "users-list", "users", "list");
      assertThat(alive(postgres)).as("a command leaves the orphaned server running").isTrue();

      Path secondLog = work.resolve("serve-2.log");
      Process adopting = aqmrg(env, secondLog, "serve");
      try {
        awaitReady(httpPort, adopting, secondLog);
        assertThat(Files.readString(secondLog)).contains("Adopted the embedded PostgreSQL");
        assertThat(postmasterPid(env)).as("the same server, not a new one").isEqualTo(postgres);

        runCommand(env, "migrate", "migrate");
        assertThat(alive(postgres)).as("a command beside a serve leaves its server").isTrue();
        assertThat(status(httpPort, "/health/ready")).isEqualTo(200);
      } finally {
        stop(adopting);
      }
      assertThat(Files.readString(secondLog)).contains("Stopping the embedded PostgreSQL");
      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(alive(postgres))
                      .as("the serve stopped the server it adopted")
                      .isFalse());
      assertThat(TestServers.answers(dbPort)).isFalse();
    } finally {
      ProcessHandle.of(postgres).ifPresent(ProcessHandle::destroy);
    }
  }

  @Test
  void bad_settings_stop_serve_before_anything_starts() throws Exception {
    Path log = work.resolve("bad.log");
    Process serve =
        aqmrg(
            Map.of("AQMRG_DATA_DIR", work.resolve("data").toString(), "AQMRG_CACHE", "disk"),
            log,
            "serve");

    assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(serve.exitValue()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(Files.readString(log))
        .contains("AQMRG_CACHE must be one of memory, redis, got 'disk'")
        .doesNotContain("Starting");
    assertThat(work.resolve("data")).doesNotExist();
  }
}
