package org.aqmrg.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.Haproxy;
import org.aqmrg.testing.TestServers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code serve} instances on the same PostgreSQL and Redis behind Debian's HAProxy, round
 * robin: a session made through one works on both, a reading written through one is the latest
 * value on both, the rate limit counts the requests of both together, and when one instance stops
 * the other answers every request.
 */
class TwoInstancesIT {
  @TempDir Path dir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void two_instances_behind_haproxy_answer_as_one() throws Exception {
    var first =
        ApiServer.start(
            "redis", Map.of("AQMRG_RATE_LIMIT_SYNC_MS", "0", "AQMRG_RATE_LIMIT_ANONYMOUS", "10"));
    ApiServer second = ApiServer.start(first.env());
    Process haproxy = null;
    boolean stopped = false;
    try {
      int port = TestServers.freePort();
      haproxy = Haproxy.start(dir, port, first.port(), second.port());
      String lb = "http://127.0.0.1:" + port;
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .until(() -> get(lb + "/health/live", null).statusCode() == 200);

      // a session made through one instance is good on both
      first.user("admin@two.test", Role.ADMIN);
      var login =
          http.send(
              HttpRequest.newBuilder(URI.create(lb + "/api/v1/auth/login"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          ApiServer.loginBody("admin@two.test", ApiServer.PASSWORD)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      String session = new ObjectMapper().readTree(login.body()).get("token").asText();
      for (int i = 0; i < 4; i++) {
        assertThat(get(lb + "/api/v1/auth/me", "Bearer " + session).statusCode()).isEqualTo(200);
      }

      // a reading written through one instance is the latest value through both
      first
          .platform()
          .database()
          .sql()
          .useHandle(
              "registering the sensor",
              handle ->
                  handle.execute(
                      "INSERT INTO sensors (id, name, status) VALUES ('TWO-1', 'TWO-1', 'active')"));
      String token =
          first
              .platform()
              .web()
              .tokens()
              .create(null, "gateway", List.of("write:readings"), List.of(), null)
              .secret();
      var write =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(lb + "/api/v2/write?bucket=sensor_data&precision=s"))
                  .header("Authorization", "Token " + token)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "air_quality,sensor_id=TWO-1 pm25=41.5 "
                              + Instant.now().getEpochSecond()))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(write.statusCode()).as(write.body()).isEqualTo(204);
      Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  List.of(first.port(), second.port()).stream()
                      .allMatch(
                          p -> {
                            var latest =
                                get(
                                    "http://127.0.0.1:" + p + "/api/v1/sensors/TWO-1/latest",
                                    "Bearer " + session);
                            return latest.statusCode() == 200 && latest.body().contains("41.5");
                          }));

      // one rate limit for both: 10 anonymous requests a window, however they are spread
      int allowed = 0;
      for (int i = 0; i < 14; i++) {
        int status = get(lb + "/api/v1/locations", null).statusCode();
        assertThat(status).isIn(200, 429);
        allowed += status == 200 ? 1 : 0;
      }
      assertThat(allowed).isEqualTo(10);

      // one instance stops: the other answers every request, HAProxy sending a request whose
      // connection is refused to the other (retries, redispatch) until its check marks it down
      first.close();
      stopped = true;
      for (int i = 0; i < 6; i++) {
        assertThat(get(lb + "/api/v1/auth/me", "Bearer " + session).statusCode()).isEqualTo(200);
      }
    } finally {
      if (haproxy != null) {
        haproxy.destroy();
      }
      second.close();
      if (!stopped) {
        first.close();
      }
    }
  }

  private HttpResponse<String> get(String url, String authorization) {
    var request = HttpRequest.newBuilder(URI.create(url)).GET();
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
