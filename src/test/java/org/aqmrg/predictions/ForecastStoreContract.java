package org.aqmrg.predictions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ForecastStore} adapter does, run against real servers by one subclass per
 * adapter. Each test uses locations of its own, so tests never see each other's forecasts.
 */
public abstract class ForecastStoreContract {
  protected ForecastStore store;

  /** A location id that exists in the store's relational database (PostgreSQL checks it). */
  protected abstract UUID newLocation();

  protected abstract ForecastStore newStore();

  /** The start of the next UTC hour: forecasts are for the future. */
  protected final Instant next = Instant.now().truncatedTo(ChronoUnit.HOURS).plusSeconds(3600);

  private final Instant issued = next.minus(Duration.ofMinutes(5));

  @BeforeEach
  void openStore() {
    store = newStore();
  }

  private static Forecast forecast(
      UUID location, String pollutant, Instant target, double value, Instant issued) {
    return new Forecast(
        location, pollutant, target, value, value - 5, value + 5, 0.9, "xgb", "2026.12.1", issued);
  }

  private List<Forecast> all(UUID location) {
    return store.find(
        ForecastQuery.of(location, next.minus(Duration.ofDays(30)), next.plus(Duration.ofDays(30))),
        1000);
  }

  @Test
  void a_written_forecast_reads_back_with_every_field() {
    UUID location = newLocation();
    var forecast =
        new Forecast(
            location,
            "pm25",
            next,
            35.25,
            30.5,
            40.125,
            0.9,
            "xgb",
            "2026.12.1",
            issued.plusNanos(123_000));

    store.write(List.of(forecast));

    assertThat(all(location)).containsExactly(forecast);
  }

  @Test
  void a_forecast_without_interval_reads_back_without_one() {
    UUID location = newLocation();
    var bare = new Forecast(location, "aqi", next, 112, null, null, null, "m", "v1", issued);

    store.write(List.of(bare));

    assertThat(all(location)).containsExactly(bare);
  }

  @Test
  void the_same_key_sent_again_replaces_the_stored_forecast() {
    UUID location = newLocation();
    store.write(List.of(forecast(location, "pm25", next, 30, issued)));

    var again =
        new Forecast(
            location, "pm25", next, 42, null, null, null, "xgb-renamed", "2026.12.1", issued);
    store.write(List.of(again));

    assertThat(all(location)).containsExactly(again);
  }

  @Test
  void each_issue_and_each_model_version_is_kept_beside_the_others() {
    UUID location = newLocation();
    var first = forecast(location, "pm25", next, 30, issued.minus(Duration.ofHours(6)));
    var second = forecast(location, "pm25", next, 34, issued);
    var otherVersion =
        new Forecast(location, "pm25", next, 50, null, null, null, "xgb", "2026.12.2", issued);

    store.write(List.of(second, first, otherVersion));

    assertThat(all(location)).containsExactly(first, second, otherVersion);
  }

  @Test
  void within_one_batch_the_last_of_a_key_wins() {
    UUID location = newLocation();
    var first = forecast(location, "o3", next, 30, issued);
    var last = forecast(location, "o3", next, 31, issued);

    store.write(List.of(first, last));

    assertThat(all(location)).containsExactly(last);
  }

  @Test
  void find_filters_by_range_location_pollutant_model_and_version_in_order_with_a_limit() {
    UUID location = newLocation();
    UUID other = newLocation();
    var batch = new ArrayList<Forecast>();
    for (int h = 0; h < 48; h++) {
      batch.add(forecast(location, "pm25", next.plus(Duration.ofHours(h)), h, issued));
      batch.add(forecast(location, "no2", next.plus(Duration.ofHours(h)), h, issued));
      batch.add(forecast(other, "pm25", next.plus(Duration.ofHours(h)), h, issued));
    }
    batch.add(new Forecast(location, "pm25", next, 1, null, null, null, "lstm", "1", issued));
    store.write(batch);

    var day = ForecastQuery.of(location, next, next.plus(Duration.ofHours(24)));
    List<Forecast> pm25 = store.find(day.withPollutant("pm25").withModel(Optional.of("xgb")), 1000);
    assertThat(pm25).hasSize(24);
    assertThat(pm25).isSortedAccordingTo(Forecast.ORDER);
    assertThat(pm25)
        .allMatch(f -> f.locationId().equals(location) && f.pollutant().equals("pm25"))
        .allMatch(f -> f.modelName().equals("xgb"))
        .allMatch(f -> !f.targetTime().isBefore(next))
        .allMatch(f -> f.targetTime().isBefore(next.plus(Duration.ofHours(24))));

    assertThat(store.find(day.withPollutant("pm25"), 1000)).hasSize(25);
    assertThat(store.find(day, 1000)).hasSize(49);
    var version =
        new ForecastQuery(
            Optional.of(location),
            Optional.empty(),
            Optional.empty(),
            Optional.of("1"),
            next,
            next.plus(Duration.ofHours(24)));
    assertThat(store.find(version, 1000)).extracting(Forecast::modelName).containsExactly("lstm");
    var everywhere =
        new ForecastQuery(
            Optional.empty(),
            Optional.of("pm25"),
            Optional.of("xgb"),
            Optional.empty(),
            next,
            next.plus(Duration.ofHours(2)));
    assertThat(store.find(everywhere, 1000))
        .filteredOn(f -> f.locationId().equals(location) || f.locationId().equals(other))
        .hasSize(4);

    List<Forecast> limited = store.find(day, 10);
    assertThat(limited).hasSize(10).isSortedAccordingTo(Forecast.ORDER);
    assertThat(limited.get(0).targetTime()).isEqualTo(next);
  }

  @Test
  void past_target_times_within_the_year_are_kept() {
    UUID location = newLocation();
    Instant lastMonth = next.minus(Duration.ofDays(29));
    var past = forecast(location, "pm10", lastMonth, 80, lastMonth.minus(Duration.ofHours(3)));

    store.write(List.of(past));

    assertThat(all(location)).containsExactly(past);
  }

  @Test
  void a_large_batch_is_stored_whole() {
    UUID location = newLocation();
    var batch = new ArrayList<Forecast>();
    for (int h = 0; h < 24 * 7; h++) {
      for (String pollutant : List.of("pm25", "pm10", "no2", "o3", "co", "aqi")) {
        batch.add(forecast(location, pollutant, next.plus(Duration.ofHours(h)), h + 10, issued));
      }
    }

    store.write(batch);

    assertThat(store.find(ForecastQuery.of(location, next, next.plus(Duration.ofDays(8))), 5000))
        .hasSize(batch.size())
        .containsExactlyInAnyOrderElementsOf(batch);
  }

  @Test
  void nothing_written_reads_as_empty() {
    assertThat(all(newLocation())).isEmpty();
    store.write(List.of());
  }
}
