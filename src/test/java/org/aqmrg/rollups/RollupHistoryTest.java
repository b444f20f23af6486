package org.aqmrg.rollups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.readings.Field;
import org.aqmrg.rollups.RollupHistory.Every;
import org.aqmrg.rollups.RollupHistory.Statistic;
import org.aqmrg.rollups.RollupHistory.Tier;
import org.junit.jupiter.api.Test;

class RollupHistoryTest {
  private static final Instant T0 = Instant.parse("2026-11-25T00:00:00Z");
  private static final ZoneId LAGOS = ZoneId.of("Africa/Lagos");
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  private final MemoryRollupStore store = new MemoryRollupStore();
  private final RollupHistory history = new RollupHistory(store);

  /** {@code n} readings from {@code start}, every {@code gap}, values from {@code first} up. */
  private static List<Sample> series(
      Instant start, int n, Duration gap, double first, double step) {
    var samples = new ArrayList<Sample>();
    for (int i = 0; i < n; i++) {
      samples.add(new Sample(start.plus(gap.multipliedBy(i)), first + step * i * i % 17));
    }
    return samples;
  }

  private List<RollupWindow> read(List<String> sensors, Every every, Statistic fn) {
    return history.read(
        new RollupHistory.Request(
            sensors,
            LAGOS,
            T0.minus(Duration.ofDays(1)),
            T0.plus(Duration.ofDays(3)),
            List.of(Field.PM25),
            every,
            fn));
  }

  private static double value(RollupWindow window) {
    return window.cells().get(Field.PM25).value();
  }

  @Test
  void three_hour_windows_of_two_sensors_give_the_raw_count_mean_min_max_and_sd_exactly() {
    var a = series(T0, 17, Duration.ofMinutes(7), 12.5, 3.25);
    var b = series(T0.plusSeconds(3600), 9, Duration.ofMinutes(11), 40, 1.5);
    store.samples("A", Field.PM25, TEN_MINUTES, a).samples("B", Field.PM25, TEN_MINUTES, b);
    var all = new ArrayList<Sample>(a);
    all.addAll(b);
    HourlyStatistics raw =
        HourlyStatistics.of(T0, all.stream().mapToDouble(Sample::value).toArray(), null);
    var every = new Every(Tier.HOURLY, 3);

    List<RollupWindow> means = read(List.of("A", "B"), every, Statistic.MEAN);

    assertThat(means).hasSize(1);
    assertThat(means.get(0).start()).isEqualTo(T0);
    assertThat(value(means.get(0))).isCloseTo(raw.mean(), within(1e-12));
    assertThat(value(read(List.of("A", "B"), every, Statistic.SD).get(0)))
        .isCloseTo(raw.sd(), within(1e-12));
    assertThat(value(read(List.of("A", "B"), every, Statistic.COUNT).get(0))).isEqualTo(26);
    assertThat(value(read(List.of("A", "B"), every, Statistic.MIN).get(0))).isEqualTo(raw.min());
    assertThat(value(read(List.of("A", "B"), every, Statistic.MAX).get(0))).isEqualTo(raw.max());
  }

  @Test
  void a_median_is_given_for_one_hour_of_one_sensor_and_refused_where_it_cannot_be_exact() {
    var a = series(T0, 6, TEN_MINUTES, 3, 2);
    store.samples("A", Field.PM25, TEN_MINUTES, a).samples("B", Field.PM25, TEN_MINUTES, a);
    double[] values = a.stream().mapToDouble(Sample::value).toArray();

    var one = read(List.of("A"), new Every(Tier.HOURLY, 1), Statistic.MEDIAN);
    assertThat(value(one.get(0))).isEqualTo(Summary.median(values));

    for (var refused :
        List.of(
            new Object[] {List.of("A", "B"), new Every(Tier.HOURLY, 1), Statistic.MEDIAN},
            new Object[] {List.of("A"), new Every(Tier.HOURLY, 3), Statistic.MEDIAN},
            new Object[] {List.of("A"), new Every(Tier.DAILY, 7), Statistic.MEDIAN},
            new Object[] {List.of("A", "B"), new Every(Tier.DAILY, 1), Statistic.SD})) {
      @SuppressWarnings("unchecked")
      List<String> sensors = (List<String>) refused[0];
      assertThatThrownBy(() -> read(sensors, (Every) refused[1], (Statistic) refused[2]))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("fn=" + ((Statistic) refused[2]).key())
          .hasMessageContaining("ask every=")
          .extracting(e -> ((InvalidInputException) e).details().get("parameter"))
          .isEqualTo("fn");
    }
  }

