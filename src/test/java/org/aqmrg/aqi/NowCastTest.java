package org.aqmrg.aqi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class NowCastTest {
  private static List<Double> hours(Double... latestFirst) {
    return Arrays.asList(latestFirst);
  }

  // EPA/AirNow's training example "Computing the NowCast" (a copy of the slides is at
  // cdn.slideserve.com/brina/computing-the-nowcast): hours 50 80 75 90 82 53 64 74 21 10 16 13
  // µg/m³, oldest first; range 80, scaled rate 80/90, weight 0.11 raised to 0.5; NowCast 17.4.
  @Test
  void airnows_worked_example_gives_17_4() {
    List<Double> oldestFirst =
        new ArrayList<>(
            hours(50.0, 80.0, 75.0, 90.0, 82.0, 53.0, 64.0, 74.0, 21.0, 10.0, 16.0, 13.0));
    Collections.reverse(oldestFirst);
    NowCast.Result nowCast = NowCast.of(Pollutant.PM25, oldestFirst);
    assertThat(nowCast.concentration()).isEqualTo(17.4);
    assertThat(nowCast.weightFactor()).isEqualTo(0.5);
    assertThat(nowCast.hours()).isEqualTo(12);
    // and its AQI with the 2024 breakpoints: (100 - 51) / (35.4 - 9.1) * (17.4 - 9.1) + 51 = 66.46
    assertThat(
            new UsEpaScale()
                .index(Pollutant.PM25, Averaging.TWENTY_FOUR_HOURS, nowCast.concentration())
                .value())
        .isEqualTo(66);
  }

  // Computed by hand: 30, 25, 20 µg/m³ give w = 20 / 30 = 2/3 (above the floor), so
  // NowCast = (30 + 25 w + 20 w²) / (1 + w + w²) = (500 / 9) / (19 / 9) = 26.315... -> 26.3.
  @Test
  void a_weight_above_the_floor_is_used_as_it_is() {
    NowCast.Result nowCast = NowCast.of(Pollutant.PM25, hours(30.0, 25.0, 20.0));
    assertThat(nowCast.weightFactor()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(nowCast.concentration()).isEqualTo(26.3);
    assertThat(nowCast.hours()).isEqualTo(3);
  }

  @Test
  void steady_air_gives_the_plain_average() {
    NowCast.Result nowCast = NowCast.of(Pollutant.PM25, Collections.nCopies(12, 12.34));
    assertThat(nowCast.weightFactor()).isEqualTo(1.0);
    assertThat(nowCast.concentration()).isEqualTo(12.3);
  }

  // Computed by hand: 10, missing, 40 give w = 10 / 40 = 0.25 -> 0.5, and the missing hour keeps
  // its place in the powers: (10 + 40 × 0.5²) / (1 + 0.5²) = 20 / 1.25 = 16.0.
  @Test
  void a_missing_hour_is_skipped_but_the_older_hours_keep_their_weights() {
    NowCast.Result nowCast = NowCast.of(Pollutant.PM25, hours(10.0, null, 40.0));
    assertThat(nowCast.concentration()).isEqualTo(16.0);
    assertThat(nowCast.hours()).isEqualTo(2);
    assertThat(NowCast.of(Pollutant.PM25, hours(10.0, Double.NaN, 40.0)).concentration())
        .isEqualTo(16.0);
  }

  @Test
  void two_of_the_three_latest_hours_are_enough() {
    assertThat(NowCast.of(Pollutant.PM25, hours(null, 10.0, 10.0)).present()).isTrue();
    assertThat(NowCast.of(Pollutant.PM25, hours(10.0, 10.0)).present()).isTrue();
  }

  @Test
  void fewer_than_two_of_the_three_latest_hours_give_no_nowcast_and_a_reason() {
    NowCast.Result none =
        NowCast.of(Pollutant.PM25, hours(10.0, null, null, 20.0, 20.0, 20.0, 20.0));
    assertThat(none.present()).isFalse();
    assertThat(none.concentration()).isNull();
    assertThat(none.reason())
        .isEqualTo("the NowCast needs hourly means for at least 2 of the 3 latest hours, got 1");
    assertThat(NowCast.of(Pollutant.PM25, hours(null, null, 5.0, 5.0)).present()).isFalse();
    assertThat(NowCast.of(Pollutant.PM25, List.of()).present()).isFalse();
    assertThat(NowCast.of(Pollutant.PM25, hours(7.0)).present()).isFalse();
  }

  @Test
  void all_zero_hours_give_zero() {
    NowCast.Result nowCast = NowCast.of(Pollutant.PM10, hours(0.0, 0.0, 0.0));
    assertThat(nowCast.concentration()).isEqualTo(0.0);
    assertThat(nowCast.weightFactor()).isEqualTo(1.0);
  }

  @Test
  void pm10_is_truncated_to_whole_micrograms() {
    assertThat(NowCast.of(Pollutant.PM10, hours(55.9, 55.9)).concentration()).isEqualTo(55.0);
  }

  @Test
  void bad_input_is_refused() {
    assertThatThrownBy(() -> NowCast.of(Pollutant.O3, hours(1.0, 1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pm25 and pm10, not o3");
    assertThatThrownBy(() -> NowCast.of(Pollutant.PM25, Collections.nCopies(13, 1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at most 12 hourly means, got 13");
    assertThatThrownBy(() -> NowCast.of(Pollutant.PM25, hours(1.0, -1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 hours ago");
  }
}
