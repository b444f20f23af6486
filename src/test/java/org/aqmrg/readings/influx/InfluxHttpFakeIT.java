package org.aqmrg.readings.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.aqmrg.config.Secret;
import org.aqmrg.config.Settings;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore.Bucket;
import org.aqmrg.readings.influx.FakeInflux.Answer;
import org.aqmrg.readings.influx.FakeInflux.Request;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;

/**
 * What only a scripted server can show: retries and their limits, the exact bytes, headers and
 * InfluxQL sent, and how answers are read. (The real InfluxDB 1.6.7 is in {@link
 * InfluxReadingStoreIT}.)
 */
class InfluxHttpFakeIT {
  private static final Answer NO_CONTENT = Answer.of(204, "");
  private static final Reading READING =
      Reading.builder("LAG-IKJ-001", 1764072000000000000L)
          .location("Ikeja")
          .manufacturer("PurpleAir")
          .set(Field.PM25, 35.2)
          .set(Field.PM10, 45.8)
          .build();
  private static final String LINE =
      "air_quality,location=Ikeja,manufacturer=PurpleAir,sensor_id=LAG-IKJ-001"
          + " pm25=35.2,pm10=45.8 1764072000000000000\n";

  private static InfluxReadingStore store(FakeInflux fake) {
    return new InfluxReadingStore(fake.settings("", "", ""));
  }

  private static InfluxReadingStore store(FakeInflux fake, Settings.Gzip gzip) {
    var settings = fake.settings("", "", "");
    return new InfluxReadingStore(
        new Settings.Influx(
            settings.url(),
            settings.token(),
            settings.org(),
            settings.database(),
            settings.username(),
            settings.password(),
            gzip));
  }

  @Test
  void two_503s_then_204_send_the_same_body_three_times_and_the_write_succeeds() {
    var calls = new AtomicInteger();
    try (var fake =
            new FakeInflux(
                request ->
                    calls.incrementAndGet() <= 2
                        ? Answer.of(503, "{\"error\":\"overloaded\"}")
                        : NO_CONTENT);
        var store = store(fake)) {
      long started = System.nanoTime();

      store.write(List.of(READING));

      assertThat(fake.requests("/write")).hasSize(3).extracting(Request::body).containsOnly(LINE);
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("backs off 100 ms, then 400 ms")
          .isGreaterThanOrEqualTo(Duration.ofMillis(500));
    }
  }

