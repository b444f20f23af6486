package org.aqmrg.rollups.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.aqmrg.config.Secret;
import org.aqmrg.config.Settings;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.influx.InfluxQl;
import org.aqmrg.readings.influx.InfluxReadingStore;
import org.aqmrg.rollups.DailyStatistics;
import org.aqmrg.rollups.HourlyStatistics;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.rollups.RollupStoreContract;
import org.aqmrg.rollups.SensorDay;
import org.aqmrg.rollups.SensorHour;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The contract on the test InfluxDB 1.6.7, in a database of its own with the seed's retention
 * policies that is dropped at the end, plus what only InfluxDB needs: a rewrite with fewer fields
 * or without an interval (InfluxDB keeps the fields a later write lacks), statements split by
 * sensors, the field types of the layout, the seed's continuous-query points left unread, and
 * sensor ids that line protocol cannot carry.
 */
class InfluxRollupStoreIT extends RollupStoreContract {
  private static final String DATABASE =
      "aqmrg_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private static final List<Field> ALL = List.of(Field.values());

  private static InfluxReadingStore newStore() {
    return new InfluxReadingStore(
        new Settings.Influx(
            Optional.of(TestServers.env("AQMRG_TEST_INFLUXDB_URL")),
            Secret.of(""),
            "aqmrg",
            DATABASE,
            "",
            Secret.of("")));
  }

  @Override
  protected ReadingStore newReadingStore() {
    return newStore();
  }

  @Override
  protected RollupStore newRollupStore(ReadingStore readings) {
    return new InfluxRollupStore((InfluxReadingStore) readings);
  }

  @AfterAll
  static void dropDatabase() {
    try (var store = newStore()) {
      influxQl(store, "DROP DATABASE " + InfluxQl.identifier(DATABASE), result -> {});
    }
  }

  private static void influxQl(
      InfluxReadingStore store, String statement, Consumer<JsonNode> result) {
    store.http().queryChunked(DATABASE, statement, 1_000, result);
  }

  /** Writes line protocol straight to a retention policy, past the rollup store. */
  private void writeLines(String retentionPolicy, String lines) {
    byte[] body = lines.getBytes(StandardCharsets.UTF_8);
    ((InfluxReadingStore) readings)
        .http()
        .write(DATABASE, retentionPolicy, body, (int) lines.lines().count());
  }

  /** The type of each field key of {@code air_quality} in a retention policy. */
  private Map<String, String> fieldTypes(String retentionPolicy) {
    var types = new HashMap<String, String>();
    influxQl(
        (InfluxReadingStore) readings,
        "SHOW FIELD KEYS FROM " + InfluxQl.measurement(DATABASE, retentionPolicy),
        result -> {
          for (JsonNode series : result.path("series")) {
            for (JsonNode row : series.path("values")) {
              types.put(row.path(0).asText(), row.path(1).asText());
            }
          }
        });
    return types;
  }

  private static HourlyStatistics hourly(Instant hour, Duration interval, double... values) {
    return HourlyStatistics.of(hour, values, interval);
  }

  private static long nanos(Instant time) {
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }

  @Test
  void an_hour_written_again_with_fewer_fields_and_no_interval_holds_only_what_was_written() {
    String id = sensor("again");
    writeHour(
        new SensorHour(
            id,
            base,
            Map.of(
                Field.PM25, hourly(base, Duration.ofSeconds(60), 1, 2, 3),
                Field.PM10, hourly(base, Duration.ofSeconds(60), 4))));
    var again = new SensorHour(id, base, Map.of(Field.PM25, hourly(base, null, 8)));

    writeHour(again);

    assertThat(store.hours(List.of(id), base, base.plusSeconds(3600), ALL)).containsExactly(again);
  }

  private void writeHour(SensorHour hour) {
    store.writeHours(List.of(hour));
  }

