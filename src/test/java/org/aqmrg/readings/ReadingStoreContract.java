package org.aqmrg.readings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
  void a_batch_of_new_points_and_stored_ones_keeps_the_new_and_replaces_the_stored() {
    store.write(List.of(reading("m", Duration.ofMinutes(1), 10)));

    store.write(
        List.of(
            reading("m", Duration.ZERO, 5),
            reading("m", Duration.ofMinutes(1), 11),
            reading("m", Duration.ofMinutes(2), 12)));

    assertThat(all("m")).extracting(r -> r.value(Field.PM25)).containsExactly(5.0, 11.0, 12.0);
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

  // History: raw pages and windowed aggregates -------------------------------------------------

  /** The start of an hour well inside the raw retention and before now. */
  private final Instant h0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(6));

  private static long ns(Instant time) {
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }

  /** A reading of {@code sensor} at {@code time} with the given field, value pairs. */
  private Reading at(String sensor, Instant time, Object... fieldsAndValues) {
    var builder = Reading.builder(sensor(sensor), ns(time)).location("Ikeja");
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      builder.set((Field) fieldsAndValues[i], ((Number) fieldsAndValues[i + 1]).doubleValue());
    }
    return builder.build();
  }

  /** A window row starting at {@code start} with the given field, value pairs. */
  private static Row window(Instant start, Object... fieldsAndValues) {
    return row(start, null, fieldsAndValues);
  }

  private static Row row(Instant time, String sensorId, Object... fieldsAndValues) {
    double[] values = Row.noValues();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      values[((Field) fieldsAndValues[i]).ordinal()] =
          ((Number) fieldsAndValues[i + 1]).doubleValue();
    }
    return new Row(ns(time), sensorId, values);
  }

  private List<Row> windows(
      List<String> sensors,
      Instant from,
      Instant to,
      Duration every,
      Query.Aggregate fn,
      Field... fields) {
    var rows = new ArrayList<Row>();
    var query =
        new Query.Windowed(
            sensors.stream().map(this::sensor).toList(), from, to, List.of(fields), every, fn);
    assertThat(store.query(query, rows::add)).isEmpty();
    return rows;
  }

  private List<Row> hourly(String sensor, Query.Aggregate fn, Field... fields) {
    return windows(
        List.of(sensor), h0, h0.plus(Duration.ofHours(4)), Duration.ofHours(1), fn, fields);
  }

  /** All raw rows of the sensors, page by page; {@code pages} collects each page's size. */
  private List<Row> rawPages(
      List<String> sensorIds,
      Instant from,
      Instant to,
      int limit,
      List<Integer> pages,
      Field... fields) {
    var all = new ArrayList<Row>();
    Optional<Query.Position> after = Optional.empty();
    do {
      var page = new ArrayList<Row>();
      after =
          store.query(new Query.Raw(sensorIds, from, to, List.of(fields), limit, after), page::add);
      pages.add(page.size());
      all.addAll(page);
      assertThat(pages).as("pages so far").hasSizeLessThan(100);
    } while (after.isPresent());
    return all;
  }

  private Instant h(int hours, int minutes, int seconds) {
    return h0.plus(Duration.ofHours(hours).plusMinutes(minutes).plusSeconds(seconds));
  }

  @Test
  void each_function_gives_one_row_per_utc_hour_that_has_points_and_leaves_empty_hours_out() {
    store.write(
        List.of(
            at("w", h(0, 0, 0), Field.PM25, 10),
            at("w", h(0, 20, 0), Field.PM25, 20),
            at("w", h(0, 40, 0), Field.PM25, 40),
            at("w", h(2, 59, 59), Field.PM25, 9),
            at("w", h(2, 5, 0), Field.PM25, 7),
            at("w", h(4, 0, 0), Field.PM25, 1000)));

    assertThat(hourly("w", Query.Aggregate.MEAN, Field.PM25))
        .containsExactly(
            window(h0, Field.PM25, (10.0 + 20 + 40) / 3), window(h(2, 0, 0), Field.PM25, 8));
    assertThat(hourly("w", Query.Aggregate.MIN, Field.PM25))
        .containsExactly(window(h0, Field.PM25, 10), window(h(2, 0, 0), Field.PM25, 7));
    assertThat(hourly("w", Query.Aggregate.MAX, Field.PM25))
        .containsExactly(window(h0, Field.PM25, 40), window(h(2, 0, 0), Field.PM25, 9));
    assertThat(hourly("w", Query.Aggregate.COUNT, Field.PM25))
        .containsExactly(window(h0, Field.PM25, 3), window(h(2, 0, 0), Field.PM25, 2));
    assertThat(hourly("w", Query.Aggregate.LAST, Field.PM25))
        .containsExactly(window(h0, Field.PM25, 40), window(h(2, 0, 0), Field.PM25, 9));
  }

  @Test
  void from_is_inclusive_to_exclusive_and_windows_keep_their_aligned_start() {
    store.write(
        List.of(
            at("x", h(0, 10, 0), Field.PM25, 1),
            at("x", h(0, 20, 0), Field.PM25, 2),
            at("x", h(0, 40, 0), Field.PM25, 4),
            at("x", h(1, 30, 0), Field.PM25, 8),
            at("x", h(1, 45, 0), Field.PM25, 16)));

    var rows =
        windows(
            List.of("x"),
            h(0, 20, 0),
            h(1, 45, 0),
            Duration.ofHours(1),
            Query.Aggregate.MEAN,
            Field.PM25);

    assertThat(rows)
        .containsExactly(window(h0, Field.PM25, (2.0 + 4) / 2), window(h(1, 0, 0), Field.PM25, 8));
  }

  @Test
  void windows_of_minutes_and_of_days_are_aligned_to_the_epoch_in_utc() {
    Instant day0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
    store.write(
        List.of(
            at("y", day0.plus(Duration.ofMinutes(61)), Field.O3, 3),
            at("y", day0.plus(Duration.ofMinutes(64)), Field.O3, 5),
            at("y", day0.plus(Duration.ofMinutes(66)), Field.O3, 6),
            at("y", day0.plus(Duration.ofHours(23)), Field.O3, 10),
            at("y", day0.plus(Duration.ofHours(26)), Field.O3, 20)));

    assertThat(
            windows(
                List.of("y"),
                day0,
                day0.plus(Duration.ofDays(2)),
                Duration.ofDays(1),
                Query.Aggregate.MAX,
                Field.O3))
        .containsExactly(
            window(day0, Field.O3, 10), window(day0.plus(Duration.ofDays(1)), Field.O3, 20));
    assertThat(
            windows(
                List.of("y"),
                day0,
                day0.plus(Duration.ofHours(2)),
                Duration.ofMinutes(5),
                Query.Aggregate.COUNT,
                Field.O3))
        .containsExactly(
            window(day0.plus(Duration.ofMinutes(60)), Field.O3, 2),
            window(day0.plus(Duration.ofMinutes(65)), Field.O3, 1));
  }

  @Test
  void a_query_of_several_sensors_combines_their_points_into_one_series_of_windows() {
    store.write(
        List.of(
            at("loc1", h(0, 10, 0), Field.PM25, 10, Field.PM10, 100),
            at("loc2", h(0, 10, 0), Field.PM25, 30),
            at("loc2", h(0, 50, 0), Field.PM25, 5),
            at("loc3", h(0, 50, 0), Field.PM25, 6),
            at("loc1", h(1, 15, 0), Field.PM10, 50),
            at("other", h(0, 30, 0), Field.PM25, 999, Field.PM10, 999)));
    var sensors = List.of("loc1", "loc2", "loc3");
    Instant to = h(2, 0, 0);
    Duration hour = Duration.ofHours(1);

    assertThat(windows(sensors, h0, to, hour, Query.Aggregate.MEAN, Field.PM25, Field.PM10))
        .containsExactly(
            window(h0, Field.PM25, (10.0 + 30 + 5 + 6) / 4, Field.PM10, 100),
            window(h(1, 0, 0), Field.PM10, 50));
    assertThat(windows(sensors, h0, to, hour, Query.Aggregate.COUNT, Field.PM25, Field.PM10))
        .containsExactly(
            window(h0, Field.PM25, 4, Field.PM10, 1),
            window(h(1, 0, 0), Field.PM25, 0, Field.PM10, 1));
    assertThat(windows(sensors, h0, to, hour, Query.Aggregate.LAST, Field.PM25))
        .as("two sensors share the newest time: the greater value is the last")
        .containsExactly(window(h0, Field.PM25, 6));
    assertThat(windows(sensors, h0, to, hour, Query.Aggregate.MIN, Field.PM25, Field.PM10))
        .containsExactly(
            window(h0, Field.PM25, 5, Field.PM10, 100), window(h(1, 0, 0), Field.PM10, 50));
  }

  @Test
  void sum_median_and_first_per_hour_over_the_points_that_have_the_field() {
    store.write(
        List.of(
            at("f", h(0, 10, 0), Field.PM25, 4),
            at("f", h(0, 20, 0), Field.PM25, 1, Field.PM10, 50),
            at("f", h(0, 30, 0), Field.PM25, 7, Field.PM10, 20),
            at("f", h(1, 35, 0), Field.PM25, 3),
            at("f", h(1, 5, 0), Field.PM25, 10),
            at("f", h(1, 15, 0), Field.PM25, 2),
            at("f", h(1, 25, 0), Field.PM25, 8),
            at("f", h(3, 0, 0), Field.PM10, 6)));

    assertThat(hourly("f", Query.Aggregate.SUM, Field.PM25, Field.PM10))
        .containsExactly(
            window(h0, Field.PM25, 4 + 1 + 7, Field.PM10, 50 + 20),
            window(h(1, 0, 0), Field.PM25, 10 + 2 + 8 + 3),
            window(h(3, 0, 0), Field.PM10, 6));
    assertThat(hourly("f", Query.Aggregate.MEDIAN, Field.PM25, Field.PM10))
        .as("odd count: the middle value; even count: the mean of the two middle values")
        .containsExactly(
            window(h0, Field.PM25, 4, Field.PM10, (50.0 + 20) / 2),
            window(h(1, 0, 0), Field.PM25, (3.0 + 8) / 2),
            window(h(3, 0, 0), Field.PM10, 6));
    assertThat(hourly("f", Query.Aggregate.FIRST, Field.PM25, Field.PM10))
        .as("the oldest value of each field, written out of order in hour 1")
        .containsExactly(
            window(h0, Field.PM25, 4, Field.PM10, 50),
            window(h(1, 0, 0), Field.PM25, 10),
            window(h(3, 0, 0), Field.PM10, 6));
  }

  @Test
  void first_of_several_sensors_sharing_the_oldest_time_is_the_greatest_value_as_for_last() {
    store.write(
        List.of(
            at("fs1", h(0, 10, 0), Field.PM25, 9),
            at("fs2", h(0, 10, 0), Field.PM25, 3),
            at("fs3", h(0, 10, 0), Field.PM25, 4),
            at("fs3", h(0, 50, 0), Field.PM25, 1),
            at("fs1", h(0, 55, 0), Field.PM25, 5),
            at("other", h(0, 5, 0), Field.PM25, 0)));
    var sensors = List.of("fs1", "fs2", "fs3");
    Duration hour = Duration.ofHours(1);
    Instant to = h(1, 0, 0);

    assertThat(windows(sensors, h0, to, hour, Query.Aggregate.FIRST, Field.PM25))
        .as("three sensors share the oldest time: the greatest value is the first")
        .containsExactly(window(h0, Field.PM25, 9));
    assertThat(windows(List.of("fs2", "fs3"), h0, to, hour, Query.Aggregate.FIRST, Field.PM25))
        .containsExactly(window(h0, Field.PM25, 4));
    assertThat(windows(sensors, h0, to, hour, Query.Aggregate.SUM, Field.PM25))
        .containsExactly(window(h0, Field.PM25, 9 + 3 + 4 + 1 + 5));
    assertThat(windows(sensors, h0, to, hour, Query.Aggregate.MEDIAN, Field.PM25))
        .as("1, 3, 4, 5, 9")
        .containsExactly(window(h0, Field.PM25, 4));
    assertThat(windows(List.of("fs1", "fs3"), h0, to, hour, Query.Aggregate.MEDIAN, Field.PM25))
        .as("1, 4, 5, 9: the mean of 4 and 5")
        .containsExactly(window(h0, Field.PM25, 4.5));
  }

  @Test
  void late_and_replaced_points_count_once_with_their_newest_values() {
    store.write(
        List.of(
            at("late", h(0, 0, 0), Field.PM25, 10, Field.HUMIDITY, 50),
            at("late", h(0, 30, 0), Field.PM25, 20),
            at("late", h(1, 30, 0), Field.PM25, 40)));
    store.write(
        List.of(
            at("late", h(0, 30, 0), Field.PM25, 26),
            at("late", h(0, 45, 0), Field.PM25, 3),
            at("late", h(0, 0, 0), Field.HUMIDITY, 60)));

    assertThat(hourly("late", Query.Aggregate.MEAN, Field.PM25, Field.HUMIDITY))
        .containsExactly(
            window(h0, Field.PM25, (10.0 + 26 + 3) / 3, Field.HUMIDITY, 60),
            window(h(1, 0, 0), Field.PM25, 40));
    assertThat(hourly("late", Query.Aggregate.COUNT, Field.PM25))
        .containsExactly(window(h0, Field.PM25, 3), window(h(1, 0, 0), Field.PM25, 1));
    assertThat(
            rawPages(
                List.of(sensor("late")),
                h0,
                h(2, 0, 0),
                10,
                new ArrayList<>(),
                Field.PM25,
                Field.HUMIDITY))
        .containsExactly(
            row(h0, sensor("late"), Field.PM25, 10, Field.HUMIDITY, 60),
            row(h(0, 30, 0), sensor("late"), Field.PM25, 26),
            row(h(0, 45, 0), sensor("late"), Field.PM25, 3),
            row(h(1, 30, 0), sensor("late"), Field.PM25, 40));
  }

  @Test
  void fields_a_sensor_lacks_are_absent_and_windows_without_any_asked_field_are_left_out() {
    store.write(
        List.of(
            at("sparse", h(0, 5, 0), Field.PM25, 12),
            at("sparse", h(1, 5, 0), Field.HUMIDITY, 70),
            at("sparse", h(2, 5, 0), Field.CO, 0.5)));

    assertThat(hourly("sparse", Query.Aggregate.MAX, Field.PM25, Field.HUMIDITY))
        .containsExactly(window(h0, Field.PM25, 12), window(h(1, 0, 0), Field.HUMIDITY, 70));
    assertThat(hourly("sparse", Query.Aggregate.COUNT, Field.PM25, Field.HUMIDITY))
        .containsExactly(
            window(h0, Field.PM25, 1, Field.HUMIDITY, 0),
            window(h(1, 0, 0), Field.PM25, 0, Field.HUMIDITY, 1));
    assertThat(hourly("sparse", Query.Aggregate.MEAN, Field.NO2)).isEmpty();
    assertThat(
            rawPages(
                List.of(sensor("sparse")),
                h0,
                h(3, 0, 0),
                10,
                new ArrayList<>(),
                Field.HUMIDITY,
                Field.CO))
        .containsExactly(
            row(h(1, 5, 0), sensor("sparse"), Field.HUMIDITY, 70),
            row(h(2, 5, 0), sensor("sparse"), Field.CO, 0.5));
  }

  @Test
  void raw_pages_come_in_time_then_sensor_order_and_resume_exactly_after_the_cursor() {
    var written = new ArrayList<Reading>();
    var expected = new ArrayList<Row>();
    // Three sensors, often at the same time, so pages end in the middle of one time.
    for (int minute = 0; minute < 6; minute++) {
      for (String name : List.of("p-b", "p-a", "p-c")) {
        if (minute % 2 == 0 || !name.equals("p-c")) {
          double value = minute * 10 + name.charAt(2) - 'a';
          written.add(at(name, h(0, minute, 0), Field.PM25, value));
        }
      }
    }
    store.write(written);
    for (int minute = 0; minute < 6; minute++) {
      for (String name : List.of("p-a", "p-b", "p-c")) {
        if (minute % 2 == 0 || !name.equals("p-c")) {
          expected.add(
              row(h(0, minute, 0), sensor(name), Field.PM25, minute * 10 + name.charAt(2) - 'a'));
        }
      }
    }
    var sensors = List.of(sensor("p-c"), sensor("p-a"), sensor("p-b"));

    var pages = new ArrayList<Integer>();
    var rows = rawPages(sensors, h0, h(1, 0, 0), 4, pages, Field.PM25, Field.PM10);

    assertThat(rows).containsExactlyElementsOf(expected);
    assertThat(expected).hasSize(15);
    assertThat(pages).containsExactly(4, 4, 4, 3);
    var exact = new ArrayList<Integer>();
    assertThat(rawPages(sensors, h0, h(1, 0, 0), 5, exact, Field.PM25)).hasSize(15);
    assertThat(exact).as("a last full page ends the paging").containsExactly(5, 5, 5);
  }

  @Test
  void ids_built_to_break_out_of_quotes_match_only_themselves_in_history_queries() {
    List<String> hostile =
        List.of(
            "x' OR 1=1 --",
            "x' OR '1'='1",
            "\"; DROP MEASUREMENT air_quality; --",
            "'); DROP TABLE sensor_data; --",
            "back\\slash\\ n",
            "q\\' OR \"sensor_id\" =~ /.*/ --");
    var batch = new ArrayList<Reading>();
    batch.add(at("victim", h(0, 1, 0), Field.PM25, 1));
    for (int i = 0; i < hostile.size(); i++) {
      batch.add(at(hostile.get(i), h(0, 2, 0), Field.PM25, 100 + i));
    }
    store.write(batch);

    for (int i = 0; i < hostile.size(); i++) {
      String id = sensor(hostile.get(i));
      assertThat(rawPages(List.of(id), h0, h(1, 0, 0), 10, new ArrayList<>(), Field.PM25))
          .as(hostile.get(i))
          .containsExactly(row(h(0, 2, 0), id, Field.PM25, 100 + i));
      assertThat(hourly(hostile.get(i), Query.Aggregate.COUNT, Field.PM25))
          .as(hostile.get(i))
          .containsExactly(window(h0, Field.PM25, 1));
    }
    for (String probe :
        List.of("x' OR 1=1 --x", "' OR '1'='1", "a\nb", "\\", "victim\\", "back\\slash\\")) {
      assertThat(hourly(probe, Query.Aggregate.COUNT, Field.PM25)).as(probe).isEmpty();
      assertThat(
              rawPages(List.of(sensor(probe)), h0, h(1, 0, 0), 10, new ArrayList<>(), Field.PM25))
          .as(probe)
          .isEmpty();
    }
    assertThat(hourly("victim", Query.Aggregate.COUNT, Field.PM25))
        .as("the other sensor's readings are untouched")
        .containsExactly(window(h0, Field.PM25, 1));
    assertThat(store.latest(sensor("victim"))).isPresent();
  }
}