  @Test
  void a_server_that_always_answers_500_fails_the_write_within_a_bounded_time() {
    try (var fake = new FakeInflux(request -> Answer.of(500, "{\"error\":\"engine: disk full\"}"));
        var store = store(fake)) {
      long started = System.nanoTime();

      assertThatThrownBy(() -> store.write(List.of(READING)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("HTTP 500")
          .hasMessageContaining("engine: disk full")
          .hasMessageContaining("3 of 3 tries");

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
      assertThat(fake.requests("/write")).hasSize(3);
    }
  }

  @Test
  void a_400_is_not_retried_and_carries_influxdbs_error_text() {
    String error =
        "partial write: field type conflict: input field \\\"pm25\\\" on measurement"
            + " \\\"air_quality\\\" is type float, already exists as type string dropped=1";
    try (var fake = new FakeInflux(request -> Answer.of(400, "{\"error\":\"" + error + "\"}"));
        var store = store(fake)) {
      assertThatThrownBy(() -> store.write(List.of(READING)))
          .isInstanceOf(org.aqmrg.error.StoreRefusedException.class)
          .hasMessageContaining("HTTP 400")
          .hasMessageContaining("partial write: field type conflict: input field \"pm25\"")
          .cause()
          .isInstanceOfSatisfying(
              InfluxResponseException.class,
              refused -> assertThat(refused.status()).isEqualTo(400));
      assertThat(fake.requests("/write")).hasSize(1);
    }
  }

  @Test
  void a_server_that_does_not_answer_in_time_is_asked_again() {
    var calls = new AtomicInteger();
    var answerFirst = new java.util.concurrent.CountDownLatch(1);
    var timing =
        new InfluxHttp.Timing(
            3, Duration.ofMillis(10), Duration.ofMillis(300), Duration.ofSeconds(5));
    try (var fake =
            new FakeInflux(
                request -> {
                  if (calls.incrementAndGet() == 1) {
                    // the first request is answered only after the test is over
                    answerFirst.await(10, java.util.concurrent.TimeUnit.SECONDS);
                  }
                  return NO_CONTENT;
                });
        var store = new InfluxReadingStore(fake.settings("", "", ""), timing)) {
      store.write(List.of(READING));

      assertThat(fake.requests("/write")).hasSize(2);
    } finally {
      answerFirst.countDown();
    }
  }

  @Test
  void an_unreachable_server_fails_the_write_within_a_bounded_time() {
    String url = "http://127.0.0.1:" + TestServers.freePort();
    var settings =
        new Settings.Influx(Optional.of(url), Secret.of(""), "aqmrg", "aqmrg", "", Secret.of(""));
    try (var store = new InfluxReadingStore(settings)) {
      long started = System.nanoTime();

      assertThatThrownBy(() -> store.write(List.of(READING)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining(url)
          .hasMessageContaining("connection refused");

      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void bodies_are_gzip_compressed_line_protocol_with_nanosecond_precision_into_sensor_data() {
    try (var fake = new FakeInflux(request -> NO_CONTENT);
        var store = store(fake, Settings.Gzip.ON)) {
      store.write(List.of(READING));

      var write = fake.requests("/write").get(0);
      assertThat(write.method()).isEqualTo("POST");
      assertThat(write.contentEncoding()).contains("gzip");
      assertThat(write.query())
          .containsExactly(
              Map.entry("db", "aqmrg"),
              Map.entry("rp", "sensor_data"),
              Map.entry("precision", "ns"));
      assertThat(write.body()).isEqualTo(LINE);
    }
  }

  @Test
  void on_loopback_bodies_go_out_plain_by_default() {
    try (var fake = new FakeInflux(request -> NO_CONTENT);
        var store = store(fake)) {
      store.write(List.of(READING));

      var write = fake.requests("/write").get(0);
      assertThat(write.contentEncoding()).isEmpty();
      assertThat(write.body()).isEqualTo(LINE);
    }
    assertThat(
            InfluxHttp.compressWrites(influx("http://influx.example.org:8086", Settings.Gzip.AUTO)))
        .isTrue();
    assertThat(InfluxHttp.compressWrites(influx("http://[::1]:8086", Settings.Gzip.AUTO)))
        .isFalse();
    assertThat(InfluxHttp.compressWrites(influx("http://localhost:8086", Settings.Gzip.ON)))
        .isTrue();
    assertThat(InfluxHttp.compressWrites(influx("http://10.0.0.5:8086", Settings.Gzip.OFF)))
        .isFalse();
  }

  @Test
  void a_large_batch_goes_out_in_requests_of_at_most_5000_lines_holding_every_reading_once() {
    var readings = new ArrayList<Reading>();
    for (int i = 0; i < 12_001; i++) {
      readings.add(Reading.builder("s", i).set(Field.PM25, i).build());
    }
    try (var fake = new FakeInflux(request -> NO_CONTENT);
        var store = store(fake)) {
      store.write(readings);

      var writes = fake.requests("/write");
      assertThat(writes)
          .allSatisfy(w -> assertThat(w.body().lines().count()).isLessThanOrEqualTo(5000));
      var sent = writes.stream().flatMap(w -> w.body().lines()).sorted().toList();
      var expected =
          readings.stream()
              .map(r -> "air_quality,sensor_id=s pm25=" + r.value(Field.PM25) + " " + r.timeNanos())
              .sorted()
              .toList();
      assertThat(sent).isEqualTo(expected);
    }
  }

  @Test
  void a_batch_of_15000_goes_out_as_three_requests_of_5000_in_order() throws Exception {
    var readings = new ArrayList<Reading>();
    for (int i = 0; i < 15_000; i++) {
      readings.add(Reading.builder("s", i).set(Field.PM25, i).build());
    }
    try (var fake = new FakeInflux(request -> NO_CONTENT);
        var store = store(fake)) {
      store.write(readings);

      var requests = fake.requests("/write");
      assertThat(requests).hasSize(3);
      for (int part = 0; part < 3; part++) {
        var lines = requests.get(part).body().lines().toList();
        assertThat(lines).hasSize(5_000);
        assertThat(lines.get(0)).endsWith(" " + part * 5_000);
      }
    }
  }

  @Test
  void when_one_of_the_requests_fails_the_write_fails_and_the_rest_is_not_sent() {
    var readings = new ArrayList<Reading>();
    for (int i = 0; i < 20_000; i++) {
      readings.add(Reading.builder("s", i).set(Field.PM25, i).build());
    }
    var calls = new AtomicInteger();
    try (var fake =
            new FakeInflux(
                request ->
                    calls.incrementAndGet() == 2
                        ? Answer.of(400, "{\"error\":\"partial write: field type conflict\"}")
                        : NO_CONTENT);
        var store = store(fake)) {
      assertThatThrownBy(() -> store.write(readings))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("field type conflict");
      assertThat(fake.requests("/write")).hasSize(2);
    }
  }

  private static Settings.Influx influx(String url, Settings.Gzip gzip) {
    return new Settings.Influx(
        Optional.of(url), Secret.of(""), "aqmrg", "aqmrg", "", Secret.of(""), gzip);
  }

  @Test
  void a_refused_reading_stops_the_batch_before_anything_is_sent() {
    var bad = Reading.builder("LAG-9", 1).manufacturer("Purple\nAir").set(Field.PM25, 1).build();
    try (var fake = new FakeInflux(request -> NO_CONTENT);
        var store = store(fake)) {
      assertThatThrownBy(() -> store.write(List.of(READING, bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("sensor 'LAG-9'");
      assertThat(fake.requests()).isEmpty();
    }
  }

  @Test
  void a_token_is_sent_as_authorization_token() {
    try (var fake = new FakeInflux(request -> NO_CONTENT);
        var store = new InfluxReadingStore(fake.settings("s3cr3t-token", "ignored", "ignored"))) {
      store.write(List.of(READING));

      assertThat(fake.requests("/write").get(0).authorization()).contains("Token s3cr3t-token");
    }
  }

  @Test
  void a_user_and_password_are_sent_as_basic_auth_and_never_in_the_url() {
    try (var fake = new FakeInflux(request -> NO_CONTENT);
        var store = new InfluxReadingStore(fake.settings("", "writer", "pa:ss word"))) {
      store.write(List.of(READING));

      var write = fake.requests("/write").get(0);
      String expected =
          Base64.getEncoder().encodeToString("writer:pa:ss word".getBytes(StandardCharsets.UTF_8));
      assertThat(write.authorization()).contains("Basic " + expected);
      assertThat(write.rawQuery()).doesNotContain("writer").doesNotContain("pa");
    }
  }

  @Test
  void without_credentials_no_authorization_is_sent() {
    try (var fake = new FakeInflux(request -> NO_CONTENT);
        var store = store(fake)) {
      store.write(List.of(READING));

      assertThat(fake.requests("/write").get(0).authorization()).isEmpty();
    }
  }

  @Test
  void latest_posts_a_quoted_query_and_merges_the_sensors_series() {
    String hostile = "x'; DROP --\" \\";
    String answer =
        """
        {"results":[{"statement_id":0,"series":[
          {"name":"air_quality","tags":{"location":"Ikeja","manufacturer":"","sensor_id":"x"},
           "columns":["time","pm25","pm10"],"values":[[200,1.5,null]]},
          {"name":"air_quality","tags":{"location":"Yaba","manufacturer":"","sensor_id":"x"},
           "columns":["time","pm25","pm10"],"values":[[100,9,9]]}]}]}
        """;
    try (var fake = new FakeInflux(request -> Answer.of(200, answer));
        var store = store(fake)) {
      var latest = store.latest(hostile);

      var query = fake.requests("/query").get(0);
      assertThat(query.method()).isEqualTo("POST");
      assertThat(query.form())
          .containsExactly(
              Map.entry(
                  "q",
                  "SELECT * FROM \"aqmrg\".\"sensor_data\".\"air_quality\" WHERE \"sensor_id\" ="
                      + " 'x\\'; DROP --\" \\\\' GROUP BY * ORDER BY time DESC LIMIT 1"),
              Map.entry("db", "aqmrg"),
              Map.entry("epoch", "ns"));
      assertThat(latest)
          .contains(Reading.builder(hostile, 200).location("Ikeja").set(Field.PM25, 1.5).build());
    }
  }

  @Test
  void raw_asks_for_the_window_and_keeps_the_limit_over_all_series() {
    String answer =
        """
        {"results":[{"statement_id":0,"series":[
          {"name":"air_quality","tags":{"location":"A","sensor_id":"s"},
           "columns":["time","pm25"],"values":[[1,1],[3,3],[5,5]]},
          {"name":"air_quality","tags":{"location":"B","sensor_id":"s"},
           "columns":["time","pm25"],"values":[[2,2],[3,30],[4,4]]}]}]}
        """;
    try (var fake = new FakeInflux(request -> Answer.of(200, answer));
        var store = store(fake)) {
      var readings = store.raw("s", Instant.ofEpochSecond(0, 1), Instant.ofEpochSecond(0, 6), 3);

      assertThat(fake.requests("/query").get(0).form().get("q"))
          .endsWith(
              "WHERE \"sensor_id\" = 's' AND time >= 1 AND time < 6 GROUP BY * ORDER BY time ASC"
                  + " LIMIT 3");
      assertThat(readings)
          .extracting(r -> r.timeNanos() + " " + r.location() + " " + r.value(Field.PM25))
          .containsExactly("1 A 1.0", "2 B 2.0", "3 A 3.0");
    }
  }

  @Test
  void an_error_inside_a_query_answer_is_reported_with_its_text() {
    try (var fake =
            new FakeInflux(
                request ->
                    Answer.of(
                        200,
                        "{\"results\":[{\"statement_id\":0,\"error\":\"database not found:"
                            + " aqmrg\"}]}"));
        var store = store(fake)) {
      assertThatThrownBy(() -> store.latest("s"))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("database not found: aqmrg");
    }
  }

  @Test
  void on_servers_other_than_2x_buckets_are_made_with_influxql_and_a_wrong_duration_altered() {
    String policies =
        """
        {"results":[{"statement_id":0,"series":[{"columns":["name","duration","shardGroupDuration","replicaN","default"],
          "values":[["autogen","0s","168h0m0s",1,true],["sensor_data_hourly","24h0m0s","1h0m0s",1,false]]}]}]}
        """;
    try (var fake =
            new FakeInflux(
                request -> {
                  if (request.path().equals("/ping")) {
                    return new Answer(204, "", Map.of("X-Influxdb-Version", "3.0.1"));
                  }
                  String q = request.form().get("q");
                  if (q.startsWith("SHOW RETENTION POLICIES")) {
                    return Answer.of(200, policies);
                  }
                  if (q.startsWith("SHOW STATS")) {
                    return Answer.of(200, "{\"results\":[{\"error\":\"not supported\"}]}");
                  }
                  return Answer.of(200, "{\"results\":[{\"statement_id\":0}]}");
                });
        var store = store(fake)) {
      var buckets = store.createBuckets();

      assertThat(fake.requests("/query"))
          .extracting(r -> r.form().get("q"))
          .containsExactly(
              "CREATE DATABASE \"aqmrg\"",
              "SHOW RETENTION POLICIES ON \"aqmrg\"",
              "CREATE RETENTION POLICY \"sensor_data\" ON \"aqmrg\" DURATION 30d REPLICATION 1"
                  + " SHARD DURATION 1d DEFAULT",
              "ALTER RETENTION POLICY \"sensor_data_hourly\" ON \"aqmrg\" DURATION 730d"
                  + " SHARD DURATION 7d",
              "CREATE RETENTION POLICY \"sensor_data_daily\" ON \"aqmrg\" DURATION INF"
                  + " REPLICATION 1 SHARD DURATION 30d",
              "CREATE RETENTION POLICY \"predictions\" ON \"aqmrg\" DURATION 365d REPLICATION 1"
                  + " SHARD DURATION 7d",
              "SHOW RETENTION POLICIES ON \"aqmrg\"",
              "SHOW STATS FOR 'shard'");
      assertThat(buckets).containsExactly(new Bucket("sensor_data_hourly", "1d", "unknown"));
    }
  }

  @Test
  void description_names_the_server_and_database_and_no_secret() {
    try (var fake = new FakeInflux(request -> NO_CONTENT);
        var store = new InfluxReadingStore(fake.settings("s3cr3t-token", "", ""))) {
      assertThat(store.description()).isEqualTo("InfluxDB at " + fake.url() + " (database aqmrg)");
    }
  }
}
