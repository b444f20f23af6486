package org.aqmrg.rollups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.registry.RegistryLookup.SensorFacts;
import org.junit.jupiter.api.Test;

/** Recomputing hours and days on an in-memory store: coverage, estimates, local days. */
class RollupsTest {
  private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");
  private static final ZoneId LAGOS = ZoneId.of("Africa/Lagos");

  private final MemoryRollupStore store = new MemoryRollupStore();
  private final Map<String, SensorFacts> facts = new HashMap<>();
  private final Rollups rollups =
      new Rollups(
          store,
          store,
          new Rollups.Registry() {
            @Override
            public Map<String, SensorFacts> facts(Collection<String> ids) {
              return facts;
            }

            @Override
            public List<String> sensorIds() {
              return List.copyOf(facts.keySet());
            }
          });

  private static Reading pm25(String sensor, Instant time, double value) {
    long nanos = time.getEpochSecond() * 1_000_000_000L + time.getNano();
    return Reading.builder(sensor, nanos).set(Field.PM25, value).build();
  }

  /** Readings every {@code every} through the hour from its start, values 1, 2, 3 … */
  private void everyMinutes(String sensor, Instant hour, int every) {
    for (int m = 0, v = 1; m < 60; m += every, v++) {
      store.add(pm25(sensor, hour.plus(Duration.ofMinutes(m)), v));
    }
  }

  @Test
  void an_hour_gets_its_coverage_from_the_metadata_interval_and_its_day_from_the_stored_hours() {
    facts.put("S-1", new SensorFacts("S-1", Optional.of(Duration.ofMinutes(5)), SensorFacts.UTC));
    everyMinutes("S-1", HOUR, 10); // 6 of 12 expected

    int written = rollups.recompute(List.of(new HourKey("S-1", HOUR)));

    assertThat(written).isEqualTo(1);
    var hour = store.hour("S-1", HOUR).fields().get(Field.PM25);
    assertThat(hour.count()).isEqualTo(6);
    assertThat(hour.mean()).isEqualTo(3.5);
    assertThat(hour.interval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(hour.coverage()).isEqualTo(50.0);
    var day = store.day("S-1", Instant.parse("2026-11-20T00:00:00Z")).fields().get(Field.PM25);
    assertThat(day.hoursWithData()).isEqualTo(1);
    assertThat(day.validHours()).isZero();
    assertThat(day.complete()).isFalse();
  }

  @Test
  void without_a_metadata_interval_it_is_estimated_from_the_day_before_the_hours_end() {
    everyMinutes("S-2", HOUR.minus(Duration.ofHours(1)), 2);
    everyMinutes("S-2", HOUR, 4); // 15 of the 30 the estimated 2 min expect

    rollups.recompute(List.of(new HourKey("S-2", HOUR)));

    var hour = store.hour("S-2", HOUR).fields().get(Field.PM25);
    assertThat(hour.interval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(hour.coverage()).isCloseTo(50.0, within(1e-9));
    assertThat(store.hour("S-2", HOUR.minus(Duration.ofHours(1)))).isNull();
  }

  @Test
  void an_hour_without_raw_readings_is_left_as_stored() {
    everyMinutes("S-3", HOUR, 30);
    rollups.recompute(List.of(new HourKey("S-3", HOUR)));
    var stored = store.hour("S-3", HOUR);

    var raw = new MemoryRollupStore();
    raw.writeHours(List.of(stored));
    var again = new Rollups(raw, raw, rollupsRegistry());
    assertThat(again.recompute(List.of(new HourKey("S-3", HOUR)))).isZero();
    assertThat(raw.hour("S-3", HOUR)).isEqualTo(stored);
    assertThat(raw.dayCount()).isZero();
  }

  @Test
  void an_hour_from_23_utc_belongs_to_the_next_local_day_in_lagos() {
    facts.put("S-4", new SensorFacts("S-4", Optional.of(Duration.ofMinutes(1)), LAGOS));
    Instant late = Instant.parse("2026-11-20T23:00:00Z");
    everyMinutes("S-4", late, 1);
    everyMinutes("S-4", late.minus(Duration.ofHours(1)), 1);

    rollups.recompute(
        List.of(new HourKey("S-4", late), new HourKey("S-4", late.minus(Duration.ofHours(1)))));

    var next = store.day("S-4", Instant.parse("2026-11-20T23:00:00Z")).fields().get(Field.PM25);
    assertThat(next.day()).isEqualTo(LocalDate.parse("2026-11-21"));
    assertThat(next.validHours()).isEqualTo(1);
    var before = store.day("S-4", Instant.parse("2026-11-19T23:00:00Z")).fields().get(Field.PM25);
    assertThat(before.day()).isEqualTo(LocalDate.parse("2026-11-20"));
    assertThat(before.start()).isEqualTo(Instant.parse("2026-11-19T23:00:00Z"));
  }

  @Test
  void rebuild_covers_every_hour_with_raw_data_and_reports_progress_in_sensor_hours() {
    facts.put("S-5", SensorFacts.unknown("S-5"));
    everyMinutes("S-5", HOUR, 15);
    everyMinutes("S-5", HOUR.plus(Duration.ofDays(1)), 15);
    var reported = new java.util.ArrayList<long[]>();

    long written =
        rollups.rebuild(
            HOUR.minus(Duration.ofHours(2)),
            HOUR.plus(Duration.ofDays(2)),
            List.of(),
            (done, total) -> reported.add(new long[] {done, total}));

    assertThat(written).isEqualTo(2);
    assertThat(store.hour("S-5", HOUR.plus(Duration.ofDays(1)))).isNotNull();
    assertThat(reported.get(0)).containsExactly(0, 50);
    assertThat(reported.get(reported.size() - 1)).containsExactly(50, 50);
  }

  private Rollups.Registry rollupsRegistry() {
    return new Rollups.Registry() {
      @Override
      public Map<String, SensorFacts> facts(Collection<String> ids) {
        return Map.of();
      }

      @Override
      public List<String> sensorIds() {
        return List.of();
      }
    };
  }
}
