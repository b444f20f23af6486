package org.aqmrg.readings.influx;

import static org.aqmrg.readings.influx.FakeInfluxV2.ORG_ID;
import static org.aqmrg.readings.influx.FakeInfluxV2.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.aqmrg.config.Secret;
import org.aqmrg.config.Settings;
import org.aqmrg.readings.influx.FakeInflux.Request;
import org.junit.jupiter.api.Test;

/**
 * Bucket setup on InfluxDB 2.x, against {@link FakeInfluxV2} (no 2.x server can run here): the
 * exact v2 API requests, and that a second run changes nothing.
 */
class InfluxV2BucketsIT {
  private static final ObjectMapper json = new ObjectMapper();

  private static InfluxReadingStore store(FakeInflux fake, String org) {
    return new InfluxReadingStore(
        new Settings.Influx(
            Optional.of(fake.url()), Secret.of(TOKEN), org, "aqmrg", "", Secret.of("")));
  }

  private static String id(long n) {
    return String.format("%016x", 0x0b00000000000000L + n);
  }

  /** {@code METHOD /path?decoded query {json body}}, checking every request carried the token. */
  private static List<String> described(List<Request> requests) {
    assertThat(requests).allSatisfy(r -> assertThat(r.authorization()).contains("Token " + TOKEN));
    return requests.stream().map(InfluxV2BucketsIT::describe).toList();
  }

