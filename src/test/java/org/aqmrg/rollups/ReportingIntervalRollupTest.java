package org.aqmrg.rollups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportingIntervalRollupTest {
  private static final Instant START = Instant.parse("2026-06-01T00:00:00Z");

  @Test
  void the_interval_is_the_median_gap_so_an_outage_and_a_backlog_burst_do_not_move_it() {
    var times = new ArrayList<Instant>();
    for (int i = 0; i < 100; i++) {
      times.add(START.plus(Duration.ofMinutes(2L * i)));
    }
    Instant last = times.get(times.size() - 1);
    times.add(last.plus(Duration.ofHours(20))); // a day offline
    for (int i = 1; i <= 5; i++) {
      times.add(last.plus(Duration.ofHours(20)).plusMillis(10L * i)); // a backlog burst
    }
    Collections.shuffle(times);
    assertThat(ReportingInterval.estimate(times)).contains(Duration.ofMinutes(2));
  }

  @Test
  void repeated_times_count_once_and_an_even_number_of_gaps_takes_the_middle_two() {
    List<Instant> times =
        List.of(
            START, START, START.plusSeconds(60), START.plusSeconds(180), START.plusSeconds(300));
    // gaps 60, 120, 120 s -> median 120 s; with a fourth gap of 240 s: (120 + 120) / 2
    assertThat(ReportingInterval.estimate(times)).contains(Duration.ofSeconds(120));
    var more = new ArrayList<>(times);
    more.add(START.plusSeconds(540));
    assertThat(ReportingInterval.estimate(more)).contains(Duration.ofSeconds(120));
    List<Instant> twoGaps = List.of(START, START.plusSeconds(60), START.plusSeconds(180));
    assertThat(ReportingInterval.estimate(twoGaps)).contains(Duration.ofSeconds(90));
  }

  @Test
  void fewer_than_two_distinct_times_give_no_estimate() {
    assertThat(ReportingInterval.estimate(List.of())).isEmpty();
    assertThat(ReportingInterval.estimate(List.of(START, START))).isEmpty();
  }

  @Test
  void expected_readings_per_hour_follow_the_interval() {
    assertThat(ReportingInterval.expectedPerHour(Duration.ofMinutes(1))).isEqualTo(60.0);
    assertThat(ReportingInterval.expectedPerHour(Duration.ofMinutes(7)))
        .isCloseTo(60.0 / 7, within(1e-12));
    assertThat(ReportingInterval.expectedPerHour(Duration.ofHours(2))).isEqualTo(0.5);
    assertThatThrownBy(() -> ReportingInterval.expectedPerHour(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
