package org.aqmrg.predictions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Skill against a hand-computed example. */
class SkillTest {
  private static final UUID LOCATION = UUID.randomUUID();
  private static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");

  private static Forecast f(Instant target, double value, Double lo, Double hi, Duration lead) {
    return new Forecast(
        LOCATION,
        "pm25",
        target,
        value,
        lo,
        hi,
        lo == null ? null : 0.8,
        "m",
        "1",
        target.minus(lead));
  }

  @Test
  void bias_mae_rmse_and_interval_coverage_by_lead_hour_and_overall() {
    Instant t1 = T0.plus(Duration.ofHours(1));
    // Observed: T0 20, t1 40; the 14:00 hour has no observation and is not counted.
    Map<Instant, Double> observed = Map.of(T0, 20.0, t1, 40.0);
    var forecasts =
        List.of(
            // lead 1 h (and 1 h 59 min, still lead 1): errors +2 and -4
            f(T0, 22, 18.0, 26.0, Duration.ofHours(1)),
            f(t1, 36, 30.0, 38.0, Duration.ofMinutes(119)),
            // lead 6 h: errors +10, -10; the second has no interval
            f(T0, 30, 25.0, 35.0, Duration.ofHours(6)),
            f(t1, 30, null, null, Duration.ofHours(6)),
            // a target minutes into its hour is compared with that hour's mean: error +1
            f(T0.plusSeconds(1800), 21, 20.0, 22.0, Duration.ofHours(6)),
            // no observation
            f(T0.plus(Duration.ofHours(2)), 99, null, null, Duration.ofHours(1)));

    Skill.Report report = Skill.of(forecasts, observed);

    assertThat(report.byLead()).extracting(Skill.Measures::leadHours).containsExactly(1, 6);
    Skill.Measures lead1 = report.byLead().get(0);
    assertThat(lead1.count()).isEqualTo(2);
    assertThat(lead1.bias()).isCloseTo(-1.0, within(1e-12)); // (2 - 4) / 2
    assertThat(lead1.mae()).isCloseTo(3.0, within(1e-12)); // (2 + 4) / 2
    assertThat(lead1.rmse()).isCloseTo(Math.sqrt(10), within(1e-12)); // sqrt((4 + 16) / 2)
    assertThat(lead1.intervalCount()).isEqualTo(2);
    assertThat(lead1.intervalCoverage()).isCloseTo(0.5, within(1e-12)); // 20 in [18,26]; 40 not

    Skill.Measures lead6 = report.byLead().get(1);
    assertThat(lead6.count()).isEqualTo(3);
    assertThat(lead6.bias()).isCloseTo(1.0 / 3, within(1e-12)); // (10 - 10 + 1) / 3
    assertThat(lead6.mae()).isCloseTo(7.0, within(1e-12)); // 21 / 3
    assertThat(lead6.rmse()).isCloseTo(Math.sqrt(201.0 / 3), within(1e-12));
    assertThat(lead6.intervalCount()).isEqualTo(2);
    // 20 lies outside [25, 35]; 20 inside [20, 22] (the bounds count as inside)
    assertThat(lead6.intervalCoverage()).isCloseTo(0.5, within(1e-12));

    Skill.Measures all = report.overall();
    assertThat(all.leadHours()).isNull();
    assertThat(all.count()).isEqualTo(5);
    assertThat(all.bias()).isCloseTo(-1.0 / 5, within(1e-12)); // (2 - 4 + 10 - 10 + 1) / 5
    assertThat(all.mae()).isCloseTo(27.0 / 5, within(1e-12));
    assertThat(all.rmse()).isCloseTo(Math.sqrt(221.0 / 5), within(1e-12));
    assertThat(all.intervalCount()).isEqualTo(4);
    assertThat(all.intervalCoverage()).isCloseTo(2.0 / 4, within(1e-12));
  }

  @Test
  void nothing_observed_gives_a_count_of_zero_and_no_measures() {
    Skill.Report report = Skill.of(List.of(f(T0, 1, null, null, Duration.ofHours(1))), Map.of());

    assertThat(report.byLead()).isEmpty();
    assertThat(report.overall().count()).isZero();
    assertThat(report.overall().bias()).isNull();
    assertThat(report.overall().intervalCoverage()).isNull();
  }

  @Test
  void a_forecast_issued_after_its_target_has_a_negative_lead() {
    Skill.Report report =
        Skill.of(List.of(f(T0, 21, null, null, Duration.ofMinutes(-5))), Map.of(T0, 20.0));

    assertThat(report.byLead()).extracting(Skill.Measures::leadHours).containsExactly(-1);
  }
}
