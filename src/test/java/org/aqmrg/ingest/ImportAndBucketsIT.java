package org.aqmrg.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.Cli;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./aqmrg import} and {@code ./aqmrg buckets} as an operator runs them. */
class ImportAndBucketsIT {
  @TempDir Path dir;
  private final java.util.List<String> influxDatabases = new java.util.ArrayList<>();

  @org.junit.jupiter.api.AfterEach
  void dropInfluxDatabases() throws Exception {
    var http = java.net.http.HttpClient.newHttpClient();
    for (String database : influxDatabases) {
      var drop =
          java.net.http.HttpRequest.newBuilder(
                  java.net.URI.create(
                      TestServers.env("AQMRG_TEST_INFLUXDB_URL")
                          + "/query?q="
                          + java.net.URLEncoder.encode(
                              "DROP DATABASE \"" + database + "\"",
                              java.nio.charset.StandardCharsets.UTF_8)))
              .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
              .build();
      http.send(drop, java.net.http.HttpResponse.BodyHandlers.discarding());
    }
  }

  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  /** Settings for the platform on a new InfluxDB database, dropped after the test. */
  private Map<String, String> onNewInfluxDatabase(String prefix) {
    String database = prefix + UUID.randomUUID().toString().substring(0, 8);
    influxDatabases.add(database);
    return Map.of(
        "AQMRG_TIMESERIES",
        "influxdb",
        "INFLUXDB_URL",
        TestServers.env("AQMRG_TEST_INFLUXDB_URL"),
        "INFLUXDB_DATABASE",
        database);
  }

  /** Registers a sensor by {@code sensorInsert} and returns a write:readings token. */
  private static String writerFor(ApiServer api, String sensorInsert) throws SQLException {
    try (var connection = api.platform().database().dataSource().getConnection()) {
      connection.createStatement().execute(sensorInsert);
    }
    return api.platform()
        .web()
        .tokens()
        .create(null, "g", java.util.List.of("write:readings"), java.util.List.of(), null)
        .secret();
  }

