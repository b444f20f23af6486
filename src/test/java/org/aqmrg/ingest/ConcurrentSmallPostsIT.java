package org.aqmrg.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many devices posting small bodies at once to the platform on a real InfluxDB: the writer merges
 * them into shared store writes, and every point of every 204 must be in the store, a point sent
 * twice holding the value sent last.
 */
class ConcurrentSmallPostsIT {
  private static final int DEVICES = 40;
  private static final int POSTS = 30;
  private static final int LINES = 5;

  private final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
  private String database;

  @AfterEach
  void dropDatabase() throws Exception {
    var drop =
        HttpRequest.newBuilder(
                URI.create(
                    TestServers.env("AQMRG_TEST_INFLUXDB_URL")
                        + "/query?q="
                        + URLEncoder.encode(
                            "DROP DATABASE \"" + database + "\"", StandardCharsets.UTF_8)))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    HttpClient.newHttpClient().send(drop, HttpResponse.BodyHandlers.discarding());
  }

  private long ns(int second) {
    return start.plusSeconds(second).getEpochSecond() * 1_000_000_000L;
  }

  /**
   * Post {@code p} of a device: {@link #LINES} new points, seconds {@code p * LINES} onwards, the
   * first of them sent again with another value by the next post (whose value must win).
   */
  private String body(String sensor, int post) {
    var body = new StringBuilder();
    if (post > 0) {
      body.append("air_quality,sensor_id=%s pm25=%d %d\n".formatted(sensor, 500 + post, ns(0)));
    }
    for (int line = 0; line < LINES; line++) {
      int second = 1 + post * LINES + line;
      body.append("air_quality,sensor_id=%s pm25=%d %d\n".formatted(sensor, second, ns(second)));
    }
    return body.toString();
  }

  @Test
  void every_point_of_every_acknowledged_small_post_is_stored_and_the_later_duplicate_wins()
      throws Exception {
    database = "small_posts_" + UUID.randomUUID().toString().substring(0, 8);
    var settings =
        Map.of(
            "AQMRG_TIMESERIES",
            "influxdb",
            "INFLUXDB_URL",
            TestServers.env("AQMRG_TEST_INFLUXDB_URL"),
            "INFLUXDB_DATABASE",
            database);
    try (var api = ApiServer.start("memory", settings)) {
      var sensors = new ArrayList<String>();
      try (var connection = api.platform().database().dataSource().getConnection();
          var statement = connection.createStatement()) {
        for (int i = 0; i < DEVICES; i++) {
          sensors.add("SMALL-" + i);
          statement.execute(
              "INSERT INTO sensors (id, name, status) VALUES ('SMALL-" + i + "', 'd', 'active')");
        }
      }
      String token =
          api.platform()
              .web()
              .tokens()
              .create(null, "devices", List.of("write:readings"), List.of(), null)
              .secret();
      var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      var acknowledged = new ConcurrentHashMap<String, Integer>(); // sensor -> posts answered 204
      var refused = new java.util.concurrent.ConcurrentLinkedQueue<String>();
      ExecutorService devices = Executors.newFixedThreadPool(DEVICES);
      try {
        var running = new ArrayList<Future<?>>();
        for (String sensor : sensors) {
          running.add(
              devices.submit(
                  () -> {
                    for (int post = 0; post < POSTS; post++) {
                      var request =
                          HttpRequest.newBuilder(
                                  URI.create(
                                      "http://127.0.0.1:"
                                          + api.port()
                                          + "/api/v2/write?bucket=sensor_data&precision=ns"))
                              .header("Authorization", "Token " + token)
                              .POST(HttpRequest.BodyPublishers.ofString(body(sensor, post)))
                              .build();
                      var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                      if (response.statusCode() != 204) {
                        refused.add(response.statusCode() + " " + response.body());
                        return null; // a device stops at its first failure
                      }
                      acknowledged.merge(sensor, 1, Integer::sum);
                    }
                    return null;
                  }));
        }
        for (var device : running) {
          device.get(120, TimeUnit.SECONDS);
        }
      } finally {
        devices.shutdownNow();
      }

      assertThat(refused).isEmpty();
      for (String sensor : sensors) {
        int posts = acknowledged.getOrDefault(sensor, 0);
        List<Reading> stored =
            api.platform()
                .readings()
                .raw(sensor, start, start.plus(Duration.ofHours(1)), POSTS * LINES + 10);
        assertThat(posts).isEqualTo(POSTS);
        assertThat(stored).as(sensor).hasSize(1 + posts * LINES);
        assertThat(stored.get(0).value(Field.PM25))
            .as("%s: the point sent again by every post holds the last value", sensor)
            .isEqualTo(500 + posts - 1);
        for (int i = 1; i < stored.size(); i++) {
          assertThat(stored.get(i).value(Field.PM25)).isEqualTo(i);
        }
      }
    }
  }
}