  @Test
  void a_day_written_again_without_a_field_no_longer_has_it() {
    String id = sensor("day-again");
    var zone = ZoneId.of("Africa/Lagos");
    var day = LocalDate.of(2026, 11, 30);
    var hours = List.of(hourly(day.atStartOfDay(zone).toInstant(), Duration.ofMinutes(1), 5, 6));
    var daily = DailyStatistics.of(day, zone, hours);
    store.writeDays(
        List.of(new SensorDay(id, day, zone, Map.of(Field.PM25, daily, Field.O3, daily))));
    var again = new SensorDay(id, day, zone, Map.of(Field.O3, daily));

    store.writeDays(List.of(again));

    assertThat(store.days(List.of(id), again.start(), again.start().plusSeconds(1), ALL))
        .containsExactly(again);
  }

  @Test
  void more_sensors_than_one_statement_names_are_all_read() {
    var ids = IntStream.range(0, 230).mapToObj(i -> sensor("many-" + i)).toList();
    store.writeHours(
        ids.stream()
            .map(id -> new SensorHour(id, base, Map.of(Field.O3, hourly(base, null, 3))))
            .toList());
    readings.write(
        ids.stream()
            .map(id -> Reading.builder(id, nanos(base.plusSeconds(1))).set(Field.O3, 3).build())
            .toList());

    assertThat(store.hours(ids, base, base.plusSeconds(3600), List.of(Field.O3)))
        .hasSize(ids.size());
    assertThat(store.aggregateRaw(ids, base, base.plusSeconds(3600))).hasSize(ids.size());
  }

  @Test
  void rollups_are_stored_with_the_field_types_of_the_layout() {
    String id = sensor("layout");
    writeHour(
        new SensorHour(id, base, Map.of(Field.PM25, hourly(base, Duration.ofSeconds(30), 1, 2))));
    var zone = ZoneId.of("Africa/Lagos");
    var day = LocalDate.of(2026, 11, 30);
    var hours = List.of(hourly(day.atStartOfDay(zone).toInstant(), Duration.ofMinutes(1), 5, 6));
    store.writeDays(
        List.of(
            new SensorDay(
                id, day, zone, Map.of(Field.PM25, DailyStatistics.of(day, zone, hours)))));

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

  @Test
  void points_of_the_seeds_continuous_queries_are_not_read_as_rollups() {
    String id = sensor("cq");
    var written = new SensorHour(id, base, Map.of(Field.PM25, hourly(base, null, 1, 2)));
    writeHour(written);
    Instant next = base.plusSeconds(3600);
    writeLines(
        "sensor_data_hourly",
        "air_quality,location=Ikeja,sensor_id="
            + id
            + " pm25=9,pm25_min=9,pm25_max=9,pm25_count=1i "
            + nanos(base)
            + "\nair_quality,location=Ikeja,sensor_id="
            + id
            + " pm25=9,pm25_min=9,pm25_max=9,pm25_count=1i "
            + nanos(next));
    writeLines(
        "sensor_data_daily",
        "air_quality,sensor_id="
            + id
            + " pm25=9,pm25_min=9,pm25_max=9,pm25_count=1i "
            + nanos(base.minusSeconds(86_400)));

    assertThat(store.hours(List.of(id), base, next.plusSeconds(3600), ALL))
        .containsExactly(written);
    assertThat(store.days(List.of(id), base.minusSeconds(2 * 86_400), base, ALL)).isEmpty();
  }

  @Test
  void a_sensor_id_that_line_protocol_cannot_carry_is_refused_before_anything_is_sent() {
    String good = sensor("good");
    var hours =
        List.of(
            new SensorHour(good, base, Map.of(Field.PM25, hourly(base, null, 1))),
            new SensorHour(sensor("bad\\"), base, Map.of(Field.PM25, hourly(base, null, 1))));

    assertThatThrownBy(() -> store.writeHours(hours))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ends with a backslash");
    assertThat(store.hours(List.of(good), base, base.plusSeconds(3600), ALL)).isEmpty();
  }
}
