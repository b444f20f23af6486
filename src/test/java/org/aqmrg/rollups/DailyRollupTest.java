package org.aqmrg.rollups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DailyRollupTest {
  private static final ZoneId LAGOS = ZoneId.of("Africa/Lagos");
  private static final ZoneId LONDON = ZoneId.of("Europe/London");
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** An hour with {@code count} readings of {@code value}, at one reading a minute. */
  private static HourlyStatistics hour(Instant start, int count, double value) {
    return HourlyStatistics.of(
        start, IntStream.range(0, count).mapToDouble(i -> value).toArray(), MINUTE);
  }

  /** The first {@code valid} hours of the day full, the rest with 10 of 60 readings. */
  private static List<HourlyStatistics> day(LocalDate day, ZoneId zone, int hours, int valid) {
    Instant start = day.atStartOfDay(zone).toInstant();
    var list = new ArrayList<HourlyStatistics>();
    for (int i = 0; i < hours; i++) {
      list.add(hour(start.plus(Duration.ofHours(i)), i < valid ? 60 : 10, 20));
    }
    return list;
  }

  @Test
  void a_lagos_day_runs_from_23_00_utc_to_23_00_utc() {
    LocalDate day = LocalDate.of(2026, 6, 1);
    var stats = DailyStatistics.of(day, LAGOS, day(day, LAGOS, 24, 24));
    assertThat(stats.start()).isEqualTo(Instant.parse("2026-05-31T23:00:00Z"));
    assertThat(stats.end()).isEqualTo(Instant.parse("2026-06-01T23:00:00Z"));
    assertThat(stats.hours()).isEqualTo(24);
    assertThat(stats.validHours()).isEqualTo(24);
    assertThat(stats.coverage()).isEqualTo(100.0);
    assertThat(stats.complete()).isTrue();
  }

  @Test
  void seventeen_valid_hours_are_incomplete_and_eighteen_complete() {
    LocalDate day = LocalDate.of(2026, 6, 1);
    var seventeen = DailyStatistics.of(day, LAGOS, day(day, LAGOS, 24, 17));
    assertThat(seventeen.validHours()).isEqualTo(17);
    assertThat(seventeen.hoursWithData()).isEqualTo(24);
    assertThat(seventeen.complete()).isFalse();
    assertThat(seventeen.coverage()).isCloseTo(100.0 * 17 / 24, within(1e-12));
    var eighteen = DailyStatistics.of(day, LAGOS, day(day, LAGOS, 24, 18));
    assertThat(eighteen.complete()).isTrue();
    assertThat(eighteen.coverage()).isEqualTo(75.0);
    // 18 hours with data and 6 missing: still complete
    assertThat(DailyStatistics.of(day, LAGOS, day(day, LAGOS, 18, 18)).complete()).isTrue();
  }

  @Test
  void a_day_needs_75_percent_of_its_hours_valid_rounded_up() {
    assertThat(DailyStatistics.requiredValidHours(24)).isEqualTo(18);
    assertThat(DailyStatistics.requiredValidHours(23)).isEqualTo(18);
    assertThat(DailyStatistics.requiredValidHours(25)).isEqualTo(19);
  }

  @Test
  void the_spring_forward_day_has_23_hours_and_needs_18_valid() {
    LocalDate day = LocalDate.of(2026, 3, 29); // British Summer Time starts
    var full = DailyStatistics.of(day, LONDON, day(day, LONDON, 23, 18));
    assertThat(full.hours()).isEqualTo(23);
    assertThat(full.end()).isEqualTo(Instant.parse("2026-03-29T23:00:00Z"));
    assertThat(full.complete()).isTrue();
    assertThat(DailyStatistics.of(day, LONDON, day(day, LONDON, 23, 17)).complete()).isFalse();
  }

  @Test
  void the_fall_back_day_has_25_hours_and_needs_19_valid() {
    LocalDate day = LocalDate.of(2026, 10, 25); // British Summer Time ends
    var stats = DailyStatistics.of(day, LONDON, day(day, LONDON, 25, 19));
    assertThat(stats.hours()).isEqualTo(25);
    assertThat(stats.start()).isEqualTo(Instant.parse("2026-10-24T23:00:00Z"));
    assertThat(stats.end()).isEqualTo(Instant.parse("2026-10-26T00:00:00Z"));
    assertThat(stats.complete()).isTrue();
    assertThat(DailyStatistics.of(day, LONDON, day(day, LONDON, 25, 18)).complete()).isFalse();
  }

  @Test
  void in_a_half_hour_zone_an_hour_belongs_to_the_day_it_starts_in() {
    ZoneId kolkata = ZoneId.of("Asia/Kolkata"); // UTC+5:30: the day starts at 18:30 UTC
    LocalDate day = LocalDate.of(2026, 6, 1);
    var days =
        DailyStatistics.byDay(
            List.of(
                hour(Instant.parse("2026-05-31T18:00:00Z"), 60, 1), // 23:30 local on 31 May
                hour(Instant.parse("2026-05-31T19:00:00Z"), 60, 2)), // 00:30 local on 1 June
            kolkata);
    assertThat(days.keySet()).containsExactly(day.minusDays(1), day);
    assertThat(days.get(day).hours()).isEqualTo(24);
    assertThat(days.get(day).mean()).isEqualTo(2.0);
  }

  @Test
  void the_days_mean_weighs_every_hour_the_same_and_count_min_max_sd_cover_every_reading() {
    LocalDate day = LocalDate.of(2026, 6, 1);
    Instant start = day.atStartOfDay(LAGOS).toInstant();
    var stats =
        DailyStatistics.of(
            day, LAGOS, List.of(hour(start, 1, 10), hour(start.plus(Duration.ofHours(1)), 3, 20)));
    assertThat(stats.count()).isEqualTo(4);
    assertThat(stats.mean()).isEqualTo(15.0); // (10 + 20) / 2, not (10 + 3 × 20) / 4
    assertThat(stats.median()).isEqualTo(15.0); // of the hourly means 10 and 20
    assertThat(stats.min()).isEqualTo(10.0);
    assertThat(stats.max()).isEqualTo(20.0);
    // readings 10, 20, 20, 20: mean 17.5, squared deviations 56.25 + 3 × 6.25 = 75, / 3 = 25
    assertThat(stats.sd()).isCloseTo(5.0, within(1e-12));
    assertThat(stats.hoursWithData()).isEqualTo(2);
    assertThat(stats.validHours()).isZero();
    assertThat(stats.complete()).isFalse();
  }

  @Test
  void the_days_standard_deviation_equals_that_of_all_its_readings() {
    var random = new Random(11);
    LocalDate day = LocalDate.of(2026, 6, 1);
    Instant start = day.atStartOfDay(LAGOS).toInstant();
    var hours = new ArrayList<HourlyStatistics>();
    var all = new ArrayList<Double>();
    for (int h = 0; h < 24; h++) {
      double[] values = random.doubles(1 + random.nextInt(60), 5, 300).toArray();
      for (double v : values) {
        all.add(v);
      }
      hours.add(HourlyStatistics.of(start.plus(Duration.ofHours(h)), values, MINUTE));
    }
    double[] readings = all.stream().mapToDouble(Double::doubleValue).toArray();
    var direct = HourlyStatistics.of(start, readings, null);
    var stats = DailyStatistics.of(day, LAGOS, hours);
    assertThat(stats.sd()).isCloseTo(direct.sd(), within(1e-9));
    assertThat(stats.count()).isEqualTo(readings.length);
    assertThat(stats.min()).isEqualTo(direct.min());
    assertThat(stats.max()).isEqualTo(direct.max());
  }

  @Test
  void a_day_without_readings_has_no_statistics_and_is_incomplete() {
    LocalDate day = LocalDate.of(2026, 6, 1);
    var empty = DailyStatistics.of(day, LAGOS, List.of());
    assertThat(empty.count()).isZero();
    assertThat(empty.hours()).isEqualTo(24);
    assertThat(List.of(empty.coverage())).containsExactly(0.0);
    assertThat(empty.complete()).isFalse();
    assertThat(empty.mean()).isNull();
    assertThat(empty.sd()).isNull();
    assertThat(empty.median()).isNull();
    Instant start = day.atStartOfDay(LAGOS).toInstant();
    var emptyHours = DailyStatistics.of(day, LAGOS, List.of(hour(start, 0, 0)));
    assertThat(emptyHours.mean()).isNull();
    assertThat(emptyHours.hoursWithData()).isZero();
  }

  @Test
  void one_reading_in_a_day_has_no_standard_deviation() {
    LocalDate day = LocalDate.of(2026, 6, 1);
    var stats =
        DailyStatistics.of(day, LAGOS, List.of(hour(day.atStartOfDay(LAGOS).toInstant(), 1, 3)));
    assertThat(stats.mean()).isEqualTo(3.0);
    assertThat(stats.sd()).isNull();
  }

  @Test
  void hours_outside_the_day_or_twice_are_refused() {
    LocalDate day = LocalDate.of(2026, 6, 1);
    Instant start = day.atStartOfDay(LAGOS).toInstant();
    assertThatThrownBy(
            () -> DailyStatistics.of(day, LAGOS, List.of(hour(start.minusSeconds(3600), 1, 1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not in 2026-06-01 in Africa/Lagos");
    assertThatThrownBy(
            () ->
                DailyStatistics.of(day, LAGOS, List.of(hour(start.plus(Duration.ofDays(1)), 1, 1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> DailyStatistics.of(day, LAGOS, List.of(hour(start, 1, 1), hour(start, 2, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("appears twice");
  }

  @Test
  void hours_are_grouped_into_the_locations_local_days() {
    var days =
        DailyStatistics.byDay(
            List.of(
                hour(Instant.parse("2026-06-01T22:00:00Z"), 60, 1), // 23:00 in Lagos, 1 June
                hour(Instant.parse("2026-06-01T23:00:00Z"), 60, 2)), // 00:00 in Lagos, 2 June
            LAGOS);
    assertThat(days.keySet()).containsExactly(LocalDate.of(2026, 6, 1), LocalDate.of(2026, 6, 2));
    assertThat(days.get(LocalDate.of(2026, 6, 2)).mean()).isEqualTo(2.0);
  }
}
