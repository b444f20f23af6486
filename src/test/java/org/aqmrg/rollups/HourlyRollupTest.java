package org.aqmrg.rollups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HourlyRollupTest {
  private static final Instant HOUR = Instant.parse("2026-06-01T10:00:00Z");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private static double[] readings(int count, double value) {
    return IntStream.range(0, count).mapToDouble(i -> value).toArray();
  }

  @Test
  void an_empty_hour_has_a_count_of_zero_no_statistics_and_no_coverage() {
    var hour = HourlyStatistics.of(HOUR, new double[0], MINUTE);
    assertThat(hour.count()).isZero();
    assertThat(hour.mean()).isNull();
    assertThat(hour.min()).isNull();
    assertThat(hour.max()).isNull();
    assertThat(hour.sd()).isNull();
    assertThat(hour.median()).isNull();
    assertThat(hour.coverage()).isEqualTo(0.0);
    assertThat(hour.valid()).isFalse();
  }

  @Test
  void one_reading_is_its_own_mean_min_max_and_median_and_has_no_standard_deviation() {
    var hour = HourlyStatistics.of(HOUR, new double[] {12.5}, MINUTE);
    assertThat(hour.count()).isEqualTo(1);
    assertThat(List.of(hour.mean(), hour.min(), hour.max(), hour.median())).containsOnly(12.5);
    assertThat(hour.sd()).isNull();
    assertThat(hour.coverage()).isCloseTo(100.0 / 60, within(1e-12));
  }

  @Test
  void statistics_of_several_readings() {
    var hour = HourlyStatistics.of(HOUR, new double[] {4, 1, 3, 2}, Duration.ofMinutes(15));
    assertThat(hour.count()).isEqualTo(4);
    assertThat(hour.mean()).isEqualTo(2.5);
    assertThat(hour.min()).isEqualTo(1.0);
    assertThat(hour.max()).isEqualTo(4.0);
    assertThat(hour.median()).isEqualTo(2.5); // mean of the two middle readings
    // sample sd: squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, / (4 - 1), square root
    assertThat(hour.sd()).isCloseTo(Math.sqrt(5.0 / 3), within(1e-12));
    assertThat(hour.coverage()).isEqualTo(100.0);
    assertThat(HourlyStatistics.of(HOUR, new double[] {5, 1, 3}, null).median()).isEqualTo(3.0);
  }

  @Test
  void the_standard_deviation_stays_exact_for_a_large_mean_and_a_small_spread() {
    var hour = HourlyStatistics.of(HOUR, new double[] {1e9, 1e9 + 1, 1e9 + 2}, MINUTE);
    assertThat(hour.sd()).isCloseTo(1.0, within(1e-9));
  }

  @Test
  void coverage_is_observed_over_expected_readings_capped_at_100() {
    assertThat(HourlyStatistics.of(HOUR, readings(30, 1), MINUTE).coverage()).isEqualTo(50.0);
    assertThat(HourlyStatistics.of(HOUR, readings(61, 1), MINUTE).coverage()).isEqualTo(100.0);
    // every 7 minutes: 60 / 7 = 8.57 readings expected; 6 readings are 70 %
    assertThat(HourlyStatistics.of(HOUR, readings(6, 1), Duration.ofMinutes(7)).coverage())
        .isCloseTo(70.0, within(1e-9));
    // every 2 hours: half a reading expected in an hour, so one reading covers it
    assertThat(HourlyStatistics.of(HOUR, readings(1, 1), Duration.ofHours(2)).coverage())
        .isEqualTo(100.0);
  }

  @Test
  void an_hour_is_valid_from_75_percent_coverage() {
    assertThat(HourlyStatistics.of(HOUR, readings(45, 1), MINUTE).valid()).isTrue();
    assertThat(HourlyStatistics.of(HOUR, readings(44, 1), MINUTE).valid()).isFalse();
  }

  @Test
  void without_a_reporting_interval_coverage_is_unknown_and_the_hour_is_not_valid() {
    var hour = HourlyStatistics.of(HOUR, readings(60, 1), null);
    assertThat(hour.coverage()).isNull();
    assertThat(hour.valid()).isFalse();
    assertThat(hour.mean()).isEqualTo(1.0);
  }

  @Test
  void bad_input_is_refused_rather_than_giving_nan() {
    assertThatThrownBy(() -> HourlyStatistics.of(HOUR, new double[] {1, Double.NaN}, MINUTE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value 1 must be a finite number");
    assertThatThrownBy(() -> HourlyStatistics.of(HOUR.plusSeconds(1), new double[] {1}, MINUTE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole UTC hour");
    assertThatThrownBy(() -> HourlyStatistics.of(HOUR, new double[] {1}, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
  }

  @Test
  void no_statistic_is_ever_nan() {
    var random = new Random(7);
    for (int n = 0; n < 50; n++) {
      double[] values = random.doubles(n, 0, 500).toArray();
      var hour = HourlyStatistics.of(HOUR, values, MINUTE);
      for (Double statistic :
          new Double[] {
            hour.mean(), hour.min(), hour.max(), hour.sd(), hour.median(), hour.coverage()
          }) {
        assertThat(statistic == null || Double.isFinite(statistic)).isTrue();
      }
    }
  }

  @Test
  void samples_are_grouped_into_hours_labelled_by_their_utc_start() {
    var samples = new ArrayList<Sample>();
    samples.add(new Sample(Instant.parse("2026-06-01T10:00:00Z"), 1));
    samples.add(new Sample(Instant.parse("2026-06-01T10:59:59.999Z"), 3));
    samples.add(new Sample(Instant.parse("2026-06-01T11:00:00Z"), 10));
    samples.add(new Sample(Instant.parse("2026-06-01T13:30:00Z"), 7));
    var hours = HourlyStatistics.byHour(samples, MINUTE);
    assertThat(hours.keySet())
        .containsExactly(
            Instant.parse("2026-06-01T10:00:00Z"),
            Instant.parse("2026-06-01T11:00:00Z"),
            Instant.parse("2026-06-01T13:00:00Z"));
    assertThat(hours.get(Instant.parse("2026-06-01T10:00:00Z")).mean()).isEqualTo(2.0);
    assertThat(hours.get(Instant.parse("2026-06-01T11:00:00Z")).count()).isEqualTo(1);
  }
}