  @Test
  void hourly_coverage_is_the_mean_over_the_windows_hours_and_sensors_with_absent_hours_as_zero() {
    store
        .samples("A", Field.PM25, TEN_MINUTES, series(T0, 6, TEN_MINUTES, 5, 1))
        .samples("A", Field.PM25, TEN_MINUTES, series(T0.plusSeconds(3600), 3, TEN_MINUTES, 5, 1))
        .samples("B", Field.PM25, TEN_MINUTES, series(T0, 6, TEN_MINUTES, 5, 1));

    var sensor = read(List.of("A"), new Every(Tier.HOURLY, 3), Statistic.MEAN).get(0);
    var location = read(List.of("A", "B"), new Every(Tier.HOURLY, 3), Statistic.MEAN).get(0);
    var oneHour = read(List.of("A"), new Every(Tier.HOURLY, 1), Statistic.MEAN);

    assertThat(sensor.cells().get(Field.PM25).coverage()).isEqualTo(50.0); // (100 + 50 + 0) / 3
    assertThat(location.cells().get(Field.PM25).coverage()).isEqualTo(250.0 / 6);
    assertThat(oneHour)
        .extracting(w -> w.cells().get(Field.PM25).coverage())
        .containsExactly(100.0, 50.0);
    assertThat(sensor.cells().get(Field.PM25).complete()).isNull();
  }

  @Test
  void daily_windows_are_local_days_of_lagos_named_by_local_midnight() {
    // 23:00 UTC on 25 November is midnight of 26 November in Lagos (UTC+1, no summer time).
    Instant lagosMidnight = Instant.parse("2026-11-25T23:00:00Z");
    store
        .samples(
            "A",
            Field.PM25,
            TEN_MINUTES,
            series(lagosMidnight.minusSeconds(3600), 6, TEN_MINUTES, 10, 0))
        .samples("A", Field.PM25, TEN_MINUTES, series(lagosMidnight, 6 * 20, TEN_MINUTES, 30, 0))
        .days("A", LAGOS);

    var days = read(List.of("A"), new Every(Tier.DAILY, 1), Statistic.MEAN);

    assertThat(days)
        .extracting(RollupWindow::start)
        .containsExactly(Instant.parse("2026-11-24T23:00:00Z"), lagosMidnight);
    assertThat(days).extracting(RollupWindow::offset).containsOnly(ZoneOffset.ofHours(1));
    assertThat(value(days.get(0))).isEqualTo(10);
    RollupWindow.Cell second = days.get(1).cells().get(Field.PM25);
    assertThat(second.value()).isEqualTo(30);
    assertThat(second.coverage()).isEqualTo(100.0 * 20 / 24);
    assertThat(second.complete()).isTrue(); // 20 valid hours of 24, at least 18
    assertThat(days.get(0).cells().get(Field.PM25).complete()).isFalse();
    assertThat(days.get(0).cells().get(Field.PM25).coverage()).isEqualTo(100.0 / 24);
  }

  @Test
  void a_week_of_days_weights_each_day_by_its_hours_with_data_and_sums_counts() {
    store
        .samples(
            "A",
            Field.PM25,
            TEN_MINUTES,
            series(Instant.parse("2026-11-25T23:00:00Z"), 12, TEN_MINUTES, 10, 0))
        .samples(
            "A",
            Field.PM25,
            TEN_MINUTES,
            series(Instant.parse("2026-11-26T23:00:00Z"), 6, TEN_MINUTES, 40, 0))
        .days("A", LAGOS);
    var every = new Every(Tier.DAILY, 7);

    var week = read(List.of("A"), every, Statistic.MEAN);

    // Two hours of 10 and one hour of 40: the mean of the three hourly means.
    assertThat(week).hasSize(1);
    assertThat(value(week.get(0))).isEqualTo(20);
    assertThat(value(read(List.of("A"), every, Statistic.COUNT).get(0))).isEqualTo(18);
    assertThat(value(read(List.of("A"), every, Statistic.MAX).get(0))).isEqualTo(40);
  }
}
