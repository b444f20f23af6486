package org.aqmrg.readings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ReadingStore} adapter does, run against real servers by one subclass per
 * adapter. Times are whole microseconds, the finest both stores keep.
 */
public abstract class ReadingStoreContract {
  protected ReadingStore store;
  private String prefix;
  private final Instant base =
      Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(2));

  /** A store over an empty database of its own. */
  protected abstract ReadingStore newStore();

  @BeforeEach
  void open() {
    store = newStore();
    store.createBuckets();
    prefix = "T" + UUID.randomUUID().toString().substring(0, 8) + "-";
  }

  @AfterEach
  void close() {
    store.close();
  }

  private String sensor(String name) {
    return prefix + name;
  }

  private long nanos(Duration after) {
    Instant time = base.plus(after);
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }

  private Reading reading(String sensor, Duration after, double pm25) {
    return Reading.builder(sensor(sensor), nanos(after))
        .location("Ikeja")
        .manufacturer("PurpleAir")
        .set(Field.PM25, pm25)
        .set(Field.PM10, pm25 * 1.5)
        .set(Field.TEMPERATURE, 28.5)
        .set(Field.HUMIDITY, 78)
        .set(Field.CO, 0.4)
        .set(Field.NO2, 21)
        .set(Field.O3, 30.25)
        .build();
  }

  private List<Reading> all(String sensor) {
    return store.raw(
        sensor(sensor), base.minus(Duration.ofDays(1)), base.plus(Duration.ofDays(1)), 10_000);
  }

  @Test
  void written_readings_are_read_back_exactly_in_time_order() {
    var written =
        List.of(
            reading("a", Duration.ofMinutes(2), 12.5),
            reading("a", Duration.ofMinutes(1), 35.2),
            reading("a", Duration.ofMillis(60_000 * 3 + 123).plusNanos(456_000), 40.0));

    store.write(written);

    assertThat(all("a")).containsExactly(written.get(1), written.get(0), written.get(2));
  }

  @Test
  void a_reading_with_the_same_sensor_and_time_replaces_the_stored_one_field_by_field() {
    store.write(List.of(reading("b", Duration.ZERO, 10)));
    var partial =
        Reading.builder(sensor("b"), nanos(Duration.ZERO))
            .location("Ikeja")
            .manufacturer("PurpleAir")
            .set(Field.PM25, 99)
            .build();

    store.write(List.of(partial));

    var stored = all("b");
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).value(Field.PM25)).isEqualTo(99);
    assertThat(stored.get(0).value(Field.PM10)).isEqualTo(15);
  }

  @Test
  void duplicates_within_one_batch_end_as_one_reading() {
    store.write(List.of(reading("c", Duration.ZERO, 1), reading("c", Duration.ZERO, 2)));

    assertThat(all("c")).extracting(r -> r.value(Field.PM25)).containsExactly(2.0);
  }

  @Test
  void fields_a_sensor_did_not_report_stay_absent() {
    var sparse = Reading.builder(sensor("d"), nanos(Duration.ZERO)).set(Field.HUMIDITY, 55).build();

    store.write(List.of(sparse));

    var stored = all("d").get(0);
    assertThat(stored.has(Field.HUMIDITY)).isTrue();
    assertThat(stored.has(Field.PM25)).isFalse();
    assertThat(stored.fields()).containsOnlyKeys("humidity");
  }

  @Test
  void latest_is_the_newest_reading_of_that_sensor_only() {
    store.write(
        List.of(
            reading("e", Duration.ofMinutes(5), 5),
            reading("e", Duration.ofMinutes(9), 9),
            reading("e", Duration.ofMinutes(7), 7),
            reading("f", Duration.ofMinutes(20), 20)));

    assertThat(store.latest(sensor("e")))
        .hasValueSatisfying(r -> assertThat(r.value(Field.PM25)).isEqualTo(9));
    assertThat(store.latest(sensor("nobody"))).isEmpty();
  }

  @Test
  void raw_honours_from_inclusive_to_exclusive_and_the_limit() {
    var batch = new ArrayList<Reading>();
    for (int minute = 0; minute < 10; minute++) {
      batch.add(reading("g", Duration.ofMinutes(minute), minute));
    }
    store.write(batch);

    var window =
        store.raw(
            sensor("g"), base.plus(Duration.ofMinutes(2)), base.plus(Duration.ofMinutes(5)), 100);
    assertThat(window).extracting(r -> r.value(Field.PM25)).containsExactly(2.0, 3.0, 4.0);
    assertThat(store.raw(sensor("g"), base, base.plus(Duration.ofHours(1)), 4)).hasSize(4);
  }

  @Test
  void readings_spanning_days_are_stored() {
    var batch =
        List.of(
            reading("h", Duration.ofDays(-3), 1),
            reading("h", Duration.ofDays(-2), 2),
            reading("h", Duration.ofDays(-1), 3));

    store.write(batch);

    assertThat(store.raw(sensor("h"), base.minus(Duration.ofDays(4)), base, 100)).hasSize(3);
  }

  @Test
  void ids_and_tags_built_to_break_out_of_quotes_are_stored_as_they_are() {
    String hostile = "x'; DROP TABLE sensors; --\" \\ ,= \t";
    var reading =
        Reading.builder(prefix + hostile, nanos(Duration.ZERO))
            .location("Ikeja \"Computer Village\", 'Otigba'")
            .manufacturer("a\\b,c=d e")
            .set(Field.PM25, 1)
            .build();

    store.write(List.of(reading));

    assertThat(store.latest(prefix + hostile)).contains(reading);
  }

  @Test
  void a_large_batch_is_stored_whole() {
    var batch = new ArrayList<Reading>();
    for (int i = 0; i < 20_000; i++) {
      batch.add(reading("s" + (i % 200), Duration.ofSeconds(i / 200), i % 500));
    }

    store.write(batch);

    assertThat(all("s7")).hasSize(100);
  }

  @Test
  void the_seeds_buckets_exist_with_their_retention() {
    assertThat(store.buckets())
        .extracting(b -> b.name() + " " + b.retention())
        .containsExactly(
            "sensor_data 30d",
            "sensor_data_hourly 730d",
            "sensor_data_daily infinite",
            "predictions 365d");
    assertThat(store.createBuckets()).hasSize(4);
  }
}