  private static String describe(Request request) {
    String query =
        request.query().entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining("&"));
    String body;
    try {
      body = request.body().isEmpty() ? "" : " " + json.readTree(request.body());
    } catch (JsonProcessingException e) {
      body = " " + request.body();
    }
    return request.method() + " " + request.path() + (query.isEmpty() ? "" : "?" + query) + body;
  }

  private static String createBucket(String name, String rules) {
    return "POST /api/v2/buckets {\"orgID\":\""
        + ORG_ID
        + "\",\"name\":\""
        + name
        + "\",\"retentionRules\":"
        + rules
        + "}";
  }

  private static String createMapping(long bucket, String rp, boolean isDefault) {
    return "POST /api/v2/dbrps {\"orgID\":\""
        + ORG_ID
        + "\",\"bucketID\":\""
        + id(bucket)
        + "\",\"database\":\"aqmrg\",\"retention_policy\":\""
        + rp
        + "\",\"default\":"
        + isDefault
        + "}";
  }

  private static String findBucket(String name) {
    return "GET /api/v2/buckets?name=" + name + "&orgID=" + ORG_ID;
  }

  private static String findMapping(String rp) {
    return "GET /api/v2/dbrps?orgID=" + ORG_ID + "&db=aqmrg&rp=" + rp;
  }

  private static String expire(long seconds) {
    return "[{\"type\":\"expire\",\"everySeconds\":" + seconds + "}]";
  }

  @Test
  void the_first_run_creates_four_buckets_and_their_dbrp_mappings() {
    var influx = new FakeInfluxV2();
    try (var fake = new FakeInflux(influx);
        var store = store(fake, "aqmrg")) {
      var buckets = store.createBuckets();

      assertThat(described(fake.requests()))
          .containsExactly(
              "GET /ping",
              "GET /api/v2/orgs?org=aqmrg",
              findBucket("sensor_data"),
              createBucket("sensor_data", expire(2_592_000)),
              findMapping("sensor_data"),
              createMapping(1, "sensor_data", true),
              findBucket("sensor_data_hourly"),
              createBucket("sensor_data_hourly", expire(63_072_000)),
              findMapping("sensor_data_hourly"),
              createMapping(3, "sensor_data_hourly", false),
              findBucket("sensor_data_daily"),
              createBucket("sensor_data_daily", "[]"),
              findMapping("sensor_data_daily"),
              createMapping(5, "sensor_data_daily", false),
              findBucket("predictions"),
              createBucket("predictions", expire(31_536_000)),
              findMapping("predictions"),
              createMapping(7, "predictions", false),
              "GET /api/v2/orgs?org=aqmrg",
              findBucket("sensor_data"),
              findBucket("sensor_data_hourly"),
              findBucket("sensor_data_daily"),
              findBucket("predictions"));
      assertThat(buckets)
          .extracting(b -> b.name() + " " + b.retention() + " " + b.size())
          .containsExactly(
              "sensor_data 30d unknown",
              "sensor_data_hourly 730d unknown",
              "sensor_data_daily infinite unknown",
              "predictions 365d unknown");
    }
  }

  @Test
  void a_second_run_only_looks() {
    var influx = new FakeInfluxV2();
    try (var fake = new FakeInflux(influx);
        var store = store(fake, "aqmrg")) {
      store.createBuckets();
      int first = fake.requests().size();

      store.createBuckets();

      var second = described(fake.requests().subList(first, fake.requests().size()));
      assertThat(second).allSatisfy(r -> assertThat(r).startsWith("GET "));
      assertThat(second)
          .containsSubsequence(
              findBucket("sensor_data"),
              findMapping("sensor_data"),
              findBucket("predictions"),
              findMapping("predictions"));
      assertThat(influx.buckets).hasSize(4);
      assertThat(influx.dbrps).hasSize(4);
    }
  }

  @Test
  void a_bucket_with_another_retention_is_changed_and_sensor_data_mapped_as_default() {
    var influx = new FakeInfluxV2();
    var raw = influx.addBucket("sensor_data", 7 * 86_400);
    String rawId = raw.get("id").asText();
    var mapping = influx.addDbrp(rawId, "aqmrg", "sensor_data", false, false);
    influx.addDbrp(rawId, "aqmrg", "sensor_data_hourly", false, true); // virtual: ignored
    try (var fake = new FakeInflux(influx);
        var store = store(fake, "aqmrg")) {
      store.createBuckets();

      assertThat(described(fake.requests()))
          .filteredOn(r -> !r.startsWith("GET "))
          .startsWith(
              "PATCH /api/v2/buckets/" + rawId + " {\"retentionRules\":" + expire(2_592_000) + "}",
              "PATCH /api/v2/dbrps/"
                  + mapping.get("id").asText()
                  + "?orgID="
                  + ORG_ID
                  + " {\"default\":true}")
          .contains(createMapping(4, "sensor_data_hourly", false));
      assertThat(mapping.get("default").asBoolean()).isTrue();
    }
  }

  @Test
  void a_bucket_another_instance_created_meanwhile_is_used() {
    var influx = new FakeInfluxV2();
    influx.createdBehindOurBack.add("predictions");
    try (var fake = new FakeInflux(influx);
        var store = store(fake, "aqmrg")) {
      store.createBuckets();

      assertThat(influx.buckets).hasSize(4);
      assertThat(influx.dbrps.values())
          .anySatisfy(
              m ->
                  assertThat(m.get("bucketID").asText())
                      .isEqualTo(influx.buckets.get("predictions").get("id").asText()));
    }
  }

  @Test
  void a_mapping_to_another_bucket_is_reported_not_overwritten() {
    var influx = new FakeInfluxV2();
    influx.addDbrp("0c00000000000001", "aqmrg", "sensor_data", true, false);
    try (var fake = new FakeInflux(influx);
        var store = store(fake, "aqmrg")) {
      assertThatThrownBy(store::createBuckets)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("retention policy sensor_data to bucket 0c00000000000001");
    }
  }

  @Test
  void an_unknown_organisation_is_named() {
    try (var fake = new FakeInflux(new FakeInfluxV2());
        var store = store(fake, "nobody")) {
      assertThatThrownBy(store::createBuckets)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("no organisation 'nobody' (INFLUXDB_ORG)");
    }
  }

  @Test
  void without_a_token_the_v2_api_is_not_tried() {
    try (var fake = new FakeInflux(new FakeInfluxV2());
        var store = new InfluxReadingStore(fake.settings("", "admin", "password"))) {
      assertThatThrownBy(store::createBuckets)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("INFLUXDB_TOKEN");
      assertThat(fake.requests()).extracting(Request::path).containsExactly("/ping");
    }
  }
}
