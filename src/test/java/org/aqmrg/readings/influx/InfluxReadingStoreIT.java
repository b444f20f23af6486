package org.aqmrg.readings.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.aqmrg.config.Secret;
import org.aqmrg.config.Settings;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.ReadingStoreContract;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on the test InfluxDB 1.6.7, in a database of its own that is dropped at the end,
 * plus what only a real InfluxDB shows: the retention policies it ends up with, and its own reasons
 * for refusing a write.
 */
class InfluxReadingStoreIT extends ReadingStoreContract {
  private static final String DATABASE = database();
  private static final Set<String> databases = ConcurrentHashMap.newKeySet();
  private static final HttpClient client = HttpClient.newHttpClient();
  private static final ObjectMapper json = new ObjectMapper();

  private static String database() {
    return "aqmrg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static String url() {
    return TestServers.env("AQMRG_TEST_INFLUXDB_URL");
  }

  static Settings.Influx settings(String database) {
    databases.add(database);
    return new Settings.Influx(
        Optional.of(url()), Secret.of(""), "aqmrg", database, "", Secret.of(""));
  }

  @Override
  protected ReadingStore newStore() {
    return new InfluxReadingStore(settings(DATABASE));
  }

  @AfterAll
  static void dropDatabases() {
    for (String database : databases) {
      influxQl("DROP DATABASE " + InfluxQl.identifier(database), null);
    }
  }

  /** Sends one statement straight to the test server, past the store. */
  private static JsonNode influxQl(String statement, String database) {
    String form =
        "q="
            + URLEncoder.encode(statement, StandardCharsets.UTF_8)
            + (database == null
                ? ""
                : "&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8));
    var request =
        HttpRequest.newBuilder(URI.create(url() + "/query"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    try {
      var answer = json.readTree(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
      assertThat(answer.path("results").path(0).path("error").isMissingNode())
          .as("%s answered %s", statement, answer)
          .isTrue();
      return answer.path("results").path(0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void writeLine(String database, String line) {
    var request =
        HttpRequest.newBuilder(
                URI.create(url() + "/write?db=" + database + "&rp=sensor_data&precision=ns"))
            .POST(HttpRequest.BodyPublishers.ofString(line))
            .build();
    try {
      assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(204);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code name duration shardGroupDuration default} per retention policy. */
  private static List<String> retentionPolicies(String database) {
    var policies = new ArrayList<String>();
    JsonNode series =
        influxQl("SHOW RETENTION POLICIES ON " + InfluxQl.identifier(database), null)
            .path("series")
            .path(0);
    for (JsonNode row : series.path("values")) {
      policies.add(
          row.path(0).asText()
              + " "
              + row.path(1).asText()
              + " "
              + row.path(2).asText()
              + " "
              + row.path(4).asBoolean());
    }
    return policies;
  }

  private static long nanos(Instant time) {
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }

  @Test
  void creating_the_buckets_twice_leaves_the_four_policies_with_sensor_data_the_default() {
    store.createBuckets();
    store.createBuckets();

    assertThat(retentionPolicies(DATABASE))
        .containsExactlyInAnyOrder(
            "autogen 0s 168h0m0s false",
            "sensor_data 720h0m0s 24h0m0s true",
            "sensor_data_hourly 17520h0m0s 168h0m0s false",
            "sensor_data_daily 0s 720h0m0s false",
            "predictions 8760h0m0s 168h0m0s false");
  }

  @Test
  void a_policy_that_exists_with_another_duration_is_altered() {
    String database = database();
    settings(database);
    influxQl("CREATE DATABASE " + InfluxQl.identifier(database), null);
    influxQl(
        "CREATE RETENTION POLICY \"sensor_data_hourly\" ON "
            + InfluxQl.identifier(database)
            + " DURATION 2d REPLICATION 1 DEFAULT",
        null);

    try (var other = new InfluxReadingStore(settings(database))) {
      assertThat(other.createBuckets())
          .extracting(b -> b.name() + " " + b.retention())
          .containsExactly(
              "sensor_data 30d",
              "sensor_data_hourly 730d",
              "sensor_data_daily infinite",
              "predictions 365d");
    }
    assertThat(retentionPolicies(database))
        .contains(
            "sensor_data 720h0m0s 24h0m0s true", "sensor_data_hourly 17520h0m0s 168h0m0s false");
  }

  @Test
  void bucket_sizes_are_the_disk_space_of_their_shards() {
    store.write(
        List.of(
            Reading.builder("size-" + UUID.randomUUID(), nanos(Instant.now()))
                .set(Field.PM25, 3)
                .build()));

    var sizes = store.buckets();

    assertThat(sizes).allSatisfy(b -> assertThat(b.size()).matches("\\d+ (bytes|kB|MB)"));
    assertThat(sizes.get(0).size()).isNotEqualTo("0 bytes");
  }

  @Test
  void description_names_the_server_and_the_database() {
    assertThat(store.description())
        .isEqualTo("InfluxDB at " + url() + " (database " + DATABASE + ")");
  }

  @Test
  void a_write_influxdb_refuses_carries_its_reason() {
    String database = database();
    Instant time = Instant.now().minus(Duration.ofMinutes(5));
    try (var other = new InfluxReadingStore(settings(database))) {
      other.createBuckets();
      writeLine(database, "air_quality,sensor_id=typed pm25=\"text\" " + nanos(time));

      assertThatThrownBy(
              () ->
                  other.write(
                      List.of(Reading.builder("typed", nanos(time)).set(Field.PM25, 1).build())))
          .isInstanceOf(org.aqmrg.error.StoreRefusedException.class)
          .hasMessageContaining("HTTP 400")
          .hasMessageContaining("field type conflict")
          .cause()
          .isInstanceOf(InfluxResponseException.class);
    }
  }

  @Test
  void readings_older_than_the_raw_retention_are_refused_with_influxdbs_reason() {
    var old =
        Reading.builder("old", nanos(Instant.now().minus(Duration.ofDays(40))))
            .set(Field.PM25, 1)
            .build();

    assertThatThrownBy(() -> store.write(List.of(old)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("points beyond retention policy dropped=1");
  }

  @Test
  void a_tag_with_a_newline_is_refused_naming_the_sensor_and_nothing_is_stored() {
    String sensor = "nl-" + UUID.randomUUID();
    var good = Reading.builder(sensor, nanos(Instant.now())).set(Field.PM25, 1).build();
    var bad =
        Reading.builder(sensor, nanos(Instant.now()) + 1)
            .location("a\nb")
            .set(Field.PM25, 2)
            .build();

    assertThatThrownBy(() -> store.write(List.of(good, bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(sensor);
    assertThat(store.latest(sensor)).isEmpty();
  }
}
