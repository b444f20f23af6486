package org.aqmrg.rollups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link RollupStore} adapter does, run against real servers by one subclass per
 * adapter, with the raw readings written through the {@link ReadingStore} of the same store.
 */
public abstract class RollupStoreContract {
  private static final List<Field> ALL = List.of(Field.values());
  private static final Duration MINUTE = Duration.ofMinutes(1);

  /** Sensor ids of this test begin with it, apart from those of every other test. */
  private final String prefix = "R" + UUID.randomUUID().toString().substring(0, 8) + "-";

  protected ReadingStore readings;
  protected RollupStore store;

  /** The start of a UTC hour two days ago: raw readings of it are well within their retention. */
  protected final Instant base =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(2));

  /** A reading store over a database of the test class's own. */
  protected abstract ReadingStore newReadingStore();

  /** The rollup store on the same server and database as {@code readings}. */
  protected abstract RollupStore newRollupStore(ReadingStore readings);

  @BeforeEach
  void openStores() {
    readings = newReadingStore();
    readings.createBuckets();
    store = newRollupStore(readings);
  }

  protected String sensor(String name) {
    return prefix + name;
  }

  /** Closes the reading store, and with it what the rollup store shares of it. */
  @AfterEach
  void closeStores() {
    readings.close();
  }

  private Instant hour(int after) {
    return base.plus(Duration.ofHours(after));
  }

  /** Writes one raw reading of {@code sensor} at {@code time} with these values. */
  private void write(String sensor, Instant time, Map<Field, Double> values) {
    var reading =
        Reading.builder(sensor(sensor), time.getEpochSecond() * 1_000_000_000L + time.getNano());
    values.forEach(reading::set);
    readings.write(List.of(reading.build()));
  }

  /** Writes one pm25 reading per value, seven minutes apart from the hour's start; returns them. */
  private Map<Field, double[]> series(String sensor, Instant hour, double... pm25) {
    var batch = new ArrayList<Reading>();
    for (int i = 0; i < pm25.length; i++) {
      Instant time = hour.plus(MINUTE.multipliedBy(7L * i));
      batch.add(
          Reading.builder(sensor(sensor), time.getEpochSecond() * 1_000_000_000L)
              .set(Field.PM25, pm25[i])
              .build());
    }
    readings.write(batch);
    var fields = new EnumMap<Field, double[]>(Field.class);
    fields.put(Field.PM25, pm25);
    return fields;
  }

  private SensorHour expected(String sensor, Instant hour, Map<Field, double[]> values) {
    var fields = new EnumMap<Field, HourlyStatistics>(Field.class);
    values.forEach((field, v) -> fields.put(field, HourlyStatistics.of(hour, v, null)));
    return new SensorHour(sensor(sensor), hour, fields);
  }

  /** The same rollups in the same order, each statistic within 1e-9 of the expected, relatively. */
  private static void assertAgree(List<SensorHour> actual, List<SensorHour> expected) {
    assertThat(actual)
        .extracting(h -> h.sensorId() + " " + h.hour() + " " + h.fields().keySet())
        .containsExactlyElementsOf(
            expected.stream()
                .map(h -> h.sensorId() + " " + h.hour() + " " + h.fields().keySet())
                .toList());
    for (int i = 0; i < actual.size(); i++) {
      for (var entry : expected.get(i).fields().entrySet()) {
        HourlyStatistics want = entry.getValue();
        HourlyStatistics got = actual.get(i).fields().get(entry.getKey());
        String what = actual.get(i).sensorId() + " " + entry.getKey() + " at " + want.hour();
        assertThat(got.count()).as(what).isEqualTo(want.count());
        assertClose(what + " mean", got.mean(), want.mean());
        assertClose(what + " min", got.min(), want.min());
        assertClose(what + " max", got.max(), want.max());
        assertClose(what + " sd", got.sd(), want.sd());
        assertClose(what + " median", got.median(), want.median());
        assertThat(got.interval()).as(what).isNull();
        assertThat(got.coverage()).as(what).isNull();
      }
    }
  }

  private static void assertClose(String what, Double actual, Double expected) {
    if (expected == null) {
      assertThat(actual).as(what).isNull();
    } else {
      assertThat(actual).as(what).isCloseTo(expected, within(Math.abs(expected) * 1e-9));
    }
  }

  @Test
  void aggregate_raw_equals_the_hourly_statistics_of_the_same_values_per_sensor_and_hour() {
    // a, hour 0: an even count of pm25, pm10 once (no sd), temperature three times.
    double[] pm25 = {12.5, 35.25, 7.0, 19.75};
    double[] temperature = {28.1, 28.4, 28.9};
    for (int i = 0; i < pm25.length; i++) {
      var values = new EnumMap<Field, Double>(Field.class);
      values.put(Field.PM25, pm25[i]);
      if (i < temperature.length) {
        values.put(Field.TEMPERATURE, temperature[i]);
      }
      if (i == 1) {
        values.put(Field.PM10, 44.4);
      }
      write("a", hour(0).plus(MINUTE.multipliedBy(10L * i)), values);
    }
    var a1 = series("a", hour(1), 1.1, 2.2, 3.3, 100.5, 4.4);
    var b0 = new EnumMap<Field, double[]>(Field.class);
    b0.put(Field.PM25, new double[] {50, 60.125});
    b0.put(Field.NO2, new double[] {21});
    write("b", hour(0), Map.of(Field.PM25, 50.0, Field.NO2, 21.0));
    write("b", hour(0).plus(Duration.ofMillis(3_599_999)), Map.of(Field.PM25, 60.125));
    // Outside [hour 0, hour 2), or another sensor's.
    write("a", hour(2), Map.of(Field.PM25, 999.0));
    write("a", hour(0).minusSeconds(1), Map.of(Field.PM25, 888.0));
    write("c", hour(0), Map.of(Field.PM25, 5.0));

    var a0 = new EnumMap<Field, double[]>(Field.class);
    a0.put(Field.PM25, pm25);
    a0.put(Field.PM10, new double[] {44.4});
    a0.put(Field.TEMPERATURE, temperature);
    assertAgree(
        store.aggregateRaw(List.of(sensor("b"), sensor("a")), hour(0), hour(2)),
        List.of(
            expected("a", hour(0), a0), expected("b", hour(0), b0), expected("a", hour(1), a1)));
  }

  @Test
  void a_raw_reading_written_again_with_another_value_changes_the_aggregate() {
    write("r", hour(0).plus(MINUTE), Map.of(Field.PM25, 10.0));
    write("r", hour(0).plus(MINUTE.multipliedBy(2)), Map.of(Field.PM25, 20.0));
    assertThat(store.aggregateRaw(List.of(sensor("r")), hour(0), hour(1)))
        .singleElement()
        .satisfies(h -> assertThat(h.fields().get(Field.PM25).mean()).isEqualTo(15.0));

    write("r", hour(0).plus(MINUTE), Map.of(Field.PM25, 30.0));

    assertAgree(
        store.aggregateRaw(List.of(sensor("r")), hour(0), hour(1)),
        List.of(expected("r", hour(0), Map.of(Field.PM25, new double[] {30, 20}))));
  }

  /** Sensor ids that InfluxQL, line protocol or SQL would read otherwise if not escaped. */
  private static final List<String> AWKWARD =
      List.of("quo'te\"d", "back\\slash", "with space, comma=equals", "unicodé Łódź 東京 🌍");

  @Test
  void sensor_ids_that_need_escaping_round_trip_through_aggregates_hours_and_days() {
    var expected = new ArrayList<SensorHour>();
    for (int i = 0; i < AWKWARD.size(); i++) {
      double[] values = new double[i + 1];
      for (int j = 0; j <= i; j++) {
        values[j] = 10 * i + j;
      }
      expected.add(expected(AWKWARD.get(i), hour(0), series(AWKWARD.get(i), hour(0), values)));
    }
    expected.sort(java.util.Comparator.comparing(SensorHour::sensorId));
    List<String> ids = AWKWARD.stream().map(this::sensor).toList();

    List<SensorHour> aggregated = store.aggregateRaw(ids, hour(0), hour(1));
    assertAgree(aggregated, expected);

    store.writeHours(aggregated);
    assertThat(store.hours(ids, hour(0), hour(1), ALL)).isEqualTo(aggregated);

    var days = new ArrayList<SensorDay>();
    for (SensorHour h : aggregated) {
      days.add(day(h.sensorId(), LocalDate.of(2026, 6, 1), ZoneId.of("Africa/Lagos"), 20));
    }
    store.writeDays(days);
    assertThat(store.days(ids, Instant.parse("2026-05-31T00:00:00Z"), hour(0), ALL))
        .isEqualTo(days);
  }

  /** An hourly rollup of pm25 (and pm10 when given) at a reporting interval of one minute. */
  private SensorHour rollup(String sensor, Instant hour, double[] pm25, double[] pm10) {
    var fields = new EnumMap<Field, HourlyStatistics>(Field.class);
    fields.put(Field.PM25, HourlyStatistics.of(hour, pm25, MINUTE));
    if (pm10 != null) {
      fields.put(Field.PM10, HourlyStatistics.of(hour, pm10, MINUTE));
    }
    return new SensorHour(sensor(sensor), hour, fields);
  }

  @Test
  void written_hours_read_back_as_written_with_only_the_asked_fields_and_rewrites_replace() {
    var x0 = rollup("x", hour(-5), new double[] {1.5, 2.5, 4}, new double[] {7});
    var x1 = rollup("x", hour(-4), new double[] {3}, null);
    var y0 = rollup("y", hour(-5), new double[] {8, 9}, new double[] {10, 11.25, 12});
    var onlyPm10 =
        new SensorHour(
            sensor("y"),
            hour(-4),
            Map.of(Field.PM10, HourlyStatistics.of(hour(-4), new double[] {5}, null)));
    var outside = rollup("x", hour(-3), new double[] {99}, null);
    store.writeHours(List.of(outside, y0, x1, onlyPm10, x0));
    List<String> ids = List.of(sensor("x"), sensor("y"));

    assertThat(store.hours(ids, hour(-5), hour(-3), List.of(Field.PM10, Field.PM25)))
        .containsExactly(x0, y0, x1, onlyPm10);
    assertThat(store.hours(ids, hour(-5), hour(-3), List.of(Field.PM25)))
        .containsExactly(
            new SensorHour(sensor("x"), hour(-5), Map.of(Field.PM25, x0.fields().get(Field.PM25))),
            new SensorHour(sensor("y"), hour(-5), Map.of(Field.PM25, y0.fields().get(Field.PM25))),
            x1);
    assertThat(store.hours(List.of(sensor("y")), hour(-4), hour(-3), List.of(Field.CO))).isEmpty();

    var rewritten =
        new SensorHour(
            sensor("x"),
            hour(-5),
            Map.of(
                Field.PM25,
                HourlyStatistics.of(hour(-5), new double[] {6, 6.5}, MINUTE.dividedBy(2))));
    store.writeHours(List.of(rewritten));

    assertThat(store.hours(List.of(sensor("x")), hour(-5), hour(-4), ALL))
        .containsExactly(rewritten);
  }

  /**
   * A daily rollup of pm25 in {@code zone}: {@code valid} hours of four readings at a reporting
   * interval of 15 minutes (valid), then three hours of one reading (not valid).
   */
  private SensorDay day(String sensorId, LocalDate day, ZoneId zone, int valid) {
    Instant start = day.atStartOfDay(zone).toInstant();
    var hourly = new ArrayList<HourlyStatistics>();
    for (int i = 0; i < valid + 3; i++) {
      double[] values = i < valid ? new double[] {i, i + 1, i + 2.5, 2 * i} : new double[] {i};
      hourly.add(
          HourlyStatistics.of(start.plus(Duration.ofHours(i)), values, Duration.ofMinutes(15)));
    }
    return new SensorDay(
        sensorId, day, zone, Map.of(Field.PM25, DailyStatistics.of(day, zone, hourly)));
  }

  @Test
  void days_of_lagos_and_of_london_with_23_and_25_hours_read_back_as_written() {
    ZoneId lagos = ZoneId.of("Africa/Lagos");
    ZoneId london = ZoneId.of("Europe/London");
    var lagosDay = day(sensor("lagos"), LocalDate.of(2026, 11, 20), lagos, 19);
    var spring = day(sensor("london"), LocalDate.of(2026, 3, 29), london, 17);
    var autumn = day(sensor("london"), LocalDate.of(2026, 10, 25), london, 19);
    store.writeDays(List.of(autumn, lagosDay, spring));
    List<String> ids = List.of(sensor("lagos"), sensor("london"));

    var stored =
        store.days(ids, Instant.parse("2026-03-01T00:00:00Z"), hour(0), List.of(Field.PM25));

    assertThat(stored).containsExactly(spring, autumn, lagosDay);
    assertThat(stored)
        .extracting(
            d ->
                d.start()
                    + " "
                    + d.fields().get(Field.PM25).hours()
                    + " "
                    + d.fields().get(Field.PM25).complete()
                    + " "
                    + d.fields().get(Field.PM25).coverage())
        .containsExactly(
            "2026-03-29T00:00:00Z 23 false " + 100.0 * 17 / 23,
            "2026-10-24T23:00:00Z 25 true " + 100.0 * 19 / 25,
            "2026-11-19T23:00:00Z 24 true " + 100.0 * 19 / 24);
    assertThat(store.days(ids, lagosDay.start().plusSeconds(1), hour(0), List.of(Field.PM25)))
        .isEmpty();
    assertThat(store.days(ids, lagosDay.start(), hour(0), List.of(Field.PM10))).isEmpty();
  }

  @Test
  void a_day_written_again_replaces_the_stored_one() {
    ZoneId lagos = ZoneId.of("Africa/Lagos");
    store.writeDays(List.of(day(sensor("d"), LocalDate.of(2026, 11, 21), lagos, 20)));
    var again = day(sensor("d"), LocalDate.of(2026, 11, 21), lagos, 10);

    store.writeDays(List.of(again));

    assertThat(store.days(List.of(sensor("d")), again.start(), hour(0), ALL))
        .containsExactly(again);
  }

  @Test
  void empty_inputs_do_nothing_and_find_nothing() {
    store.writeHours(List.of());
    store.writeDays(List.of());
    write("e", hour(0), Map.of(Field.PM25, 1.0));

    assertThat(store.aggregateRaw(List.of(), hour(0), hour(1))).isEmpty();
    assertThat(store.hours(List.of(), hour(-100), hour(1), ALL)).isEmpty();
    assertThat(store.hours(List.of(sensor("e")), hour(-100), hour(1), List.of())).isEmpty();
    assertThat(store.days(List.of(), hour(-100), hour(1), ALL)).isEmpty();
    assertThat(store.days(List.of(sensor("e")), hour(-100), hour(1), List.of())).isEmpty();
    assertThat(store.aggregateRaw(List.of(sensor("e")), hour(1), hour(2))).isEmpty();
  }
}
