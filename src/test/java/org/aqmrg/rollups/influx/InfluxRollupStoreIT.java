package org.aqmrg.rollups.influx;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.aqmrg.config.Secret;
import org.aqmrg.config.Settings;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.influx.InfluxQl;
import org.aqmrg.readings.influx.InfluxReadingStore;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.rollups.RollupStoreContract;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The contract on the test InfluxDB, in a database of its own that is dropped at the end. */
class InfluxRollupStoreIT extends RollupStoreContract {
  private static final String DATABASE =
      "aqmrg_rollups_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private static String url() {
    return TestServers.env("AQMRG_TEST_INFLUXDB_URL");
  }

  @Override
  protected ReadingStore newReadingStore() {
    return new InfluxReadingStore(
        new Settings.Influx(
            Optional.of(url()), Secret.of(""), "aqmrg", DATABASE, "", Secret.of("")));
  }

  @Override
  protected RollupStore newRollupStore(ReadingStore readings) {
    return new InfluxRollupStore((InfluxReadingStore) readings);
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    String form =
        "q="
            + URLEncoder.encode(
                "DROP DATABASE " + InfluxQl.identifier(DATABASE), StandardCharsets.UTF_8);
    var request =
        HttpRequest.newBuilder(URI.create(url() + "/query"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    assertThat(
            HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.ofString())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void the_raw_readings_of_more_sensors_than_one_query_takes_are_aggregated_in_several() {
    Instant hour = base;
    var batch = new java.util.ArrayList<Reading>();
    var ids = new java.util.ArrayList<String>();
    for (int i = 0; i <= InfluxRollupStore.SENSORS_PER_QUERY; i++) {
      ids.add(sensor("many-" + i));
      batch.add(
          Reading.builder(ids.get(i), hour.getEpochSecond() * 1_000_000_000L)
              .set(Field.PM25, i)
              .build());
    }
    readings.write(batch);

    assertThat(store.aggregateRaw(ids, hour, hour.plusSeconds(3600)))
        .extracting(h -> h.sensorId() + " " + h.fields().get(Field.PM25).mean())
        .containsExactlyInAnyOrderElementsOf(
            ids.stream().map(id -> id + " " + (double) ids.indexOf(id)).toList());
  }

  @Test
  void retention_is_the_retention_policies_business_and_drops_nothing() {
    assertThat(store.enforceRetention(Instant.now())).isZero();
  }
}
