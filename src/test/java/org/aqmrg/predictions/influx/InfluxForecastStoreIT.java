package org.aqmrg.predictions.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.UUID;
import org.aqmrg.config.Secret;
import org.aqmrg.config.Settings;
import org.aqmrg.predictions.Forecast;
import org.aqmrg.predictions.ForecastQuery;
import org.aqmrg.predictions.ForecastStore;
import org.aqmrg.predictions.ForecastStoreContract;
import org.aqmrg.readings.SeedBucket;
import org.aqmrg.readings.influx.InfluxQl;
import org.aqmrg.readings.influx.InfluxReadingStore;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The contract on the test InfluxDB, in a database of its own that is dropped at the end. */
class InfluxForecastStoreIT extends ForecastStoreContract {
  private static final String DATABASE =
      "aqmrg_forecasts_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

  private static InfluxReadingStore readings;

  private static String url() {
    return TestServers.env("AQMRG_TEST_INFLUXDB_URL");
  }

  /** The readings store of the test database, whose buckets are created on first use. */
  private static synchronized InfluxReadingStore readings() {
    if (readings == null) {
      readings =
          new InfluxReadingStore(
              new Settings.Influx(
                  Optional.of(url()), Secret.of(""), "aqmrg", DATABASE, "", Secret.of("")));
      readings.createBuckets();
    }
    return readings;
  }

  @Override
  protected UUID newLocation() {
    return UUID.randomUUID();
  }

  @Override
  protected ForecastStore newStore() {
    return new InfluxForecastStore(readings());
  }

  @AfterAll
  static void dropDatabase() throws Exception {
    if (readings != null) {
      readings.close();
    }
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

  private static String measurement() {
    return InfluxQl.identifier(DATABASE)
        + "."
        + InfluxQl.identifier(SeedBucket.PREDICTIONS.bucket())
        + "."
        + InfluxQl.identifier(InfluxForecastStore.MEASUREMENT);
  }

  @Test
  void each_issue_is_a_point_while_the_series_are_as_many_as_the_lead_times() {
    UUID location = newLocation();
    Instant firstIssue = next.minus(Duration.ofHours(100)).minus(Duration.ofMinutes(5));
    var batch = new ArrayList<Forecast>();
    for (int issue = 0; issue < 100; issue++) {
      Instant issued = firstIssue.plus(Duration.ofHours(issue));
      Instant hour = next.minus(Duration.ofHours(100 - issue));
      for (int lead = 1; lead <= 24; lead++) {
        batch.add(
            new Forecast(
                location,
                "pm25",
                hour.plus(Duration.ofHours(lead)),
                issue + lead,
                null,
                null,
                null,
                "xgb",
                "2026.12.1",
                issued));
      }
    }

    store.write(batch);

    var result =
        readings()
            .http()
            .query(
                DATABASE,
                "SHOW SERIES FROM "
                    + measurement()
                    + " WHERE "
                    + InfluxQl.identifier("location_id")
                    + " = "
                    + InfluxQl.string(location.toString()));
    assertThat(result.path("series").path(0).path("values").size()).isEqualTo(24);
    assertThat(
            store.find(
                ForecastQuery.of(
                    location, next.minus(Duration.ofDays(5)), next.plus(Duration.ofDays(1))),
                5000))
        .hasSize(2400)
        .containsExactlyInAnyOrderElementsOf(batch);
  }

  @Test
  void names_with_the_characters_line_protocol_and_influxql_escape_read_back_and_filter() {
    UUID location = newLocation();
    String version = "v 1,=x\"y'z\\w";
    var odd =
        new Forecast(
            location,
            "pm25",
            next,
            0.1 + 0.2,
            null,
            1e-9,
            null,
            "x\"g,b =o\\ost",
            version,
            next.minusNanos(1_001));
    var plain = new Forecast(location, "pm25", next, 1, null, null, null, "m", "v1", next);

    store.write(List.of(odd, plain));

    var ofVersion =
        new ForecastQuery(
            Optional.of(location),
            Optional.empty(),
            Optional.empty(),
            Optional.of(version),
            next,
            next.plusSeconds(1));
    assertThat(store.find(ofVersion, 10)).containsExactly(odd);
    assertThat(store.find(ofVersion.withModel(Optional.of(odd.modelName())), 10))
        .containsExactly(odd);
    assertThat(store.find(ofVersion.withModel(Optional.of("m")), 10)).isEmpty();
  }

  @Test
  void a_model_version_no_tag_value_can_carry_refuses_the_batch_before_anything_is_sent() {
    UUID location = newLocation();
    var fine = new Forecast(location, "pm25", next, 1, null, null, null, "m", "v1", next);
    var bad = new Forecast(location, "pm25", next, 1, null, null, null, "m", "v1\\", next);

    assertThatThrownBy(() -> store.write(List.of(fine, bad)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ends with a backslash");
    assertThat(store.find(ForecastQuery.of(location, next, next.plusSeconds(1)), 10)).isEmpty();
  }

  @Test
  void lead_times_are_exact_seconds() {
    assertThat(InfluxForecastStore.leadSeconds(3_300_000_000_000L, 0)).isEqualTo("3300");
    assertThat(InfluxForecastStore.leadSeconds(0, 300_000_000_000L)).isEqualTo("-300");
    assertThat(InfluxForecastStore.leadSeconds(3_300_000_000_000L, 123_000))
        .isEqualTo("3299.999877");
    assertThat(InfluxForecastStore.leadSeconds(5, 5)).isEqualTo("0");
  }
}
