package org.aqmrg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aqmrg.testing.Cli;
import org.aqmrg.testing.JarProcess;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many writers that declare bodies of the largest size and then send slowly, against the packaged
 * jar on a small heap: the bodies being read hold at most AQMRG_MAX_BODIES_IN_FLIGHT_MB together,
 * the rest get 503 with Retry-After, nothing runs out of memory, and a normal write succeeds after.
 */
class SlowBodiesIT {
  private static final int WRITERS = 40;
  private static final int DECLARED = 25 * 1024 * 1024;
  private static final int SENT = 2 * 1024 * 1024;

  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path work;

  private Process serve(Map<String, String> env, Path log) throws IOException {
    return JarProcess.start(List.of("-Xmx96m"), env, log, "serve");
  }

  private int status(int port, String path) {
    try {
      return http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private static String lines(int bytes) {
    var body = new StringBuilder(bytes + 64);
    long t = Instant.now().minusSeconds(600).getEpochSecond();
    for (int i = 0; body.length() < bytes; i++) {
      body.append("air_quality,sensor_id=SLOW-1 pm25=").append(i % 1000).append(' ');
      body.append(t - i % 1000).append('\n');
    }
    return body.toString();
  }

  /** The status of the answer on {@code in}, or -1 when the connection ends without one. */
  private static int statusLine(InputStream in) {
    try {
      var line = new StringBuilder();
      for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
        line.append((char) b);
      }
      String[] parts = line.toString().split(" ");
      return parts.length > 1 ? Integer.parseInt(parts[1]) : -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  @Test
  void many_slow_writers_with_large_declared_bodies_get_503_and_never_exhaust_the_heap()
      throws Exception {
    String database = TestServers.createDatabase("slow_bodies");
    int port = TestServers.freePort();
    var env = new HashMap<>(TestServers.platformEnv(database));
    env.put("AQMRG_HTTP_PORT", String.valueOf(port));
    env.put("AQMRG_MAX_BODIES_IN_FLIGHT_MB", "32");
    Path log = work.resolve("serve.log");
    Process serve = serve(env, log);
    var sockets = new ConcurrentLinkedQueue<Socket>();
    ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .failFast("serve exited: " + log, () -> !serve.isAlive())
          .until(() -> status(port, "/health/ready") == 200);
      try (var connection = TestServers.connect(database);
          var statement = connection.createStatement()) {
        statement.execute("INSERT INTO sensors (id, name) VALUES ('SLOW-1', 'slow')");
      }
      var created =
          Cli.run(env, "tokens", "create", "--name", "slow writer", "--scope", "write:readings");
      assertThat(created.exit()).as(created.output()).isZero();
      String[] printed = created.output().trim().split("\n");
      String token = printed[printed.length - 1].trim();

      byte[] head =
          ("POST /api/v2/write?org=aqmrg&bucket=sensor_data&precision=s HTTP/1.1\r\n"
                  + "Host: 127.0.0.1\r\nAuthorization: Token "
                  + token
                  + "\r\nContent-Length: "
                  + DECLARED
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII);
      byte[] burst = lines(SENT).substring(0, SENT).getBytes(StandardCharsets.US_ASCII);
      var statuses = new ConcurrentLinkedQueue<Integer>();
      var retryAfter = new AtomicInteger();
      for (int i = 0; i < WRITERS; i++) {
        writers.submit(
            () -> {
              var socket = new Socket("127.0.0.1", port);
              sockets.add(socket);
              try {
                OutputStream out = socket.getOutputStream();
                out.write(head);
                // Part of the body, then nothing more: the rest never comes.
                for (int at = 0; at < burst.length; at += 64 * 1024) {
                  out.write(burst, at, Math.min(64 * 1024, burst.length - at));
                }
                out.flush();
              } catch (IOException e) {
                // Refused while sending: the answer below says how.
              }
              InputStream in = socket.getInputStream();
              int status = statusLine(in);
              if (status == 503
                  && new String(in.readNBytes(400), StandardCharsets.US_ASCII)
                      .contains("Retry-After:")) {
                retryAfter.incrementAndGet();
              }
              statuses.add(status);
              return null;
            });
      }

      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .failFast("serve exited: " + log, () -> !serve.isAlive())
          .until(() -> statuses.stream().filter(s -> s == 503).count() >= WRITERS - 8);
      assertThat(status(port, "/health/live")).as("the server answers meanwhile").isEqualTo(200);
      assertThat(statuses).as("nothing but 503 while they are held").containsOnly(503);
      assertThat(retryAfter.get()).isEqualTo(statuses.size());

      for (Socket socket : sockets) {
        socket.close();
      }
      String normal = lines(650 * 1024);
      var last = new java.util.concurrent.atomic.AtomicReference<String>();
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .failFast(
              "a normal write was refused: " + last,
              () -> last.get() != null && last.get().startsWith("4"))
          .until(
              () -> {
                var response =
                    http.send(
                        HttpRequest.newBuilder(
                                URI.create(
                                    "http://127.0.0.1:"
                                        + port
                                        + "/api/v2/write?org=aqmrg&bucket=sensor_data&precision=s"))
                            .header("Authorization", "Token " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(normal))
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                last.set(response.statusCode() + " " + response.body());
                return response.statusCode() == 204;
              });
      assertThat(Files.readString(log)).doesNotContain("OutOfMemoryError", "Unhandled error");
    } finally {
      for (Socket socket : sockets) {
        socket.close();
      }
      writers.shutdownNow();
      writers.awaitTermination(10, TimeUnit.SECONDS);
      serve.destroy();
      assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