  private Map<String, String> envWithSensors() throws SQLException {
    String database = TestServers.createDatabase("import");
    var env = new HashMap<>(TestServers.platformEnv(database));
    assertThat(Cli.run(env, "migrate").exit()).isZero();
    try (var connection = TestServers.connect(database);
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO sensors (id, name, status) VALUES ('IMP-1', 'one', 'active'),"
              + " ('IMP-2', 'two', 'active')");
    }
    return env;
  }

  private static long count(Map<String, String> env, String sql) throws SQLException {
    try (var connection = TestServers.connect(env.get("DATABASE_NAME"));
        var rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void a_line_protocol_file_is_imported_with_a_summary_of_what_was_refused() throws Exception {
    var env = envWithSensors();
    var lines = new StringBuilder("# exported from the old InfluxDB\n");
    for (int i = 0; i < 12_000; i++) {
      lines
          .append("air_quality,sensor_id=IMP-")
          .append(1 + i % 2)
          .append(" pm25=")
          .append(i % 300)
          .append(",pm10=")
          .append(i % 400)
          .append(' ')
          .append(now.minusSeconds(i).getEpochSecond())
          .append('\n');
    }
    lines.append("air_quality,sensor_id=IMP-1 pm25=-3 ").append(now.getEpochSecond()).append('\n');
    lines.append("air_quality,sensor_id=GHOST pm25=3 ").append(now.getEpochSecond()).append('\n');
    Path file = dir.resolve("history.lp");
    Files.writeString(file, lines);

    var result = Cli.run(env, "import", file.toString(), "--precision", "s", "--batch", "5000");

    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    assertThat(result.output())
        .contains("12,003 lines read, 12,000 readings written, 2 refused")
        .contains("line 12002, column 34: field 'pm25' = -3 is outside 0 to 1000")
        .contains("line 12003, column 23: sensor 'GHOST' is not registered")
        .contains("import: 100%");
    assertThat(count(env, "SELECT count(*) FROM sensor_data")).isEqualTo(12_000);

    var again = Cli.run(env, "import", file.toString(), "--precision", "s");
    assertThat(again.output()).contains("12,000 readings written");
    assertThat(count(env, "SELECT count(*) FROM sensor_data"))
        .as("a second import doubles nothing")
        .isEqualTo(12_000);
  }

  @Test
  void a_csv_file_is_imported_and_a_bad_row_is_named_by_its_line() throws Exception {
    var env = envWithSensors();
    Path file = dir.resolve("export.csv");
    Files.writeString(
        file,
        "time,sensor_id,pm25,humidity\n"
            + now.minusSeconds(60)
            + ",IMP-1,12.5,80\n"
            + now.minusSeconds(50)
            + ",IMP-2,,81\n"
            + "last tuesday,IMP-2,3,3\n"
            + now.minusSeconds(40)
            + ",IMP-2,7,\n");

    var result = Cli.run(env, "import", file.toString());

    assertThat(result.exit()).as(result.output()).isEqualTo(1);
    assertThat(result.output())
        .contains("5 lines read, 3 readings written, 1 refused")
        .contains("line 4: column time: 'last tuesday' is not an ISO-8601 UTC time");
    assertThat(count(env, "SELECT count(*) FROM sensor_data WHERE humidity IS NOT NULL"))
        .isEqualTo(2);
  }

  @Test
  void bad_import_arguments_are_refused_with_what_to_do() throws Exception {
    var env = envWithSensors();
    Path csv = dir.resolve("bad.csv");
    Files.writeString(csv, "when,who,pm25\n1,2,3\n");

    var missing = Cli.run(env, "import", dir.resolve("nope.lp").toString());
    var header = Cli.run(env, "import", csv.toString());
    var precision = Cli.run(env, "import", csv.toString(), "--precision", "weeks");

    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.output()).contains("cannot read file");
    assertThat(header.exit()).isEqualTo(1);
    assertThat(header.output()).contains("the CSV header must name the columns time and sensor_id");
    assertThat(precision.exit()).isEqualTo(2);
    assertThat(precision.output()).contains("--precision must be ns, us, ms or s");
  }

  @Test
  void buckets_are_created_and_listed_on_postgresql() throws Exception {
    var env = envWithSensors();

    var created = Cli.run(env, "buckets", "create");
    var listed = Cli.run(env, "buckets", "list");

    assertThat(created.exit()).as(created.output()).isZero();
    assertThat(listed.output())
        .containsPattern("sensor_data +30d")
        .containsPattern("sensor_data_hourly +730d")
        .containsPattern("sensor_data_daily +infinite")
        .containsPattern("predictions +365d");
  }

  @Test
  void buckets_are_created_twice_on_influxdb_as_retention_policies() {
    var env = new HashMap<>(TestServers.platformEnv(TestServers.createDatabase("buckets_influx")));
    String database = "aqmrg_buckets_" + UUID.randomUUID().toString().substring(0, 8);
    influxDatabases.add(database);
    env.put("INFLUXDB_URL", TestServers.env("AQMRG_TEST_INFLUXDB_URL"));
    env.put("INFLUXDB_DATABASE", database);

    var first = Cli.run(env, "buckets", "create");
    var second = Cli.run(env, "buckets", "create");

    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(second.output())
        .contains("InfluxDB at")
        .containsPattern("sensor_data +30d")
        .containsPattern("sensor_data_daily +infinite");
  }

  /**
   * Plain decimals go on to InfluxDB as the device sent them (Point.plainFieldSet); this checks
   * that InfluxDB reads every such text as the platform's parser did, over many random values, and
   * that the lines written anew (integers, exponents) land as well.
   */
  @Test
  void on_influxdb_fields_passed_on_as_sent_read_back_as_the_platform_parsed_them()
      throws Exception {
    var extra = onNewInfluxDatabase("aqmrg_plain_");
    try (var api = ApiServer.start("memory", extra)) {
      String token =
          writerFor(api, "INSERT INTO sensors (id, name, location_id) VALUES ('INF-P', 'p', NULL)");
      var random = new java.util.Random(20261125);
      long first = now.minusSeconds(3_600).getEpochSecond() * 1_000_000_000L;
      var expected = new java.util.TreeMap<Long, double[]>();
      var body = new StringBuilder();
      for (int i = 0; i < 2_000; i++) {
        String pm25 = random.nextInt(1_000) + "." + digits(random, 1 + random.nextInt(16));
        String temperature =
            (random.nextBoolean() ? "-" : "") + random.nextInt(40) + "." + digits(random, 2);
        String humidity = i % 10 == 0 ? random.nextInt(101) + "i" : "" + random.nextInt(101);
        String co = i % 7 == 0 ? "2.5e-1" : "0." + digits(random, 3);
        long time = first + i * 1_000_000_000L;
        body.append("air_quality,sensor_id=INF-P pm25=")
            .append(pm25)
            .append(",temperature=")
            .append(temperature)
            .append(",humidity=")
            .append(humidity)
            .append(",co=")
            .append(co)
            .append(' ')
            .append(time)
            .append('\n');
        expected.put(
            time,
            new double[] {
              Double.parseDouble(pm25),
              Double.parseDouble(temperature),
              Double.parseDouble(humidity.replace("i", "")),
              Double.parseDouble(co)
            });
      }

      var response =
          api.send(
              "POST",
              "/api/v2/write?bucket=sensor_data",
              body.toString(),
              "Authorization",
              "Token " + token);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
      var stored = api.platform().readings().raw("INF-P", now.minusSeconds(7_200), now, 10_000);
      assertThat(stored).hasSize(expected.size());
      for (var reading : stored) {
        double[] values = expected.get(reading.timeNanos());
        assertThat(values).as("a point at %s", reading.time()).isNotNull();
        assertThat(reading.value(org.aqmrg.readings.Field.PM25)).isEqualTo(values[0]);
        assertThat(reading.value(org.aqmrg.readings.Field.TEMPERATURE)).isEqualTo(values[1]);
        assertThat(reading.value(org.aqmrg.readings.Field.HUMIDITY)).isEqualTo(values[2]);
        assertThat(reading.value(org.aqmrg.readings.Field.CO)).isEqualTo(values[3]);
      }
    }
  }

  private static String digits(java.util.Random random, int count) {
    var digits = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      digits.append((char) ('0' + random.nextInt(10)));
    }
    return digits.toString();
  }

  @Test
  void on_influxdb_a_write_is_stored_and_an_unreachable_influxdb_gives_503() throws Exception {
    var extra = onNewInfluxDatabase("aqmrg_ingest_");
    String database = extra.get("INFLUXDB_DATABASE");
    try (var api = ApiServer.start("memory", extra)) {
      String token = writerFor(api, "INSERT INTO sensors (id, name) VALUES ('INF-1', 'one')");
      long ns = now.minusSeconds(10).getEpochSecond() * 1_000_000_000L;

      var response =
          api.send(
              "POST",
              "/api/v2/write?bucket=sensor_data",
              "air_quality,sensor_id=INF-1 pm25=21.5 " + ns,
              "Authorization",
              "Token " + token);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
      assertThat(api.platform().readings().latest("INF-1"))
          .hasValueSatisfying(
              r -> assertThat(r.value(org.aqmrg.readings.Field.PM25)).isEqualTo(21.5));

      // Someone wrote pm10 as text straight into InfluxDB: it refuses the platform's floats.
      var direct =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(
                              TestServers.env("AQMRG_TEST_INFLUXDB_URL")
                                  + "/write?db="
                                  + database
                                  + "&rp=sensor_data"))
                      .POST(
                          java.net.http.HttpRequest.BodyPublishers.ofString(
                              "air_quality,sensor_id=OTHER pm10=\"text\" " + ns))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(direct.statusCode()).as(direct.body()).isEqualTo(204);

      var refused =
          api.send(
              "POST",
              "/api/v2/write?bucket=sensor_data",
              "air_quality,sensor_id=INF-1 pm10=5 " + ns,
              "Authorization",
              "Token " + token);

      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(500);
      assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
      assertThat(refused.body())
          .contains("store_refused")
          .contains("sending it again will not help")
          .doesNotContain("field type conflict"); // InfluxDB's answer goes to the log only
    }

    var down = new HashMap<>(extra);
    down.put("INFLUXDB_URL", "http://127.0.0.1:" + TestServers.freePort());
    try (var api = ApiServer.start("memory", down)) {
      String token = writerFor(api, "INSERT INTO sensors (id, name) VALUES ('INF-1', 'one')");

      var response =
          api.send(
              "POST",
              "/api/v2/write?bucket=sensor_data",
              "air_quality,sensor_id=INF-1 pm25=1",
              "Authorization",
              "Token " + token);

      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).contains("5");
      assertThat(response.body()).contains("nothing of this request was stored");
    }
  }
}
