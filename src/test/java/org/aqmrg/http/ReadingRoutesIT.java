package org.aqmrg.http;

import static org.aqmrg.testing.ApiServer.bearer;
import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.identity.Role;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The history routes over HTTP, on the real platform with PostgreSQL as the time series. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadingRoutesIT {
  private static final String LOCATION = "7e570000-0000-4000-8000-0000000000b1";
  private static final String EMPTY_LOCATION = "7e570000-0000-4000-8000-0000000000b2";
  private static final String ODD = "=odd, \"id\"";
  private static final String HOSTILE = "x' OR 1=1 --";

  private ApiServer api;
  private final Instant h0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(5));
  private final Map<String, String[]> callers = new LinkedHashMap<>();

  @BeforeAll
  void start() throws SQLException {
    api = ApiServer.start("memory", Map.of());
    try (var connection = api.platform().database().dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO locations (id, name, city, country, latitude, longitude) VALUES"
              + " ('"
              + LOCATION
              + "', 'Yaba', 'Lagos', 'NG', 6.5095, 3.3711),"
              + " ('"
              + EMPTY_LOCATION
              + "', 'Empty', 'Lagos', 'NG', 6.5, 3.3)");
      statement.execute(
          "INSERT INTO sensors (id, name, location_id, status) VALUES"
              + " ('S-A', 'a', '"
              + LOCATION
              + "', 'active'),"
              + " ('S-B', 'b', '"
              + LOCATION
              + "', 'retired'),"
              + " ('S-C', 'c', NULL, 'active'),"
              + " ('"
              + ODD.replace("'", "''")
              + "', 'odd', '"
              + LOCATION
              + "', 'active'),"
              + " ('"
              + HOSTILE.replace("'", "''")
              + "', 'hostile', NULL, 'active')");
    }
    api.platform()
        .readings()
        .write(
            List.of(
                reading("S-A", h(0, 0), Field.PM25, 10, Field.TEMPERATURE, -2.5),
                reading("S-A", h(0, 20), Field.PM25, 20),
                reading("S-A", h(0, 40), Field.PM25, 40),
                reading("S-A", h(2, 30), Field.PM25, 8),
                reading("S-B", h(0, 20), Field.PM25, 30),
                reading(ODD, h(0, 20), Field.PM25, 2),
                reading("S-C", h(0, 10), Field.PM25, 999),
                reading(HOSTILE, h(0, 10), Field.PM25, 7)));
    // Written straight to the store, past the write path's marks: rolled up as a rebuild does.
    api.platform()
        .rollupService()
        .rebuild(h0, h(3, 0), List.of(), org.aqmrg.rollups.Rollups.Progress.NONE);
    api.user("public@history.test", Role.PUBLIC);
    api.user("researcher@history.test", Role.RESEARCHER);
    api.user("admin@history.test", Role.ADMIN);
    var tokens = api.platform().web().tokens();
    callers.put("anonymous", new String[] {});
    callers.put("public", auth(bearer(api.login("public@history.test"))));
    callers.put("researcher", auth(bearer(api.login("researcher@history.test"))));
    callers.put("admin", auth(bearer(api.login("admin@history.test"))));
    callers.put(
        "read:all token",
        auth("Token " + tokens.create(null, "r", List.of("read:all"), List.of(), null).secret()));
    callers.put(
        "write:readings token",
        auth(
            "Token "
                + tokens.create(null, "w", List.of("write:readings"), List.of(), null).secret()));
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private static String[] auth(String value) {
    return new String[] {"Authorization", value};
  }

  private Instant h(int hours, int minutes) {
    return h0.plus(Duration.ofHours(hours).plusMinutes(minutes));
  }

  private static Reading reading(String sensor, Instant time, Object... fieldsAndValues) {
    var builder = Reading.builder(sensor, time.getEpochSecond() * 1_000_000_000L + time.getNano());
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      builder.set((Field) fieldsAndValues[i], ((Number) fieldsAndValues[i + 1]).doubleValue());
    }
    return builder.build();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private String range(int hours) {
    return "from=" + h0 + "&to=" + h(hours, 0);
  }

  private HttpResponse<String> get(String caller, String path) {
    return api.get(path, callers.get(caller));
  }

  private static List<String> values(JsonNode data, String field) {
    var values = new ArrayList<String>();
    data.forEach(row -> values.add(row.get("time").asText() + " " + row.get(field).asText()));
    return values;
  }

  @Test
  void anyone_reads_hourly_means_of_a_sensor_as_json_with_units_and_empty_hours_left_out() {
    var response = get("anonymous", "/api/v1/sensors/S-A/readings?" + range(3) + "&fields=pm25");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    var body = json(response);
    assertThat(body.get("sensor_id").asText()).isEqualTo("S-A");
    assertThat(body.get("every").asText()).isEqualTo("1h");
    assertThat(body.get("fn").asText()).isEqualTo("mean");
    assertThat(body.get("units").get("pm25").asText()).isEqualTo("µg/m³");
    assertThat(values(body.get("data"), "pm25"))
        .containsExactly(h0 + " " + (10.0 + 20 + 40) / 3, h(2, 0) + " 8.0");
  }

  @Test
  void without_parameters_the_last_24_hours_come_as_hourly_means_of_every_field() {
    var body = json(get("anonymous", "/api/v1/sensors/S-A/readings"));

    Instant to = Instant.parse(body.get("to").asText());
    assertThat(Duration.between(to, Instant.now()).abs()).isLessThan(Duration.ofMinutes(5));
    assertThat(Instant.parse(body.get("from").asText())).isEqualTo(to.minus(Duration.ofDays(1)));
    assertThat(body.get("fields")).hasSize(7);
    var first = body.get("data").get(0);
    assertThat(first.get("time").asText()).isEqualTo(h0.toString());
    assertThat(first.get("temperature").asDouble()).isEqualTo(-2.5);
    assertThat(first.get("humidity").isNull()).isTrue();
  }

  @Test
  void a_location_combines_all_its_sensors_also_retired_ones_into_one_series() {
    var body =
        json(
            get(
                "anonymous",
                "/api/v1/locations/" + LOCATION + "/readings?" + range(3) + "&fn=count"));

    assertThat(body.get("location_id").asText()).isEqualTo(LOCATION);
    assertThat(body.get("sensor_ids"))
        .extracting(JsonNode::asText)
        .containsExactly("=odd, \"id\"", "S-A", "S-B");
    assertThat(values(body.get("data"), "pm25")).containsExactly(h0 + " 5", h(2, 0) + " 1");
    assertThat(body.get("data").get(0).get("temperature").asLong()).isEqualTo(1);
    assertThat(
            json(get("anonymous", "/api/v1/locations/" + EMPTY_LOCATION + "/readings")).get("data"))
        .isEmpty();
  }

  @Test
  void raw_pages_of_a_location_follow_next_cursor_to_the_end() {
    var times = new ArrayList<String>();
    String cursor = null;
    int pages = 0;
    do {
      var body =
          json(
              get(
                  "researcher",
                  "/api/v1/locations/"
                      + LOCATION
                      + "/readings?"
                      + range(3)
                      + "&every=raw&fields=pm25&limit=2"
                      + (cursor == null ? "" : "&cursor=" + cursor)));
      body.get("data")
          .forEach(
              row ->
                  times.add(
                      row.get("time").asText()
                          + " "
                          + row.get("sensor_id").asText()
                          + " "
                          + row.get("pm25").asText()));
      cursor = body.get("next_cursor").isNull() ? null : body.get("next_cursor").asText();
      pages++;
    } while (cursor != null && pages < 10);

    assertThat(times)
        .containsExactly(
            h0 + " S-A 10.0",
            h(0, 20) + " =odd, \"id\" 2.0",
            h(0, 20) + " S-A 20.0",
            h(0, 20) + " S-B 30.0",
            h(0, 40) + " S-A 40.0",
            h(2, 30) + " S-A 8.0");
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void each_caller_may_read_what_the_access_matrix_says() {
    String base = "/api/v1/sensors/S-A/readings?" + range(3) + "&fields=pm25";
    Map<String, String> requests = new LinkedHashMap<>();
    requests.put("hourly json", base);
    requests.put("daily json", "/api/v1/sensors/S-A/readings?every=1d");
    requests.put("raw", base + "&every=raw");
    requests.put("5m windows", base + "&every=5m");
    requests.put("hourly csv", base + "&format=csv");
    var outcomes = new ArrayList<String>();
    callers
        .keySet()
        .forEach(
            caller ->
                requests.forEach(
                    (what, path) ->
                        outcomes.add(
                            caller + ", " + what + ": " + get(caller, path).statusCode())));

    var expected = new ArrayList<String>();
    for (String caller : callers.keySet()) {
      boolean researcher = List.of("researcher", "admin", "read:all token").contains(caller);
      String refused = caller.equals("anonymous") ? "401" : "403";
      for (String what : requests.keySet()) {
        boolean open = what.equals("hourly json") || what.equals("daily json");
        expected.add(caller + ", " + what + ": " + (open || researcher ? "200" : refused));
      }
    }
    assertThat(outcomes).containsExactlyElementsOf(expected);
    var refusal = json(get("public", base + "&every=raw"));
    assertThat(refusal.get("code").asText()).isEqualTo("forbidden");
    assertThat(refusal.get("details").get("parameter").asText()).isEqualTo("every");
    assertThat(refusal.get("message").asText()).contains("researcher", "read:all", "every=1h");
  }

  @Test
  void csv_has_a_header_with_units_iso_times_quoted_ids_and_comes_as_an_attachment() {
    var response =
        get(
            "researcher",
            "/api/v1/locations/"
                + LOCATION
                + "/readings?"
                + range(1)
                + "&every=raw&fields=pm25,temperature&format=csv");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    assertThat(response.headers().firstValue("Content-Disposition"))
        .hasValue(
            "attachment; filename=\"location_"
                + LOCATION
                + "_"
                + h0.toString().replace("-", "").replace(":", "")
                + "_"
                + h(1, 0).toString().replace("-", "").replace(":", "")
                + "_raw.csv\"");
    assertThat(response.body())
        .isEqualTo(
            "time,sensor_id,pm25_ug_m3,temperature_c\r\n"
                + h0
                + ",S-A,10,-2.5\r\n"
                + h(0, 20)
                + ",\"'=odd, \"\"id\"\"\",2,\r\n"
                + h(0, 20)
                + ",S-A,20,\r\n"
                + h(0, 20)
                + ",S-B,30,\r\n"
                + h(0, 40)
                + ",S-A,40,\r\n");
  }

  @Test
  void a_raw_csv_page_names_the_next_page_in_its_headers() {
    var response =
        get(
            "read:all token",
            "/api/v1/sensors/S-A/readings?" + range(3) + "&every=raw&format=csv&limit=3");

    assertThat(response.body().split("\r\n")).hasSize(4);
    String cursor = response.headers().firstValue("X-Next-Cursor").orElseThrow();
    assertThat(response.headers().firstValue("Link").orElseThrow())
        .startsWith("</api/v1/sensors/S-A/readings?")
        .endsWith("&cursor=" + cursor + ">; rel=\"next\"");
    var rest =
        get(
            "read:all token",
            "/api/v1/sensors/S-A/readings?"
                + range(3)
                + "&every=raw&format=csv&limit=3&cursor="
                + cursor);
    assertThat(rest.body().split("\r\n")).hasSize(2);
    assertThat(rest.body()).contains(h(2, 30) + ",S-A,8,");
    assertThat(rest.headers().firstValue("X-Next-Cursor")).isEmpty();
  }

  @Test
  void windowed_csv_of_counts_has_count_columns() {
    var response =
        get(
            "researcher",
            "/api/v1/sensors/S-A/readings?"
                + range(3)
                + "&every=5m&fn=count&fields=pm25&format=csv");

    assertThat(response.body())
        .isEqualTo(
            "time,pm25_count\r\n"
                + h0
                + ",1\r\n"
                + h(0, 20)
                + ",1\r\n"
                + h(0, 40)
                + ",1\r\n"
                + h(2, 30)
                + ",1\r\n");
  }

  @Test
  void each_bad_parameter_is_a_400_naming_it() {
    String base = "/api/v1/sensors/S-A/readings?";
    Map<String, String> bad = new LinkedHashMap<>();
    bad.put("from=yesterday", "from");
    bad.put("to=2026-13-01T00:00:00Z", "to");
    bad.put("from=" + h(2, 0) + "&to=" + h(1, 0), "from");
    bad.put("from=" + h(1, 0) + "&to=" + h(1, 0), "from");
    bad.put("fields=pm25,dust", "fields");
    bad.put("fields=", "fields");
    bad.put("every=7s", "every");
    bad.put("every=0m", "every");
    bad.put("every=4000d", "every");
    bad.put("every=5m&fn=median", "fn");
    bad.put("every=5m&fn=sum", "fn");
    bad.put("every=5m&fn=first", "fn");
    bad.put("every=1h&fn=sum", "fn");
    bad.put("every=1d&fn=first", "fn");
    bad.put("format=xlsx", "format");
    bad.put("every=raw&limit=0", "limit");
    bad.put("every=raw&limit=10001", "limit");
    bad.put("limit=10", "limit");
    bad.put("every=raw&fn=mean", "fn");
    bad.put("every=raw&cursor=not-a-cursor", "cursor");
    bad.put("field=pm25", "field");
    bad.put("every=5m&from=" + h(0, 0).minus(Duration.ofDays(40)) + "&to=" + h0, "from");
    bad.put("every=1m&from=" + h0.minus(Duration.ofDays(10)) + "&to=" + h0, "every");

    bad.forEach(
        (query, parameter) -> {
          var response = get("researcher", base + query);
          assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(400);
          var error = json(response);
          assertThat(error.get("details").get("parameter").asText()).as(query).isEqualTo(parameter);
          assertThat(error.get("message").asText()).as(query).contains(parameter);
        });
    assertThat(json(get("researcher", base + "every=5m&fn=sum")).get("message").asText())
        .as("sum, median and first are offered through InfluxQL, not by the history API")
        .isEqualTo("fn must be one of mean, min, max, count, last, sd, median, aqi; got 'sum'");
    var windows =
        json(
            get(
                "researcher",
                base + "every=1m&from=" + h0.minus(Duration.ofDays(10)) + "&to=" + h0));
    assertThat(windows.get("message").asText()).contains("14400 windows", "at most 10000");
    var old = json(get("researcher", base + "every=raw&from=" + h0.minus(Duration.ofDays(40))));
    assertThat(old.get("details").get("tier").asText()).isEqualTo("raw");
    assertThat(old.get("message").asText()).contains("kept 30 days", "every=1h", "every=1d");
  }

  @Test
  void a_field_named_twice_in_fields_is_a_400_naming_the_parameter_and_the_field() {
    for (String path :
        List.of(
            "/api/v1/sensors/S-A/readings?fields=pm25,humidity,pm25",
            "/api/v1/sensors/S-A/readings?every=raw&format=csv&fields=pm25,%20pm25")) {
      var response = get("researcher", path);

      assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(400);
      var error = json(response);
      assertThat(error.get("details").get("parameter").asText()).isEqualTo("fields");
      assertThat(error.get("details").get("field").asText()).isEqualTo("pm25");
      assertThat(error.get("message").asText()).contains("'pm25'", "twice", "fields");
    }
  }

  @Test
  void unknown_sensors_and_locations_are_404() {
    assertThat(get("anonymous", "/api/v1/sensors/NOPE/readings").statusCode()).isEqualTo(404);
    assertThat(
            get("anonymous", "/api/v1/locations/7e570000-0000-4000-8000-00000000dead/readings")
                .statusCode())
        .isEqualTo(404);
    var malformed = get("anonymous", "/api/v1/locations/not-a-uuid/readings");
    assertThat(malformed.statusCode()).isEqualTo(404);
    assertThat(json(malformed).get("details").get("location_id").asText()).isEqualTo("not-a-uuid");
  }

  @Test
  void an_id_built_to_break_out_of_quotes_reads_only_its_own_readings() {
    var own =
        json(get("anonymous", "/api/v1/sensors/" + encode(HOSTILE) + "/readings?" + range(3)));
    assertThat(values(own.get("data"), "pm25")).containsExactly(h0 + " 7.0");
    for (String probe : List.of("x' OR '1'='1", "S-A' --", "S-A\\", "\" OR 1=1")) {
      assertThat(get("anonymous", "/api/v1/sensors/" + encode(probe) + "/readings").statusCode())
          .as(probe)
          .isEqualTo(404);
    }
  }

  @Test
  void a_client_that_accepts_gzip_gets_the_answer_compressed() throws Exception {
    String path = "/api/v1/sensors/S-A/readings?" + range(3) + "&fields=pm25";
    var request =
        java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + api.port() + path))
            .header("Accept-Encoding", "gzip")
            .build();
    var response =
        java.net.http.HttpClient.newHttpClient()
            .send(request, HttpResponse.BodyHandlers.ofByteArray());

    assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
    String body =
        new String(
            new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(response.body()))
                .readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(body).isEqualTo(get("anonymous", path).body());
  }
}
