package org.aqmrg.ingest;

import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.aqmrg.identity.Principal;
import org.aqmrg.ingest.lineprotocol.Precision;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.StoreWriter;
import org.aqmrg.registry.RegistryLookup;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Readings through every write door, with the good and the bad inputs, on the embedded store. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestIT {
  private ApiServer api;
  private String token;
  private String limitedToken;
  private String readToken;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private final List<StoreWriter> writers = new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  void start() throws SQLException {
    api = ApiServer.start("memory", Map.of("AQMRG_MAX_BODY_MB", "1"));
    try (var connection = api.platform().database().dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO locations (id, name, city, country, latitude, longitude)"
              + " VALUES ('7e570000-0000-4000-8000-0000000000a1', 'Yaba', 'Lagos', 'NG', 6.5095, 3.3711)");
      statement.execute(
          "INSERT INTO sensors (id, name, manufacturer, location_id, status) VALUES"
              + " ('S-1', 'one', 'PurpleAir', '7e570000-0000-4000-8000-0000000000a1', 'active'),"
              + " ('S-2', 'two', NULL, NULL, 'active'),"
              + " ('S-3', 'three', 'Clarity', NULL, 'active'),"
              + " ('S-OLD', 'retired one', 'Clarity', NULL, 'retired')");
    }
    var tokens = api.platform().web().tokens();
    token = tokens.create(null, "gateway", List.of("write:readings"), List.of(), null).secret();
    limitedToken =
        tokens.create(null, "one sensor", List.of("write:readings"), List.of("S-2"), null).secret();
    readToken = tokens.create(null, "reader", List.of("read:all"), List.of(), null).secret();
  }

  @AfterAll
  void stop() {
    writers.forEach(StoreWriter::close);
    api.close();
  }

  private long ns(Instant time) {
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }

  private HttpResponse<String> post(String path, byte[] body, String... headers) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + path))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> v2(String body, String auth) throws Exception {
    return post(
        "/api/v2/write?org=aqmrg&bucket=sensor_data&precision=ns",
        body.getBytes(StandardCharsets.UTF_8),
        "Authorization",
        auth);
  }

  private List<org.aqmrg.readings.Reading> stored(String sensor) {
    return api.platform()
        .readings()
        .raw(sensor, now.minus(Duration.ofDays(2)), now.plus(Duration.ofDays(1)), 1000);
  }

  @Test
  void a_good_body_is_stored_whole_and_answered_204() throws Exception {
    Instant t = now.minusSeconds(600);
    String body =
        "air_quality,sensor_id=S-1,location=Lagos pm25=35.2,pm10=45.8,temperature=28.5 "
            + ns(t)
            + "\n"
            + "# a comment line\n\n"
            + "air_quality,sensor_id=S-1 humidity=78i,co=0.4,no2=21,o3=30 "
            + ns(t.plusSeconds(60))
            + "\n";

    var response = v2(body, "Token " + token);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    var readings =
        stored("S-1").stream()
            .filter(r -> !r.time().isBefore(t) && r.time().isBefore(t.plusSeconds(61)))
            .toList();
    assertThat(readings).hasSize(2);
    assertThat(readings.get(0).value(Field.PM25)).isEqualTo(35.2);
    assertThat(readings.get(0).location()).as("the registry's location wins").isEqualTo("Yaba");
    assertThat(readings.get(0).manufacturer()).isEqualTo("PurpleAir");
    assertThat(readings.get(1).value(Field.HUMIDITY)).isEqualTo(78);
  }

  @Test
  void good_lines_are_stored_and_each_bad_line_is_listed_with_its_number_and_reason()
      throws Exception {
    Instant t = now.minusSeconds(1200);
    List<String> lines =
        List.of(
            "air_quality,sensor_id=S-3 pm25=10 " + ns(t),
            "weather,sensor_id=S-3 pm25=10 " + ns(t),
            "air_quality,sensor_id=S-3 pm25=NaN " + ns(t),
            "air_quality,sensor_id=S-3 pm25=1500 " + ns(t),
            "air_quality,sensor_id=S-3 dust=3 " + ns(t),
            "air_quality,sensor_id=S-3 pm25=\"high\" " + ns(t),
            "air_quality,sensor_id=S-3,room=kitchen pm25=3 " + ns(t),
            "air_quality pm25=3 " + ns(t),
            "air_quality,sensor_id=NOPE pm25=3 " + ns(t),
            "air_quality,sensor_id=S-OLD pm25=3 " + ns(t),
            "air_quality,sensor_id=S-3 pm25=3 " + ns(now.plus(Duration.ofHours(1))),
            "air_quality,sensor_id=S-3 pm25=3 " + ns(now.minus(Duration.ofDays(40))),
            "air_quality,sensor_id=S-3 pm25=3 12ab",
            "air_quality,sensor_id=S-3 pm25=11 " + ns(t.plusSeconds(1)));

    var response = v2(String.join("\n", lines), "Token " + token);

    assertThat(response.statusCode()).isEqualTo(400);
    var error = json(response);
    assertThat(error.get("details").get("written").asInt()).isEqualTo(2);
    assertThat(error.get("details").get("refused").asInt()).isEqualTo(12);
    var errors = error.get("details").get("errors");
    assertThat(errors.findValuesAsText("line").stream().map(Integer::valueOf).toList())
        .containsExactly(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
    assertThat(errors.get(0).get("reason").asText()).contains("unknown measurement 'weather'");
    assertThat(errors.get(1).get("reason").asText()).contains("NaN");
    assertThat(errors.get(2).get("reason").asText())
        .contains("'pm25' = 1500 is outside 0 to 1000 µg/m³");
    assertThat(errors.get(3).get("reason").asText()).contains("unknown field 'dust'");
    assertThat(errors.get(4).get("reason").asText()).contains("must be a number");
    assertThat(errors.get(5).get("reason").asText()).contains("unknown tag 'room'");
    assertThat(errors.get(6).get("reason").asText()).contains("missing tag sensor_id");
    assertThat(errors.get(7).get("reason").asText()).contains("sensor 'NOPE' is not registered");
    assertThat(errors.get(7).get("text").asText())
        .as("the line as sent, not as re-written")
        .isEqualTo("air_quality,sensor_id=NOPE pm25=3 " + ns(t));
    assertThat(errors.get(8).get("reason").asText()).contains("is retired");
    assertThat(errors.get(9).get("reason").asText()).contains("ahead of the server's clock");
    assertThat(errors.get(10).get("reason").asText()).contains("older than the raw retention");
    assertThat(errors.get(11).get("reason").asText()).contains("12ab");
    assertThat(errors.get(11).get("column").asInt()).isGreaterThan(20);
    // A line that parsed but was refused names the column of the part it is about.
    assertThat(errors.findValuesAsText("column").stream().map(Integer::valueOf).toList())
        .containsExactly(
            1,
            lines.get(2).indexOf("NaN") + 1,
            lines.get(3).indexOf("1500") + 1,
            lines.get(4).indexOf("dust") + 1,
            lines.get(5).indexOf("\"high\"") + 1,
            lines.get(6).indexOf("room") + 1,
            1,
            lines.get(8).indexOf("NOPE") + 1,
            lines.get(9).indexOf("S-OLD") + 1,
            lines.get(10).lastIndexOf(' ') + 2,
            lines.get(11).lastIndexOf(' ') + 2,
            lines.get(12).indexOf("12ab") + 1);
    assertThat(error.get("message").asText())
        .startsWith("partial write: 12 line(s) refused, 2 reading(s) written");
    assertThat(
            stored("S-3").stream()
                .filter(r -> !r.time().isBefore(t) && r.time().isBefore(t.plusSeconds(2))))
        .extracting(r -> r.value(Field.PM25))
        .containsExactly(10.0, 11.0);
  }

  @Test
  void a_chunked_body_without_content_length_is_read_whole() throws Exception {
    Instant t = now.minusSeconds(1500);
    var lines = new StringBuilder();
    for (int i = 0; i < 990; i++) { // 75 KB: many chunks, and halved
      lines
          .append("air_quality,sensor_id=S-2,location=Somewhere\\ else pm25=")
          .append(i % 900)
          .append('.')
          .append(i % 10);
      lines.append(' ').append(ns(t.plusMillis(i))).append('\n');
    }
    byte[] bytes = lines.toString().getBytes(StandardCharsets.UTF_8);
    var request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + api.port()
                        + "/api/v2/write?org=aqmrg&bucket=sensor_data&precision=ns"))
            .header("Authorization", "Token " + token)
            .POST(
                HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream(bytes)));

    var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    assertThat(
            stored("S-2").stream()
                .filter(r -> !r.time().isBefore(t) && r.time().isBefore(t.plusSeconds(2))))
        .hasSize(990);
  }

  @Test
  void a_body_shorter_than_its_content_length_is_a_400_and_nothing_is_written() throws Exception {
    Instant t = now.minusSeconds(1700);
    String line = "air_quality,sensor_id=S-2 pm25=7 " + ns(t) + "\n";
    try (var socket = new java.net.Socket("127.0.0.1", api.port())) {
      socket.setSoTimeout(60_000);
      var out = socket.getOutputStream();
      out.write(
          ("POST /api/v2/write?org=aqmrg&bucket=sensor_data&precision=ns HTTP/1.1\r\n"
                  + "Host: 127.0.0.1\r\n"
                  + "Authorization: Token "
                  + token
                  + "\r\n"
                  + "Content-Length: "
                  + (line.length() + 100)
                  + "\r\n\r\n"
                  + line)
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      socket.shutdownOutput(); // the client stops sending: the body ends early
      String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 400");
    }
    assertThat(stored("S-2").stream().filter(r -> r.time().equals(t))).isEmpty();
  }

  @Test
  void a_token_limited_to_some_sensors_writes_only_for_them() throws Exception {
    String body =
        "air_quality,sensor_id=S-2 pm25=1 "
            + ns(now.minusSeconds(30))
            + "\n"
            + "air_quality,sensor_id=S-3 pm25=1 "
            + ns(now.minusSeconds(30));

    var response = v2(body, "Bearer " + limitedToken);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("details").get("errors").get(0).get("reason").asText())
        .isEqualTo("this token may write only for sensors S-2");
    assertThat(json(response).get("details").get("written").asInt()).isEqualTo(1);
  }

  @Test
  void the_latest_reading_is_served_and_late_data_never_hides_a_newer_one() throws Exception {
    Instant newer = now.minusSeconds(5);
    assertThat(v2("air_quality,sensor_id=S-2 pm25=50 " + ns(newer), "Token " + token).statusCode())
        .isEqualTo(204);
    assertThat(
            v2("air_quality,sensor_id=S-2 pm25=5 " + ns(newer.minusSeconds(300)), "Token " + token)
                .statusCode())
        .isEqualTo(204);

    var latest = json(api.get("/api/v1/sensors/S-2/latest"));
    assertThat(latest.get("fields").get("pm25").asDouble()).isEqualTo(50);
    assertThat(latest.get("units").get("pm25").asText()).isEqualTo("µg/m³");
    assertThat(Instant.parse(latest.get("time").asText())).isEqualTo(newer);
    assertThat(api.get("/api/v1/sensors/S-NONE/latest").statusCode()).isEqualTo(404);
  }

  @Test
  void a_large_body_goes_through_as_two_writes_split_by_sensor_numbered_and_ordered_as_one()
      throws SQLException {
    List<String> sensors = List.of("S-HALF-A", "S-HALF-B", "S-HALF-C", "S-HALF-D");
    registerActive(sensors);
    var writes = new java.util.concurrent.CopyOnWriteArrayList<List<String>>();
    var platform = api.platform();
    var ingest = recordingWrites(writes);
    Instant first = now.minus(Duration.ofHours(3));
    var body = new StringBuilder();
    int lines = 1_200;
    for (int line = 1; line <= lines; line++) {
      String sensor = "S-HALF-" + "ABCD".charAt(line % 4);
      // Line 1,150 (sensor C) repeats the sensor and time of line 10, in the other half.
      Instant time = first.plusSeconds(line == 1_150 ? 10 : line);
      String value = line == 3 ? "-5" : line == 1_150 ? "222" : Integer.toString(line % 500);
      body.append("air_quality,sensor_id=")
          .append(sensor)
          .append(line == 1_100 ? " pm25=oops " : " pm25=" + value + " ")
          .append(ns(time))
          .append('\n');
    }
    byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);

    var result = writeAsOperator(ingest, bytes);

    assertThat(writes).hasSize(2).allSatisfy(batch -> assertThat(batch).hasSizeGreaterThan(500));
    assertThat(writes.get(0)).doesNotContainAnyElementsOf(writes.get(1));
    assertThat(writes).allSatisfy(IngestIT::assertGroupedBySensor);
    assertThat(writes.get(0).size() + writes.get(1).size()).isEqualTo(lines - 2);
    assertThat(result.written()).isEqualTo(lines - 2);
    assertThat(result.rejected())
        .extracting(IngestService.Rejection::line)
        .containsExactly(3, 1_100);
    assertThat(result.rejected().get(0).reason()).contains("pm25");
    assertThat(result.rejected().get(1).text())
        .startsWith("air_quality,sensor_id=S-HALF-A pm25=oops");
    assertThat(storedBetween(sensors, first, first.plusSeconds(lines + 1)))
        .isEqualTo(lines - 3); // line 1,150 replaced line 10
    assertThat(platform.readings().raw("S-HALF-C", first, first.plusSeconds(11), 10))
        .filteredOn(reading -> reading.time().equals(first.plusSeconds(10)))
        .singleElement()
        .satisfies(reading -> assertThat(reading.value(Field.PM25)).isEqualTo(222));
    assertThat(platform.web().latest().get("S-HALF-A"))
        .hasValueSatisfying(latest -> assertThat(latest.fields()).containsEntry("pm25", 200.0));
  }

  @Test
  void each_sensor_of_a_body_goes_out_in_one_write_and_a_small_body_in_at_most_one_per_lane()
      throws SQLException {
    List<String> sensors = List.of("S-ONE-A", "S-ONE-B", "S-ONE-C");
    registerActive(sensors);
    var writes = new java.util.concurrent.CopyOnWriteArrayList<List<String>>();
    var ingest = recordingWrites(writes);
    Instant first = now.minus(Duration.ofHours(4));
    var body = new StringBuilder();
    int lines = 1_200;
    for (int line = 1; line <= lines; line++) {
      body.append("air_quality,sensor_id=S-ONE-")
          .append("ABC".charAt(line % 3))
          .append(" pm25=")
          .append(line % 500)
          .append(' ')
          .append(ns(first.plusSeconds(line)))
          .append('\n');
    }
    byte[] large = body.toString().getBytes(StandardCharsets.UTF_8);
    byte[] small =
        ("air_quality,sensor_id=S-ONE-A pm25=1 "
                + ns(first)
                + "\n"
                + "air_quality,sensor_id=S-ONE-B pm25=2 "
                + ns(first))
            .getBytes(StandardCharsets.UTF_8);

    var result = writeAsOperator(ingest, large);

    assertThat(result.complete()).isTrue();
    assertThat(writes).hasSizeLessThanOrEqualTo(StoreWriter.LANES);
    for (String sensor : sensors) {
      assertThat(writes).filteredOn(write -> write.contains(sensor)).hasSize(1);
    }
    assertThat(writes.stream().mapToInt(List::size).sum()).isEqualTo(lines);
    assertThat(storedBetween(sensors, first, first.plusSeconds(lines + 1))).isEqualTo(lines);

    writes.clear();
    assertThat(writeAsOperator(ingest, small).complete()).isTrue();
    assertThat(writes).hasSizeLessThanOrEqualTo(StoreWriter.LANES);
    assertThat(writes.stream().flatMap(List::stream).sorted())
        .containsExactly("S-ONE-A", "S-ONE-B");
  }

  /** Each sensor's readings are next to each other in a write. */
  private static void assertGroupedBySensor(List<String> write) {
    var seen = new java.util.HashSet<String>();
    for (int i = 0; i < write.size(); i++) {
      if (i == 0 || !write.get(i).equals(write.get(i - 1))) {
        assertThat(seen.add(write.get(i)))
            .as("%s comes back after another sensor", write.get(i))
            .isTrue();
      }
    }
  }

  /** Writes {@code body} through {@code ingest} as the operator, its times in nanoseconds. */
  private static IngestService.Result writeAsOperator(IngestService ingest, byte[] body) {
    return ingest.writeLineProtocol(Principal.OPERATOR, body, Precision.NS);
  }

  /** Registers each of {@code ids} as an active sensor without a location. */
  private void registerActive(List<String> ids) throws SQLException {
    try (var connection = api.platform().database().dataSource().getConnection();
        var insert =
            connection.prepareStatement(
                "INSERT INTO sensors (id, name, status) VALUES (?, ?, 'active')")) {
      for (String id : ids) {
        insert.setString(1, id);
        insert.setString(2, id);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /**
   * How many readings of {@code sensors} the store holds from {@code from} to before {@code to}.
   */
  private int storedBetween(List<String> sensors, Instant from, Instant to) {
    int stored = 0;
    for (String sensor : sensors) {
      stored += api.platform().readings().raw(sensor, from, to, 10_000).size();
    }
    return stored;
  }

  /** An ingest service whose store notes the sensor ids of each batch it is given. */
  private IngestService recordingWrites(List<List<String>> writes) {
    var platform = api.platform();
    var recording =
        org.aqmrg.testing.Intercepted.of(
            org.aqmrg.readings.ReadingStore.class,
            platform.readings(),
            (method, args) -> {
              if (method.getName().equals("write")) {
                @SuppressWarnings("unchecked")
                var batch = (List<org.aqmrg.readings.Reading>) args[0];
                writes.add(batch.stream().map(org.aqmrg.readings.Reading::sensorId).toList());
              }
            });
    var writer = new StoreWriter(recording);
    writers.add(writer);
    return new IngestService(
        new Validator(Duration.ofMinutes(5), Duration.ofDays(30)),
        new SensorRegistry(new RegistryLookup(platform.database().sql())),
        writer,
        platform.web().latest(),
        false,
        java.time.Clock.systemUTC());
  }

  @Test
  void a_cold_cache_is_filled_from_the_store() {
    var reading =
        org.aqmrg.readings.Reading.builder("S-3", ns(now.minusSeconds(2)))
            .set(Field.O3, 42)
            .build();
    api.platform().readings().write(List.of(reading));
    api.platform().cache().delete("sensor:S-3:latest");

    var latest = json(api.get("/api/v1/sensors/S-3/latest"));

    assertThat(latest.get("fields").get("o3").asDouble()).isEqualTo(42);
    assertThat(api.platform().cache().get("sensor:S-3:latest")).isPresent();
  }

  @Test
  void write_v1_accepts_the_token_as_password_in_p_and_in_basic_auth() throws Exception {
    long seconds = now.minusSeconds(90).getEpochSecond();
    var withP =
        post(
            "/write?db=aqmrg&rp=sensor_data&precision=s&u=gateway&p=" + token,
            ("air_quality,sensor_id=S-3 pm10=77 " + seconds).getBytes(StandardCharsets.UTF_8));
    String basic =
        Base64.getEncoder().encodeToString(("gateway:" + token).getBytes(StandardCharsets.UTF_8));
    var withBasic =
        post(
            "/write?db=aqmrg&precision=s",
            ("air_quality,sensor_id=S-3 pm10=78 " + (seconds + 1)).getBytes(StandardCharsets.UTF_8),
            "Authorization",
            "Basic " + basic);

    assertThat(withP.statusCode()).as(withP.body()).isEqualTo(204);
    assertThat(withBasic.statusCode()).as(withBasic.body()).isEqualTo(204);
    assertThat(stored("S-3"))
        .filteredOn(
            r -> r.time().getEpochSecond() == seconds || r.time().getEpochSecond() == seconds + 1)
        .extracting(r -> r.value(Field.PM10))
        .containsExactly(77.0, 78.0);
  }

  @Test
  void gzip_bodies_are_accepted_and_broken_gzip_is_a_400() throws Exception {
    var gz = new ByteArrayOutputStream();
    try (var out = new GZIPOutputStream(gz)) {
      out.write(
          ("air_quality,sensor_id=S-3 co=1.5 " + ns(now.minusSeconds(77)))
              .getBytes(StandardCharsets.UTF_8));
    }
    var ok =
        post(
            "/api/v2/write?bucket=sensor_data",
            gz.toByteArray(),
            "Authorization",
            "Token " + token,
            "Content-Encoding",
            "gzip");
    var broken =
        post(
            "/api/v2/write?bucket=sensor_data",
            "not gzip".getBytes(StandardCharsets.UTF_8),
            "Authorization",
            "Token " + token,
            "Content-Encoding",
            "gzip");

    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(204);
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(json(broken).get("message").asText()).contains("gzip");
  }

  @Test
  void wrong_doors_get_the_status_influxdb_gives() throws Exception {
    byte[] line = ("air_quality,sensor_id=S-3 co=1 " + ns(now)).getBytes(StandardCharsets.UTF_8);
    record Case(String path, String auth, int status) {}
    for (var c :
        List.of(
            new Case("/api/v2/write?bucket=sensor_data", null, 401),
            new Case("/api/v2/write?bucket=sensor_data", "Token " + readToken, 403),
            new Case("/api/v2/write", "Token " + token, 400),
            new Case("/api/v2/write?bucket=other", "Token " + token, 404),
            new Case("/api/v2/write?bucket=sensor_data&org=someone", "Token " + token, 404),
            new Case("/api/v2/write?bucket=sensor_data&precision=fortnight", "Token " + token, 400),
            new Case("/write?db=other", "Token " + token, 404),
            new Case("/write", "Token " + token, 400),
            new Case("/write?db=aqmrg&rp=forever", "Token " + token, 404),
            new Case("/write?db=aqmrg&p=aqt_nonsense", null, 401))) {
      var response =
          c.auth() == null ? post(c.path(), line) : post(c.path(), line, "Authorization", c.auth());
      assertThat(response.statusCode()).as(c.path() + " " + response.body()).isEqualTo(c.status());
      assertThat(json(response).get("message").asText()).isNotBlank();
    }
  }

  @Test
  void a_body_over_the_limit_is_refused_with_413_and_nothing_is_written() throws Exception {
    var body = new StringBuilder();
    Instant t = now.minusSeconds(3000);
    for (int i = 0; body.length() < 1_100_000; i++) {
      body.append("air_quality,sensor_id=S-3 pm25=99 ")
          .append(ns(t.plusNanos(i * 1000L)))
          .append('\n');
    }

    var response = v2(body.toString(), "Token " + token);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(stored("S-3")).noneMatch(r -> r.has(Field.PM25) && r.value(Field.PM25) == 99);
  }

  @Test
  void json_readings_are_written_and_bad_items_are_listed_by_number() throws Exception {
    String body =
        "[{\"sensor_id\":\"S-3\",\"time\":\""
            + now.minusSeconds(40)
            + "\",\"fields\":{\"no2\":33.5}},"
            + "{\"sensor_id\":\"S-3\",\"time\":\"yesterday\",\"fields\":{\"no2\":1}},"
            + "{\"sensor_id\":\"S-3\",\"fields\":{\"no2\":\"lots\"}},"
            + "{\"sensor_id\":\"S-3\",\"fields\":{}}]";

    var response =
        post(
            "/api/v1/readings",
            body.getBytes(StandardCharsets.UTF_8),
            "Authorization",
            "Bearer " + token,
            "Content-Type",
            "application/json");

    assertThat(response.statusCode()).isEqualTo(400);
    var errors = json(response).get("details").get("errors");
    assertThat(errors.findValuesAsText("item")).containsExactly("2", "3", "4");
    assertThat(errors.get(0).get("reason").asText()).contains("ISO-8601");
    assertThat(json(response).get("details").get("written").asInt()).isEqualTo(1);
    var single =
        post(
            "/api/v1/readings",
            "{\"sensor_id\":\"S-3\",\"fields\":{\"o3\":12}}".getBytes(StandardCharsets.UTF_8),
            "Authorization",
            "Bearer " + token);
    assertThat(single.statusCode()).isEqualTo(204);
    var broken =
        post(
            "/api/v1/readings",
            "{".getBytes(StandardCharsets.UTF_8),
            "Authorization",
            "Bearer " + token);
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(json(broken).get("code").asText()).isEqualTo("invalid_json");
  }

  @Test
  void the_official_influxdb_java_client_writes_unchanged() {
    Instant t = now.minusSeconds(333);
    try (var client =
        InfluxDBClientFactory.create(
            "http://127.0.0.1:" + api.port(), token.toCharArray(), "aqmrg", "sensor_data")) {
      var write = client.getWriteApiBlocking();
      write.writePoint(
          Point.measurement("air_quality")
              .addTag("sensor_id", "S-3")
              .addField("pm25", 12.25)
              .addField("humidity", 61L)
              .time(t, WritePrecision.NS));
      write.writeRecord(
          WritePrecision.S,
          "air_quality,sensor_id=S-3 temperature=29.5 " + (t.getEpochSecond() + 1));
    }

    assertThat(stored("S-3"))
        .filteredOn(r -> r.time().equals(t))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.value(Field.PM25)).isEqualTo(12.25);
              assertThat(r.value(Field.HUMIDITY)).isEqualTo(61);
            });
    assertThat(stored("S-3"))
        .anyMatch(r -> r.time().equals(t.plusSeconds(1)) && r.value(Field.TEMPERATURE) == 29.5);
  }

  @Test
  void the_registry_answers_from_its_cache_for_10_s_then_reads_again() throws SQLException {
    var millis = new java.util.concurrent.atomic.AtomicLong(1_000_000);
    var registry =
        new SensorRegistry(new RegistryLookup(api.platform().database().sql()), millis::get);
    assertThat(registry.cached("S-3", registry.now())).isNull();
    assertThat(registry.lookup(List.of("S-3", "NOT-THERE")).get("S-3"))
        .hasValueSatisfying(sensor -> assertThat(sensor.status()).isEqualTo("active"));
    assertThat(registry.cached("NOT-THERE", registry.now())).isEmpty();
    try (var connection = api.platform().database().dataSource().getConnection();
        var statement = connection.createStatement()) {
      // A change this registry is not told of, as made by another instance of the platform.
      statement.execute("UPDATE sensors SET status = 'maintenance' WHERE id = 'S-3'");
      millis.addAndGet(SensorRegistry.FRESH_MILLIS - 1);
      assertThat(registry.cached("S-3", registry.now()))
          .hasValueSatisfying(sensor -> assertThat(sensor.status()).isEqualTo("active"));
      millis.addAndGet(1);
      assertThat(registry.cached("S-3", registry.now())).isNull();
      assertThat(registry.lookup(List.of("S-3")).get("S-3"))
          .hasValueSatisfying(sensor -> assertThat(sensor.status()).isEqualTo("maintenance"));
      assertThat(registry.cached("S-3", registry.now()))
          .hasValueSatisfying(sensor -> assertThat(sensor.status()).isEqualTo("maintenance"));
    } finally {
      try (var connection = api.platform().database().dataSource().getConnection();
          var statement = connection.createStatement()) {
        statement.execute("UPDATE sensors SET status = 'active' WHERE id = 'S-3'");
      }
    }
  }

  @Test
  void unknown_sensors_can_be_registered_as_pending_instead_of_refused() throws Exception {
    try (var open = ApiServer.start("memory", Map.of("AQMRG_UNKNOWN_SENSORS", "pending"))) {
      String secret =
          open.platform()
              .web()
              .tokens()
              .create(null, "g", List.of("write:readings"), List.of(), null)
              .secret();
      var response =
          open.send(
              "POST",
              "/api/v2/write?bucket=sensor_data",
              "air_quality,sensor_id=NEW-1,manufacturer=AirGradient pm25=7",
              "Authorization",
              "Token " + secret);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
      try (var connection = open.platform().database().dataSource().getConnection();
          var rows =
              connection
                  .createStatement()
                  .executeQuery("SELECT status, manufacturer FROM sensors WHERE id = 'NEW-1'")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("pending");
        assertThat(rows.getString(2)).isEqualTo("AirGradient");
      }
    }
  }
}
