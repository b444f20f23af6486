package org.aqmrg.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.aqmrg.cache.Cache;
import org.aqmrg.http.WebApp;
import org.aqmrg.ingest.LatestReadings.Latest;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How the latest values are kept in every cache adapter: newer-or-merged, decided on what was read
 * and stored by compare-and-set. Sensor ids are random per test, so runs on a shared server never
 * collide.
 */
abstract class LatestCacheContract {
  private static final long T = 1_764_079_500_000_000_000L; // 2025-11-25T14:05:00Z

  private final String sensor = "LC-" + UUID.randomUUID();
  private Cache cache;
  private LatestCache latest;

  protected abstract Cache createCache();

  @BeforeEach
  void open() {
    cache = createCache();
    latest = new LatestCache(cache, WebApp.objectMapper());
  }

  @AfterEach
  void close() {
    try {
      cache.delete(LatestCache.key(sensor));
    } finally {
      cache.close();
    }
  }

  private static Latest value(String sensor, long nanos, Field field, double number) {
    return LatestReadings.of(Reading.builder(sensor, nanos).set(field, number).build());
  }

  private Latest stored() {
    return latest.parse(cache.get(LatestCache.key(sensor)).orElseThrow()).orElseThrow();
  }

  @Test
  void a_late_value_never_hides_a_newer_one_and_a_later_one_replaces_it_whole() {
    assertThat(latest.offer(List.of(value(sensor, T, Field.PM25, 1)))).isOne();
    assertThat(latest.offer(List.of(value(sensor, T - 1, Field.PM25, 2)))).isZero();
    assertThat(stored().fields()).containsExactlyEntriesOf(java.util.Map.of("pm25", 1.0));

    assertThat(latest.offer(List.of(value(sensor, T + 1, Field.NO2, 3)))).isOne();
    assertThat(stored().fields()).containsExactlyEntriesOf(java.util.Map.of("no2", 3.0));
    assertThat(cache.timeToLive(LatestCache.key(sensor))).isEmpty();
  }

  @Test
  void a_value_of_the_same_time_merges_its_fields_winning() {
    latest.offer(
        List.of(
            LatestReadings.of(
                Reading.builder(sensor, T).set(Field.PM25, 35.2).set(Field.HUMIDITY, 78).build())));

    latest.offer(
        List.of(
            LatestReadings.of(
                Reading.builder(sensor, T).set(Field.PM10, 45.8).set(Field.PM25, 36.5).build())));

    assertThat(stored().fields())
        .containsExactly(
            java.util.Map.entry("pm25", 36.5),
            java.util.Map.entry("pm10", 45.8),
            java.util.Map.entry("humidity", 78.0));
  }

  @Test
  void a_value_written_by_the_hand_written_writer_is_read_merged_and_a_foreign_one_replaced() {
    String key = LatestCache.key(sensor);
    String old =
        "{\"sensor_id\":\""
            + sensor
            + "\",\"time\":\"2025-11-25T14:05:00.000000000Z\",\"location\":null,"
            + "\"fields\":{\"o3\":9.0,\"pm25\":1.0}}";
    cache.compareAndSet(List.of(new Cache.Swap(key, null, old, null)));

    assertThat(latest.offer(List.of(value(sensor, T, Field.PM25, 2)))).isOne();
    assertThat(stored().fields())
        .containsExactly(java.util.Map.entry("pm25", 2.0), java.util.Map.entry("o3", 9.0));

    cache.delete(key);
    cache.compareAndSet(List.of(new Cache.Swap(key, null, "not json", null)));
    assertThat(latest.offer(List.of(value(sensor, T - 5, Field.CO, 0.5)))).isOne();
    assertThat(stored().fields()).containsOnlyKeys("co");
  }

  @Test
  void concurrent_writers_of_several_instances_end_with_the_newest() throws Exception {
    var threads = new ArrayList<Thread>();
    var failures = new java.util.concurrent.ConcurrentLinkedQueue<Throwable>();
    for (int t = 0; t < 4; t++) {
      int offset = t;
      var instance = new LatestCache(cache, WebApp.objectMapper());
      var thread =
          new Thread(
              () -> {
                for (int i = offset; i < 200; i += 4) {
                  instance.offer(List.of(value(sensor, T + i, Field.PM25, i)));
                }
              });
      thread.setUncaughtExceptionHandler((th, e) -> failures.add(e));
      threads.add(thread);
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(failures).isEmpty();
    assertThat(stored().fields()).containsEntry("pm25", 199.0);
  }
}
