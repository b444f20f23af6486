package org.aqmrg.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.testing.JarProcess;
import org.aqmrg.testing.TestServers;
import org.awaitility.Awaitility;

/**
 * One {@code ./aqmrg serve} of the packaged jar on a port and data folder of its own (so a spool of
 * its own), which a test can kill with {@code kill -9} and start again on the same folder.
 */
final class Instance {
  private static final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Map<String, String> env;
  private final Path folder;
  private final int port;
  private Process process;
  private int starts;

  private Instance(Map<String, String> env, Path folder, int port) {
    this.env = env;
    this.folder = folder;
    this.port = port;
  }

  /** Starts a serve with {@code env} and waits until it answers. */
  static Instance start(Map<String, String> env, Path folder) throws IOException {
    Files.createDirectories(folder);
    var settings = new HashMap<>(env);
    int port = TestServers.freePort();
    settings.put("AQMRG_HTTP_HOST", "127.0.0.1");
    settings.put("AQMRG_HTTP_PORT", String.valueOf(port));
    settings.put("AQMRG_DATA_DIR", folder.resolve("data").toString());
    var instance = new Instance(settings, folder, port);
    instance.startAgain();
    return instance;
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Starts it (again) on the same port and data folder, and waits until it answers. */
  void startAgain() throws IOException {
    Path log = folder.resolve("serve-" + (++starts) + ".log");
    process = JarProcess.start(List.of("-Xmx512m"), env, log, "serve");
    var started = process;
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .failFast("serve exited, see " + log, () -> !started.isAlive())
        .until(() -> status(url() + "/health/live") == 200);
  }

  /** {@code kill -9}: nothing of the process runs after it, no shutdown hook. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Stops it as an operator does (SIGTERM), waiting for it to exit. */
  void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  /** {@code /health/ready} as JSON. */
  JsonNode ready() throws IOException, InterruptedException {
    var response =
        http.send(
            HttpRequest.newBuilder(URI.create(url() + "/health/ready")).build(),
            HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(response.body());
  }

  /** Waits until its spool has delivered everything it holds. */
  void awaitSpoolEmpty() {
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptions()
        .until(() -> ready().at("/spool/readings").asLong(-1) == 0);
  }

  /** The status of a GET, or -1 when nothing answers. */
  static int status(String url) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
