package org.aqmrg.http;

import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A gateway's backlog of a whole Lagos day, uploaded a week late through the write API, shows in
 * hourly and daily history and in the AQI history once the rollup worker has recomputed its hours:
 * the real platform, PostgreSQL as the time series.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupBacklogIT {
  private static final String LOCATION = "7e570000-0000-4000-8000-0000000000d1";
  private static final String SENSOR = "BACKLOG-LAG-1";
  private static final ZoneId LAGOS = ZoneId.of("Africa/Lagos");

  private ApiServer api;
  private String writer;
  private final LocalDate day = LocalDate.now(LAGOS).minusDays(7);
  private final Instant start = day.atStartOfDay(LAGOS).toInstant();

  @BeforeAll
  void start() throws Exception {
    api = ApiServer.start("memory", Map.of());
    try (var connection = api.platform().database().dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO locations (id, name, city, country, latitude, longitude, timezone) VALUES"
              + " ('"
              + LOCATION
              + "', 'Ikeja', 'Lagos', 'NG', 6.6, 3.35, 'Africa/Lagos')");
      statement.execute(
          "INSERT INTO sensors (id, name, location_id, status, metadata) VALUES ('"
              + SENSOR
              + "', 'gateway', '"
              + LOCATION
              + "', 'active', '{\"reporting_interval_s\": 600}')");
    }
    var tokens = api.platform().web().tokens();
    writer = tokens.create(null, "gateway", List.of("write:readings"), List.of(), null).secret();
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private String range() {
    return "from=" + start + "&to=" + start.plus(Duration.ofDays(1));
  }

  private JsonNode get(String path) {
    var response = api.get(path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return json(response);
  }

  /** Hour k of the day: every 10 minutes, pm25 = 10 + k and no2 = 40 (k = 5: 120). */
  private String backlog() {
    var lines = new StringBuilder();
    for (int minute = 0; minute < 24 * 60; minute += 10) {
      int hour = minute / 60;
      Instant time = start.plus(Duration.ofMinutes(minute));
      lines
          .append("air_quality,sensor_id=")
          .append(SENSOR)
          .append(" pm25=")
          .append(10 + hour)
          .append(",no2=")
          .append(hour == 5 ? 120 : 40)
          .append(' ')
          .append(time.getEpochSecond())
          .append('\n');
    }
    return lines.toString();
  }

  @Test
  void a_backlog_written_a_week_late_shows_in_hourly_daily_and_aqi_history() {
    String sensor = "/api/v1/sensors/" + SENSOR + "/readings?fields=pm25&" + range();
    assertThat(get(sensor + "&every=1h").get("data")).isEmpty();

    var written =
        api.send(
            "POST",
            "/api/v2/write?bucket=sensor_data&precision=s",
            backlog(),
            "Authorization",
            "Token " + writer);
    assertThat(written.statusCode()).as(written.body()).isEqualTo(204);

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              var days = get(sensor + "&every=1d").get("data");
              assertThat(days).hasSize(1);
              assertThat(days.get(0).get("complete").get("pm25").asBoolean()).isTrue();
            });
    var hours = get(sensor + "&every=1h");
    assertThat(hours.get("source").asText()).isEqualTo("hourly");
    assertThat(hours.get("data")).hasSize(24);
    var fifth = hours.get("data").get(5);
    assertThat(fifth.get("time").asText()).isEqualTo(start.plus(Duration.ofHours(5)).toString());
    assertThat(fifth.get("pm25").asDouble()).isEqualTo(15.0);
    assertThat(fifth.get("coverage").get("pm25").asDouble()).isEqualTo(100.0);

    var days = get(sensor + "&every=1d");
    assertThat(days.get("source").asText()).isEqualTo("daily");
    var only = days.get("data").get(0);
    assertThat(only.get("time").asText()).isEqualTo(day + "T00:00:00+01:00");
    assertThat(only.get("pm25").asDouble()).isEqualTo(21.5); // the mean of 10 … 33
    assertThat(only.get("coverage").get("pm25").asDouble()).isEqualTo(100.0);

    var location = "/api/v1/locations/" + LOCATION + "/readings?fn=aqi&" + range();
    var daily = get(location + "&every=1d").get("data");
    assertThat(daily).hasSize(1);
    // NO2's highest hour, 120 ppb: (150 - 101) / (360 - 101) * (120 - 101) + 101 = 104.6
    assertThat(daily.get(0).get("aqi").asInt()).isEqualTo(105);
    assertThat(daily.get(0).get("dominant").asText()).isEqualTo("no2");
    var hourly = get(location + "&every=1h").get("data");
    assertThat(hourly).hasSize(24);
    assertThat(hourly.get(5).get("dominant").asText()).isEqualTo("no2");
  }
}
