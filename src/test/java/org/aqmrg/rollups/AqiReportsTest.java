package org.aqmrg.rollups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.aqmrg.aqi.AqiScales;
import org.aqmrg.aqi.Pollutant;
import org.aqmrg.aqi.UsEpaScale;
import org.aqmrg.readings.Field;
import org.junit.jupiter.api.Test;

class AqiReportsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T14:20:00Z");
  private static final Instant HOUR = Instant.parse("2026-11-25T14:00:00Z");
  private static final ZoneId LAGOS = ZoneId.of("Africa/Lagos");

  private final MemoryRollupStore store = new MemoryRollupStore();
  private final AqiReports reports = new AqiReports(store, Clock.fixed(NOW, ZoneOffset.UTC));

  /** One reading of each value in the hour that starts {@code hoursAgo} hours before HOUR. */
  private void hour(String sensor, Field field, int hoursAgo, double... values) {
    Instant start = HOUR.minus(Duration.ofHours(hoursAgo));
    var samples = new ArrayList<Sample>();
    for (int i = 0; i < values.length; i++) {
      samples.add(new Sample(start.plusSeconds(60L * i), values[i]));
    }
    store.samples(sensor, field, Duration.ofMinutes(10), samples);
  }

  private static AqiReport.Rated rated(AqiReport report, Pollutant pollutant, String period) {
    return report.pollutants().stream()
        .filter(r -> r.pollutant() == pollutant && r.period().equals(period))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void the_current_aqi_takes_the_nowcast_of_airnows_worked_example() {
    double[] oldestFirst = {50, 80, 75, 90, 82, 53, 64, 74, 21, 10, 16, 13};
    for (int i = 0; i < oldestFirst.length; i++) {
      hour("A", Field.PM25, oldestFirst.length - 1 - i, oldestFirst[i]);
    }

    AqiReport report = reports.current(List.of("A"), AqiScales.of("us-epa"));

    assertThat(report.start()).isEqualTo(HOUR);
    var pm25 = rated(report, Pollutant.PM25, "nowcast");
    assertThat(pm25.concentration()).isEqualTo(17.4);
    assertThat(pm25.hours()).isEqualTo(12);
    assertThat(pm25.index().value()).isEqualTo(66);
    assertThat(report.overall().value()).isEqualTo(66);
    assertThat(report.overall().category()).isEqualTo(UsEpaScale.MODERATE);
    assertThat(report.overall().dominant()).isEqualTo(Pollutant.PM25);
  }

  @Test
  void pollutants_without_enough_data_are_null_with_a_reason_and_never_rated() {
    hour("A", Field.PM25, 0, 30);
    hour("A", Field.O3, 0, 60);

    AqiReport report = reports.current(List.of("A"), AqiScales.of("us-epa"));

    var pm25 = rated(report, Pollutant.PM25, "nowcast");
    assertThat(pm25.concentration()).isNull();
    assertThat(pm25.index()).isNull();
    assertThat(pm25.reason()).contains("at least 2 of the 3 latest hours, got 1");
    var o3 = rated(report, Pollutant.O3, "8h");
    assertThat(o3.concentration()).isNull();
    assertThat(o3.reason()).contains("at least 6 of its 8 hours, got 1");
    assertThat(rated(report, Pollutant.NO2, "1h").reason()).contains("no no2 readings");
    assertThat(report.overall().present()).isFalse();
    assertThat(report.overall().reason()).startsWith("no pollutant has an index").contains("pm25");
    assertThat(reports.current(List.of(), AqiScales.of("us-epa")).overall().present()).isFalse();
  }

  @Test
  void the_current_aqi_from_rollups_read_by_the_caller_is_the_one_read_by_the_reports() {
    for (int i = 0; i < 8; i++) {
      hour("A", Field.O3, i, 60, 62, 58);
      hour("B", Field.PM25, i, 40 + i);
    }
    hour("A", Field.NO2, 0, 10, 10, 10);
    var scale = AqiScales.of("us-epa");
    var read =
        store.hours(
            List.of("A", "B"),
            reports.currentWindow(),
            HOUR.plusSeconds(3600),
            AqiReports.currentFields(scale));

    assertThat(reports.currentOf(read, scale)).isEqualTo(reports.current(List.of("A", "B"), scale));
    assertThat(reports.currentOf(read, scale).overall().present()).isTrue();
  }

  @Test
  void eight_hour_ozone_and_a_location_combining_its_sensors_by_count() {
    for (int i = 0; i < 8; i++) {
      hour("A", Field.O3, i, 60, 60, 60);
      hour("B", Field.O3, i, 60);
    }
    // NO2 1 h: A's 3 readings of 10 and B's one of 130 make a location mean of 40 ppb, not 70.
    hour("A", Field.NO2, 0, 10, 10, 10);
    hour("B", Field.NO2, 0, 130);

    AqiReport report = reports.current(List.of("A", "B"), AqiScales.of("us-epa"));

    // 0.060 ppm: (100 - 51) / (0.070 - 0.055) * (0.060 - 0.055) + 51 = 67.3
    assertThat(rated(report, Pollutant.O3, "8h").index().value()).isEqualTo(67);
    assertThat(rated(report, Pollutant.NO2, "1h").concentration()).isEqualTo(40.0);
    assertThat(rated(report, Pollutant.NO2, "1h").index().value()).isEqualTo(38);
    assertThat(report.overall().dominant()).isEqualTo(Pollutant.O3);
  }

  @Test
  void the_daily_aqi_of_a_lagos_day_takes_its_mean_and_max_one_hour_no2() {
    Instant lagosDay = Instant.parse("2026-11-24T23:00:00Z"); // midnight of 25 November in Lagos
    for (int i = 0; i < 24; i++) {
      Instant start = lagosDay.plus(Duration.ofHours(i));
      int ago = (int) Duration.between(start, HOUR).toHours();
      hour("A", Field.PM25, ago, 20);
      hour("A", Field.NO2, ago, i == 5 ? 120 : 40);
    }
    hour("A", Field.PM25, (int) Duration.between(lagosDay.minusSeconds(3600), HOUR).toHours(), 99);

    List<AqiReport> days =
        reports.daily(
            List.of("A"),
            LAGOS,
            lagosDay.minus(Duration.ofDays(1)),
            lagosDay.plus(Duration.ofDays(1)),
            AqiScales.of("us-epa"));

    assertThat(days)
        .extracting(AqiReport::start)
        .containsExactly(lagosDay.minus(Duration.ofDays(1)), lagosDay);
    var before = days.get(0);
    assertThat(rated(before, Pollutant.PM25, "24h").reason())
        .isEqualTo(
            "a daily 24h value needs hourly means for at least 18 of the day's 24 hours, got 1");
    var day = days.get(1);
    // 20 µg/m³: (100 - 51) / (35.4 - 9.1) * (20.0 - 9.1) + 51 = 71.3
    assertThat(rated(day, Pollutant.PM25, "24h").index().value()).isEqualTo(71);
    // 120 ppb: (150 - 101) / (360 - 101) * (120 - 101) + 101 = 104.6
    assertThat(rated(day, Pollutant.NO2, "max_1h").concentration()).isEqualTo(120.0);
    assertThat(day.overall().value()).isEqualTo(105);
    assertThat(day.overall().dominant()).isEqualTo(Pollutant.NO2);
  }

  @Test
  void hourly_history_gives_each_hour_with_data_and_the_european_index_its_24_hour_mean() {
    for (int i = 0; i < 24; i++) {
      hour("A", Field.PM25, i, i < 12 ? 30 : 10);
    }

    List<AqiReport> hours =
        reports.hourly(
            List.of("A"),
            HOUR.minus(Duration.ofHours(2)),
            HOUR.plusSeconds(3600),
            AqiScales.of("eu-eaqi"));

    assertThat(hours)
        .extracting(AqiReport::start)
        .containsExactly(HOUR.minus(Duration.ofHours(2)), HOUR.minusSeconds(3600), HOUR);
    var latest = rated(hours.get(2), Pollutant.PM25, "24h");
    assertThat(latest.concentration()).isEqualTo(20.0);
    assertThat(latest.index().category().name()).isEqualTo("Fair");
    // Two hours earlier the 24 hours hold 22 with data: 10 of 30 and 12 of 10 µg/m³.
    var earlier = rated(hours.get(0), Pollutant.PM25, "24h");
    assertThat(earlier.hours()).isEqualTo(22);
    assertThat(earlier.concentration()).isCloseTo(420.0 / 22, within(1e-12));
    var sparse =
        reports.hourly(
            List.of("A"),
            HOUR.minus(Duration.ofHours(23)),
            HOUR.minus(Duration.ofHours(22)),
            AqiScales.of("eu-eaqi"));
    assertThat(rated(sparse.get(0), Pollutant.PM25, "24h").reason())
        .isEqualTo("a 24h average needs hourly means for at least 18 of its 24 hours, got 1");
  }
}
