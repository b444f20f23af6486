package org.aqmrg.rollups.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.aqmrg.config.Secret;
import org.aqmrg.config.Settings;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.influx.InfluxQl;
import org.aqmrg.readings.influx.InfluxReadingStore;
import org.aqmrg.rollups.DailyStatistics;
import org.aqmrg.rollups.HourlyStatistics;
import org.aqmrg.rollups.SensorDay;
import org.aqmrg.rollups.SensorHour;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rollups on the test InfluxDB 1.6.7, in a database of its own with the seed's retention
 * policies, dropped at the end.
 */
class InfluxRollupStoreIT {
  private static final String DATABASE =
      "aqmrg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final List<Field> ALL = List.of(Field.values());
  private static InfluxReadingStore readings;
  private static InfluxRollupStore rollups;

  private final String prefix = "R" + UUID.randomUUID().toString().substring(0, 8) + "-";
  private final Instant base =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));

  @BeforeAll
  static void open() {
    readings =
        new InfluxReadingStore(
            new Settings.Influx(
                Optional.of(TestServers.env("AQMRG_TEST_INFLUXDB_URL")),
                Secret.of(""),
                "aqmrg",
                DATABASE,
                "",
                Secret.of("")));
    readings.createBuckets();
    rollups = new InfluxRollupStore(readings);
  }

  @AfterAll
  static void drop() {
    readings
        .http()
        .queryChunked(DATABASE, "DROP DATABASE " + InfluxQl.identifier(DATABASE), 1, r -> {});
    readings.close();
  }

  private String sensor(String name) {
    return prefix + name;
  }

  private static long nanos(Instant time) {
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }

  private static HourlyStatistics hourly(Instant hour, Duration interval, double... values) {
    return HourlyStatistics.of(hour, values, interval);
  }

  @Test
  void aggregate_raw_gives_the_statistics_of_each_sensors_readings_per_hour() {
    String a = sensor("a");
    String b = sensor("b");
    double[] pm25 = {12.5, 40, 7.25, 18};
    double[] pm10 = {30, 31.5, 33};
    var written = new ArrayList<Reading>();
    for (int i = 0; i < pm25.length; i++) {
      var reading =
          Reading.builder(a, nanos(base.plusSeconds(60 * i + 7))).set(Field.PM25, pm25[i]);
      if (i < pm10.length) {
        reading.set(Field.PM10, pm10[i]);
      }
      written.add(reading.build());
    }
    written.add(
        Reading.builder(a, nanos(base.plus(Duration.ofMinutes(61)))).set(Field.O3, 30.25).build());
    written.add(
        Reading.builder(b, nanos(base.plus(Duration.ofMinutes(5)))).set(Field.PM25, 9).build());
    readings.write(written);

    var hours = rollups.aggregateRaw(List.of(b, a), base, base.plus(Duration.ofHours(2)));

    assertThat(hours)
        .extracting(h -> h.sensorId() + " " + h.hour() + " " + h.fields().keySet())
        .containsExactly(
            a + " " + base + " [PM25, PM10]",
            b + " " + base + " [PM25]",
            a + " " + base.plus(Duration.ofHours(1)) + " [O3]");
    assertSame(hours.get(0).fields().get(Field.PM25), hourly(base, null, pm25));
    assertSame(hours.get(0).fields().get(Field.PM10), hourly(base, null, pm10));
    assertThat(hours.get(1).fields().get(Field.PM25)).isEqualTo(hourly(base, null, 9));
    assertThat(hours.get(2).fields().get(Field.O3))
        .isEqualTo(hourly(base.plus(Duration.ofHours(1)), null, 30.25));
  }

  /** Equal, the mean and sd to rounding: InfluxDB sums, the statistics use Welford's method. */
  private static void assertSame(HourlyStatistics actual, HourlyStatistics expected) {
    assertThat(actual.mean()).isCloseTo(expected.mean(), within(1e-9));
    assertThat(actual.sd()).isCloseTo(expected.sd(), within(1e-9));
    assertThat(actual).usingRecursiveComparison().ignoringFields("mean", "sd").isEqualTo(expected);
  }

  @Test
  void hours_come_back_exactly_for_sensor_ids_that_need_escaping() {
    var ids =
        List.of(
            sensor("quote'd\"s"),
            sensor("back\\slash"),
            sensor("sp ace,comma=eq"),
            sensor("ünï©ødé-東京"),
            sensor("x\\ y"));
    var written = new ArrayList<SensorHour>();
    for (String id : ids) {
      written.add(
          new SensorHour(
              id,
              base,
              Map.of(
                  Field.PM25, hourly(base, Duration.ofSeconds(60), 35.2, 0.1 + 0.2, 1e-7),
                  Field.CO, hourly(base, Duration.ofSeconds(60), 0.4))));
    }
    rollups.writeHours(written);

    assertThat(rollups.hours(ids, base, base.plus(Duration.ofHours(1)), ALL))
        .containsExactlyElementsOf(
            written.stream().sorted((x, y) -> x.sensorId().compareTo(y.sensorId())).toList());
  }

  @Test
  void hours_hold_only_the_asked_fields_and_leave_out_rollups_without_them() {
    String id = sensor("asked");
    Instant next = base.plus(Duration.ofHours(1));
    var first =
        new SensorHour(
            id,
            base,
            Map.of(
                Field.PM25, hourly(base, Duration.ofSeconds(120), 10, 20),
                Field.NO2, hourly(base, Duration.ofSeconds(120), 21)));
    var second = new SensorHour(id, next, Map.of(Field.NO2, hourly(next, null, 5, 6, 7)));
    rollups.writeHours(List.of(first, second));

    assertThat(rollups.hours(List.of(id), base, next.plusSeconds(3600), List.of(Field.PM25)))
        .containsExactly(
            new SensorHour(id, base, Map.of(Field.PM25, first.fields().get(Field.PM25))));
    assertThat(rollups.hours(List.of(id), base, next.plusSeconds(3600), List.of(Field.NO2)))
        .extracting(h -> h.fields().get(Field.NO2))
        .containsExactly(first.fields().get(Field.NO2), second.fields().get(Field.NO2));
    assertThat(rollups.hours(List.of(id), next, next, ALL)).isEmpty();
  }

  @Test
  void an_hour_written_again_replaces_the_stored_one_even_with_fewer_fields() {
    String id = sensor("again");
    rollups.writeHours(
        List.of(
            new SensorHour(
                id,
                base,
                Map.of(
                    Field.PM25, hourly(base, Duration.ofSeconds(60), 1, 2, 3),
                    Field.PM10, hourly(base, Duration.ofSeconds(60), 4)))));
    var again = new SensorHour(id, base, Map.of(Field.PM25, hourly(base, null, 8)));

    rollups.writeHours(List.of(again));

    assertThat(rollups.hours(List.of(id), base, base.plusSeconds(3600), ALL))
        .containsExactly(again);
  }

  @Test
  void days_come_back_exactly_for_clock_change_days_and_lagos() {
    String id = sensor("day's \\ = ,");
    var london = ZoneId.of("Europe/London");
    var lagos = ZoneId.of("Africa/Lagos");
    var days =
        List.of(
            day(id, LocalDate.of(2026, 3, 29), london),
            day(id, LocalDate.of(2026, 10, 25), london),
            day(id, LocalDate.of(2026, 11, 30), lagos));
    rollups.writeDays(days);

    var read =
        rollups.days(
            List.of(id),
            Instant.parse("2026-03-01T00:00:00Z"),
            Instant.parse("2026-12-01T00:00:00Z"),
            ALL);

    assertThat(read).containsExactlyElementsOf(days);
    assertThat(read)
        .extracting(d -> d.fields().get(Field.PM25).hours())
        .containsExactly(23, 25, 24);
    assertThat(read.get(2).start()).isEqualTo(Instant.parse("2026-11-29T23:00:00Z"));
    assertThat(
            rollups.days(
                List.of(id),
                Instant.parse("2026-11-29T23:00:00Z"),
                Instant.parse("2026-11-29T23:00:01Z"),
                List.of(Field.PM10)))
        .isEmpty();
  }

  /** A day whose every hour has pm25 readings at one a minute, the first 20 hours all 60. */
  private static SensorDay day(String id, LocalDate day, ZoneId zone) {
    var hours = new ArrayList<HourlyStatistics>();
    Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
    int index = 0;
    for (Instant hour = day.atStartOfDay(zone).toInstant();
        hour.isBefore(end);
        hour = hour.plusSeconds(3600)) {
      int n = index++ < 20 ? 60 : 30;
      double[] values = IntStream.range(0, n).mapToDouble(i -> 10 + i % 7 + 0.25).toArray();
      hours.add(HourlyStatistics.of(hour, values, Duration.ofMinutes(1)));
    }
    return new SensorDay(id, day, zone, Map.of(Field.PM25, DailyStatistics.of(day, zone, hours)));
  }

  @Test
  void more_sensors_than_one_statement_names_are_all_read() {
    var ids = IntStream.range(0, 230).mapToObj(i -> sensor("many-" + i)).toList();
    var written =
        ids.stream()
            .map(id -> new SensorHour(id, base, Map.of(Field.O3, hourly(base, null, 3))))
            .toList();
    rollups.writeHours(written);
    readings.write(
        ids.stream()
            .map(id -> Reading.builder(id, nanos(base.plusSeconds(1))).set(Field.O3, 3).build())
            .toList());

    assertThat(rollups.hours(ids, base, base.plusSeconds(3600), List.of(Field.O3)))
        .hasSize(ids.size());
    assertThat(rollups.aggregateRaw(ids, base, base.plusSeconds(3600))).hasSize(ids.size());
  }

  @Test
  void rollups_are_stored_in_the_seed_layout() {
    String id = sensor("layout");
    rollups.writeHours(
        List.of(
            new SensorHour(
                id, base, Map.of(Field.PM25, hourly(base, Duration.ofSeconds(30), 1, 2)))));
    rollups.writeDays(List.of(day(id, LocalDate.of(2026, 11, 30), ZoneId.of("Africa/Lagos"))));

    assertThat(fieldTypes("sensor_data_hourly"))
        .containsEntry("pm25", "float")
        .containsEntry("pm25_count", "integer")
        .containsEntry("pm25_sd", "float")
        .containsEntry("pm25_median", "float")
        .containsEntry("pm25_coverage", "float")
        .containsEntry("interval_s", "float");
    assertThat(fieldTypes("sensor_data_daily"))
        .containsEntry("pm25_hours", "integer")
        .containsEntry("pm25_valid_hours", "integer")
        .containsEntry("pm25_complete", "boolean")
        .containsEntry("hours", "integer")
        .containsEntry("zone", "string")
        .containsEntry("day", "string");
  }

  private static Map<String, String> fieldTypes(String retentionPolicy) {
    var types = new HashMap<String, String>();
    readings
        .http()
        .queryChunked(
            DATABASE,
            "SHOW FIELD KEYS FROM " + InfluxQl.measurement(DATABASE, retentionPolicy),
            1_000,
            result -> {
              for (JsonNode series : result.path("series")) {
                for (JsonNode row : series.path("values")) {
                  types.put(row.path(0).asText(), row.path(1).asText());
                }
              }
            });
    return types;
  }

  @Test
  void a_sensor_id_that_line_protocol_cannot_carry_is_refused_before_anything_is_sent() {
    String good = sensor("good");
    var hours =
        List.of(
            new SensorHour(good, base, Map.of(Field.PM25, hourly(base, null, 1))),
            new SensorHour(sensor("bad\\"), base, Map.of(Field.PM25, hourly(base, null, 1))));

    assertThatThrownBy(() -> rollups.writeHours(hours))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ends with a backslash");
    assertThat(rollups.hours(List.of(good), base, base.plusSeconds(3600), ALL)).isEmpty();
  }
}
