package org.aqmrg.registry;

import static org.aqmrg.testing.ApiServer.bearer;
import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code GET /api/v1/locations/{id}/latest} on Redis: the newest reading of each sensor of a site,
 * from {@code sensor:{id}:latest}, and from the store when the cache is cold. Sensor ids are new
 * for every run, since the test Redis is shared and outlives a run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocationLatestIT {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private ApiServer api;
  private String admin;
  private String writer;

  @BeforeAll
  void start() {
    api = ApiServer.start("redis", Map.of("AQMRG_RATE_LIMIT_ANONYMOUS", "1000000"));
    api.user("admin@latest.test", Role.ADMIN);
    admin = api.login("admin@latest.test");
    writer =
        api.platform()
            .web()
            .tokens()
            .create(null, "gateway", List.of("write:readings"), List.of(), null)
            .secret();
  }

  @AfterAll
  void stop() {
    for (String sensor : List.of("A", "B", "C", "D", "E", "F")) {
      api.platform().cache().delete(key(sensor));
    }
    api.close();
  }

  private String id(String sensor) {
    return "LL-" + run + "-" + sensor;
  }

  private String key(String sensor) {
    return "sensor:" + id(sensor) + ":latest";
  }

  private HttpResponse<String> asAdmin(String method, String path, String body) {
    return api.send(method, path, body, "Authorization", bearer(admin));
  }

  private String location(String name) {
    var created =
        asAdmin(
            "POST",
            "/api/v1/locations",
            "{\"name\":\"%s %s\",\"city\":\"Lagos\",\"country\":\"NG\",\"latitude\":6.5,\"longitude\":3.4}"
                .formatted(name, run));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created).get("id").asText();
  }

  private void sensor(String sensor, String location) {
    var created =
        asAdmin(
            "POST",
            "/api/v1/sensors",
            "{\"id\":\"%s\",\"name\":\"%s\",\"location_id\":\"%s\"}"
                .formatted(id(sensor), sensor, location));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
  }

  private void write(String sensor, long secondsAgo, String fields) {
    long ns = now.minusSeconds(secondsAgo).getEpochSecond() * 1_000_000_000L;
    var response =
        api.send(
            "POST",
            "/api/v2/write?org=aqmrg&bucket=sensor_data&precision=ns",
            "air_quality,sensor_id=" + id(sensor) + " " + fields + " " + ns,
            "Authorization",
            "Token " + writer);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
  }

  private JsonNode latest(String location) {
    var response = api.get("/api/v1/locations/" + location + "/latest");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response);
  }

  @Test
  void the_newest_reading_of_each_sensor_that_is_not_retired_cold_cache_or_warm() {
    String site = location("Oshodi");
    String elsewhere = location("Mushin");
    for (String sensor : List.of("A", "B", "C", "D")) {
      sensor(sensor, site);
    }
    sensor("E", elsewhere);
    write("A", 120, "pm25=10,humidity=80");
    write("A", 60, "pm25=11");
    write("A", 600, "pm25=99");
    write("B", 30, "pm25=20,temperature=29.5");
    write("D", 30, "pm25=40");
    write("E", 30, "pm25=50");
    assertThat(asAdmin("DELETE", "/api/v1/sensors/" + id("D"), null).statusCode()).isEqualTo(200);

    var warm = latest(site);

    assertThat(warm.get("location_id").asText()).isEqualTo(site);
    var readings = warm.get("readings");
    assertThat(readings.findValuesAsText("sensor_id")).containsExactly(id("A"), id("B"));
    assertThat(readings.get(0).get("fields").get("pm25").asDouble()).isEqualTo(11.0);
    assertThat(readings.get(0).get("fields").has("humidity")).isFalse();
    assertThat(readings.get(0).get("time").asText())
        .startsWith(now.minusSeconds(60).toString().substring(0, 19));
    assertThat(readings.get(0).get("location").asText()).isEqualTo("Oshodi " + run);
    assertThat(readings.get(1).get("fields").get("temperature").asDouble()).isEqualTo(29.5);
    assertThat(warm.get("units").get("pm25").asText()).isEqualTo("µg/m³");

    var cache = api.platform().cache();
    assertThat(cache.delete(key("A"))).isTrue();
    assertThat(cache.delete(key("B"))).isTrue();

    var cold = latest(site);

    assertThat(cold.get("readings")).isEqualTo(readings);
    assertThat(cache.get(key("A"))).hasValueSatisfying(v -> assertThat(v).contains("11"));
    assertThat(cache.getAll(List.of(key("A"), key("B")))).hasSize(2);
  }

  @Test
  void a_location_without_readings_gives_an_empty_list_and_an_unknown_one_404() {
    String empty = location("Ajah");
    String quiet = location("Epe");
    sensor("F", quiet);

    assertThat(latest(empty).get("readings")).isEmpty();
    assertThat(latest(quiet).get("readings")).isEmpty();

    String unknown = UUID.randomUUID().toString();
    var missing = api.get("/api/v1/locations/" + unknown + "/latest");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json(missing).get("code").asText()).isEqualTo("not_found");
    assertThat(json(missing).get("details").get("location_id").asText()).isEqualTo(unknown);
    var bad = api.get("/api/v1/locations/oshodi/latest");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).get("details").get("field").asText()).isEqualTo("id");
  }
}
