package org.aqmrg.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Two instances on the same stores: a sensor retired through one is refused by the other's ingest
 * within about a second, through PostgreSQL's LISTEN/NOTIFY, well before the 10 s its registry
 * cache would otherwise keep the sensor.
 */
class RegistryNoticesIT {
  @Test
  void a_sensor_retired_through_one_instance_is_refused_by_the_other_within_seconds() {
    try (var first = ApiServer.start("redis", Map.of());
        var second = ApiServer.start(first.env())) {
      first.user("admin@notices.test", Role.ADMIN);
      String admin = first.login("admin@notices.test");
      var created =
          first.send(
              "POST",
              "/api/v1/sensors",
              "{\"id\":\"NOTE-1\",\"name\":\"NOTE-1\",\"status\":\"active\"}",
              "Authorization",
              ApiServer.bearer(admin));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String token =
          second
              .platform()
              .web()
              .tokens()
              .create(null, "gateway", List.of("write:readings"), List.of(), null)
              .secret();

      // the second instance reads the sensor and keeps it in its ingest cache
      assertThat(write(second, token).statusCode()).isEqualTo(204);
      Instant cached = Instant.now();

      var retired =
          first.send(
              "DELETE", "/api/v1/sensors/NOTE-1", null, "Authorization", ApiServer.bearer(admin));
      assertThat(retired.statusCode()).as(retired.body()).isEqualTo(200);

      Awaitility.await()
          .atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> write(second, token).statusCode() != 204);
      assertThat(Duration.between(cached, Instant.now())).isLessThan(Duration.ofSeconds(10));
      var refused = write(second, token);
      assertThat(refused.statusCode()).isBetween(400, 499);
      assertThat(refused.body()).contains("NOTE-1");
    }
  }

  private static java.net.http.HttpResponse<String> write(ApiServer server, String token) {
    return server.send(
        "POST",
        "/api/v2/write?bucket=sensor_data&precision=s",
        "air_quality,sensor_id=NOTE-1 pm25=12 " + Instant.now().getEpochSecond(),
        "Authorization",
        "Token " + token,
        "Content-Type",
        "text/plain");
  }
}
