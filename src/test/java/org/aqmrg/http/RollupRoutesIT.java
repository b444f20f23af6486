package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.db.Database;
import org.aqmrg.db.Migrations;
import org.aqmrg.identity.ApiTokens;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.PartialStore;
import org.aqmrg.rollups.MemoryRollupStore;
import org.aqmrg.rollups.Sample;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The history and AQI routes over HTTP where rollups answer: parameters, sources, coverage, CSV
 * columns and refusals, with a real PostgreSQL registry and rollups held in memory, so the answers
 * are known to the digit. {@code RollupBacklogIT} takes the whole way from a write.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RollupRoutesIT {
  private static final String LOCATION = "7e570000-0000-4000-8000-0000000000c1";
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  private final HttpClient http = HttpClient.newHttpClient();
  private final Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
  private final MemoryRollupStore rollups = new MemoryRollupStore();
  private Javalin app;
  private String token;

  @BeforeAll
  void start() throws Exception {
    var dataSource = new PGSimpleDataSource();
    dataSource.setURL(
        "jdbc:postgresql://%s:%d/%s"
            .formatted(
                TestServers.pgHost(),
                TestServers.pgPort(),
                TestServers.createDatabase("rollup_routes")));
    dataSource.setUser(TestServers.pgUser());
    dataSource.setPassword(TestServers.pgPassword());
    new Migrations(dataSource).migrate();
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO locations (id, name, city, country, latitude, longitude, timezone) VALUES"
              + " ('"
              + LOCATION
              + "', 'Yaba', 'Lagos', 'NG', 6.5, 3.37, 'Africa/Lagos')");
      statement.execute(
          "INSERT INTO sensors (id, name, location_id) VALUES ('R-A', 'a', '"
              + LOCATION
              + "'), ('R-B', 'b', '"
              + LOCATION
              + "'), ('R-C', 'c', NULL)");
    }
    // 48 hours: R-A every 10 minutes (100 % coverage), R-B three readings an hour (50 %).
    for (int i = 0; i < 48; i++) {
      Instant start = hour.minus(Duration.ofHours(i));
      rollups.samples("R-A", Field.PM25, TEN_MINUTES, samples(start, 6, 12));
      rollups.samples("R-B", Field.PM25, TEN_MINUTES, samples(start, 3, 30));
    }
    rollups.days("R-A", ZoneId.of("Africa/Lagos")).days("R-B", ZoneId.of("Africa/Lagos"));
    var tokens = new ApiTokens(Database.of(dataSource), Clock.systemUTC());
    token = tokens.create(null, "reader", List.of("read:all"), List.of(), null).secret();
    // No raw readings: every answer here must come from the rollups.
    PartialStore noRaw = () -> "no raw readings";
    var parts = TestParts.withStores(Database.of(dataSource), tokens, noRaw, rollups);
    app = WebApp.create(parts).start("127.0.0.1", 0);
  }

  @AfterAll
  void stop() {
    app.stop();
  }

  private static List<Sample> samples(Instant start, int count, double value) {
    var samples = new ArrayList<Sample>();
    for (int i = 0; i < count; i++) {
      samples.add(new Sample(start.plus(TEN_MINUTES.multipliedBy(i)), value));
    }
    return samples;
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
            .header("Authorization", "Token " + token)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode json(String path) throws Exception {
    var response = get(path);
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return WebApp.objectMapper().readTree(response.body());
  }

  private String range(Duration back) {
    return "from=" + hour.minus(back) + "&to=" + hour.plusSeconds(3600);
  }

  @Test
  void every_1h_of_a_location_reads_hourly_rollups_with_count_weighted_means_and_coverage()
      throws Exception {
    var body =
        json(
            "/api/v1/locations/"
                + LOCATION
                + "/readings?fields=pm25&"
                + range(Duration.ofHours(2)));

    assertThat(body.get("source").asText()).isEqualTo("hourly");
    assertThat(body.get("data")).hasSize(3);
    var latest = body.get("data").get(2);
    assertThat(latest.get("time").asText()).isEqualTo(hour.toString());
    assertThat(latest.get("pm25").asDouble()).isEqualTo((6 * 12 + 3 * 30) / 9.0);
    assertThat(latest.get("coverage").get("pm25").asDouble()).isEqualTo(75.0);
    var counts =
        json(
            "/api/v1/sensors/R-B/readings?fields=pm25&every=3h&fn=count&"
                + range(Duration.ofHours(5)));
    assertThat(counts.get("data").get(counts.get("data").size() - 1).get("pm25").asLong())
        .isPositive();
  }

  @Test
  void every_1d_reads_local_days_of_lagos_named_by_their_local_midnight() throws Exception {
    var body =
        json("/api/v1/sensors/R-A/readings?fields=pm25&every=1d&" + range(Duration.ofDays(3)));

    assertThat(body.get("source").asText()).isEqualTo("daily");
    assertThat(body.get("zone").asText()).isEqualTo("Africa/Lagos");
    var days = body.get("data");
    assertThat(days).isNotEmpty();
    days.forEach(day -> assertThat(day.get("time").asText()).endsWith("T00:00:00+01:00"));
    // A whole day in the middle: 24 hours at 100 %.
    assertThat(days.get(1).get("pm25").asDouble()).isEqualTo(12.0);
    assertThat(days.get(1).get("coverage").get("pm25").asDouble()).isEqualTo(100.0);
    assertThat(days.get(1).get("complete").get("pm25").asBoolean()).isTrue();
    // A bare date is local midnight for daily windows: the answer starts with that Lagos day.
    var yesterday = LocalDate.now(ZoneId.of("Africa/Lagos")).minusDays(1);
    var dated =
        json(
            "/api/v1/sensors/R-A/readings?fields=pm25&every=1d&from="
                + yesterday
                + "&to="
                + yesterday.plusDays(2));
    assertThat(dated.get("data").get(0).get("time").asText())
        .isEqualTo(yesterday + "T00:00:00+01:00");
    assertThat(
            json("/api/v1/sensors/R-A/readings?fields=pm25&every=1d&fn=sd&"
                    + range(Duration.ofDays(3)))
                .get("data")
                .get(1)
                .get("pm25")
                .asDouble())
        .isEqualTo(0.0);
  }

  @Test
  void csv_of_rollup_windows_has_coverage_and_complete_columns() throws Exception {
    var daily =
        get(
            "/api/v1/sensors/R-A/readings?fields=pm25&every=1d&format=csv&"
                + range(Duration.ofDays(3)));
    var hourly =
        get(
            "/api/v1/sensors/R-A/readings?fields=pm25&every=1h&format=csv&"
                + range(Duration.ofHours(1)));

    assertThat(daily.body()).startsWith("time,pm25_ug_m3,pm25_coverage_pct,pm25_complete\r\n");
    assertThat(daily.body().split("\r\n")[2]).endsWith("T00:00:00+01:00,12,100,true");
    assertThat(daily.headers().firstValue("X-Source")).hasValue("daily");
    assertThat(hourly.body())
        .isEqualTo(
            "time,pm25_ug_m3,pm25_coverage_pct\r\n"
                + hour.minusSeconds(3600)
                + ",12,100\r\n"
                + hour
                + ",12,100\r\n");
  }

  @Test
  void hourly_aqi_history_and_the_current_aqi_routes() throws Exception {
    var history =
        json("/api/v1/sensors/R-A/readings?fn=aqi&every=1h&" + range(Duration.ofHours(1)));
    var sensor = json("/api/v1/sensors/R-A/aqi");
    var location = json("/api/v1/locations/" + LOCATION + "/aqi?scale=eu-eaqi");

    assertThat(history.get("scale").asText()).isEqualTo("us-epa");
    assertThat(history.get("data")).hasSize(2);
    // 12 µg/m³ every hour: NowCast 12.0, (100 - 51) / (35.4 - 9.1) * (12.0 - 9.1) + 51 = 56.4
    assertThat(history.get("data").get(1).get("aqi").asInt()).isEqualTo(56);
    assertThat(sensor.get("aqi").asInt()).isEqualTo(56);
    assertThat(sensor.get("dominant").asText()).isEqualTo("pm25");
    assertThat(sensor.get("category").asText()).isEqualTo("Moderate");
    var pm25 = sensor.get("pollutants").get(0);
    assertThat(pm25.get("period").asText()).isEqualTo("nowcast");
    assertThat(pm25.get("concentration").asDouble()).isEqualTo(12.0);
    assertThat(pm25.get("colour").asText()).isEqualTo("#FFFF00");
    var o3 = sensor.get("pollutants").findValuesAsText("pollutant");
    assertThat(o3).contains("o3", "no2", "co", "pm10");
    sensor
        .get("pollutants")
        .forEach(
            p -> {
              if (!p.get("pollutant").asText().equals("pm25")) {
                assertThat(p.get("aqi").isNull()).isTrue();
                assertThat(p.get("reason").asText()).isNotBlank();
              }
            });
    // The location: (6 x 12 + 3 x 30) / 9 = 18 µg/m³ each hour, 24-hour mean 18: "Fair".
    assertThat(location.get("scale").asText()).isEqualTo("eu-eaqi");
    assertThat(location.get("aqi").asInt()).isEqualTo(2);
    assertThat(location.get("sensor_ids")).hasSize(2);
    var daily =
        json(
            "/api/v1/locations/"
                + LOCATION
                + "/readings?fn=aqi&every=1d&"
                + range(Duration.ofDays(3)));
    assertThat(daily.get("data").get(1).get("time").asText()).endsWith("T00:00:00+01:00");
    assertThat(daily.get("data").get(1).get("pollutants").get(0).get("period").asText())
        .isEqualTo("24h");
  }

  @Test
  void unknown_sensors_and_locations_of_the_aqi_routes_are_404_and_a_bad_scale_400()
      throws Exception {
    assertThat(get("/api/v1/sensors/NOPE/aqi").statusCode()).isEqualTo(404);
    assertThat(get("/api/v1/locations/7e570000-0000-4000-8000-00000000dead/aqi").statusCode())
        .isEqualTo(404);
    assertThat(get("/api/v1/locations/not-a-uuid/aqi").statusCode()).isEqualTo(404);
    var bad = get("/api/v1/sensors/R-A/aqi?scale=uk-daqi");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(WebApp.objectMapper().readTree(bad.body()).get("details").get("parameter").asText())
        .isEqualTo("scale");
    var empty = json("/api/v1/sensors/R-C/aqi");
    assertThat(empty.get("aqi").isNull()).isTrue();
    assertThat(empty.get("reason").asText()).startsWith("no pollutant has an index");
  }

  @Test
  void each_bad_rollup_parameter_is_a_400_naming_it() throws Exception {
    String base = "/api/v1/sensors/R-A/readings?";
    String location = "/api/v1/locations/" + LOCATION + "/readings?";
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put(location + "fn=median", "fn");
    bad.put(base + "every=3h&fn=median", "fn");
    bad.put(location + "every=1d&fn=sd", "fn");
    bad.put(base + "every=5m&fn=sd", "fn");
    bad.put(base + "every=5m&fn=median", "fn");
    bad.put(base + "fn=mode", "fn");
    bad.put(base + "fn=aqi&every=3h", "fn");
    bad.put(base + "fn=aqi&scale=uk-daqi", "scale");
    bad.put(base + "scale=us-epa", "scale");
    bad.put(base + "every=1w", "every");
    bad.put(base + "every=20000h", "every");
    bad.put(base + "every=5m&from=" + hour.minus(Duration.ofDays(40)), "from");
    bad.put(base + "every=raw&from=" + hour.minus(Duration.ofDays(40)), "from");
    bad.put(base + "every=1h&from=" + hour.minus(Duration.ofDays(800)), "from");
    bad.put(base + "every=1d&fn=aqi&from=" + hour.minus(Duration.ofDays(800)), "from");
    bad.put(base + "every=1d&from=1700-01-01&to=2026-01-01", "every");

    for (var entry : bad.entrySet()) {
      var response = get(entry.getKey());
      assertThat(response.statusCode()).as(entry.getKey() + ": " + response.body()).isEqualTo(400);
      var error = WebApp.objectMapper().readTree(response.body());
      assertThat(error.get("details").get("parameter").asText())
          .as(entry.getKey())
          .isEqualTo(entry.getValue());
      assertThat(error.get("message").asText()).as(entry.getKey()).contains(entry.getValue());
    }
    var raw =
        WebApp.objectMapper()
            .readTree(get(base + "every=5m&from=" + hour.minus(Duration.ofDays(40))).body());
    assertThat(raw.get("details").get("tier").asText()).isEqualTo("raw");
    assertThat(raw.get("details").get("retention_days").asInt()).isEqualTo(30);
    var hourly =
        WebApp.objectMapper()
            .readTree(get(base + "every=1h&from=" + hour.minus(Duration.ofDays(800))).body());
    assertThat(hourly.get("details").get("retention_days").asInt()).isEqualTo(730);
    assertThat(
            WebApp.objectMapper()
                .readTree(get(location + "fn=median").body())
                .get("message")
                .asText())
        .contains("ask every=1h");
    // Ten years of days and a year of hours are one request each.
    assertThat(json(base + "every=1d&from=" + hour.minus(Duration.ofDays(3650))).get("data"))
        .isNotEmpty();
    assertThat(json(location + "every=1h&from=" + hour.minus(Duration.ofDays(366))).get("data"))
        .hasSize(48);
  }
}
