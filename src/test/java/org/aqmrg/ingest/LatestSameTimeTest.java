package org.aqmrg.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.memory.MemoryCache;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.http.WebApp;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.testing.Intercepted;
import org.junit.jupiter.api.Test;

/**
 * A reading sent again with the time of the latest one updates it, fields merged as the store
 * merges them; and the latest values come from the store while the cache is down.
 */
class LatestSameTimeTest {
  private static final long T = 1_800_000_000_000_000_000L;
  private final MemoryCache memory = new MemoryCache();

  /** A store that knows one reading per sensor, given here, and nothing else. */
  private static ReadingStore storeOf(Map<String, Reading> latest) {
    return (ReadingStore)
        Proxy.newProxyInstance(
            ReadingStore.class.getClassLoader(),
            new Class<?>[] {ReadingStore.class},
            (proxy, method, args) -> {
              if (method.getName().equals("latest")) {
                return Optional.ofNullable(latest.get((String) args[0]));
              }
              if (method.getName().equals("description")) {
                return "a test store";
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }

  private static Reading reading(String sensor, long time, Field field, double value) {
    return Reading.builder(sensor, time).location("Yaba").set(field, value).build();
  }

  private LatestReadings latest(Cache cache, Map<String, Reading> stored) {
    return new LatestReadings(cache, storeOf(stored), WebApp.objectMapper());
  }

  @Test
  void reads_held_by_the_memo_or_the_cache_count_as_hits_and_reads_from_the_store_as_misses() {
    int[] counts = new int[2];
    var meter =
        new org.aqmrg.cache.CacheMeter() {
          @Override
          public void hits(int count) {
            counts[0] += count;
          }

          @Override
          public void misses(int count) {
            counts[1] += count;
          }
        };
    var stored = Reading.builder("S-COLD", T).set(Field.PM25, 5).build();
    var latest =
        new LatestReadings(memory, storeOf(Map.of("S-COLD", stored)), WebApp.objectMapper(), meter);
    latest.offer(List.of(Reading.builder("S-1", T).set(Field.PM25, 10).build()));

    latest.getAll(List.of("S-1", "S-COLD", "S-NONE")); // a hit, two misses
    latest.get("S-1"); // from the cache, then held by the memo
    latest.get("S-1");

    assertThat(counts).containsExactly(3, 2);
  }

  @Test
  void a_reading_sent_again_with_the_same_time_merges_into_the_cached_one() {
    var latest = latest(memory, Map.of());
    latest.offer(
        List.of(Reading.builder("S-1", T).set(Field.PM25, 10).set(Field.HUMIDITY, 70).build()));

    latest.offer(
        List.of(Reading.builder("S-1", T).set(Field.PM25, 12).set(Field.PM10, 20).build()));

    var found = latest.getAll(List.of("S-1")).get(0);
    assertThat(found.fields())
        .containsExactly(
            Map.entry("pm25", 12.0), Map.entry("pm10", 20.0), Map.entry("humidity", 70.0));
  }

  @Test
  void two_readings_of_the_same_time_in_one_offer_merge_the_later_winning() {
    var latest = latest(memory, Map.of());

    latest.offer(
        List.of(
            reading("S-2", T, Field.PM25, 1),
            reading("S-2", T, Field.NO2, 2),
            reading("S-2", T - 1, Field.O3, 3),
            reading("S-2", T, Field.PM25, 4)));

    assertThat(latest.getAll(List.of("S-2")).get(0).fields())
        .containsExactly(Map.entry("pm25", 4.0), Map.entry("no2", 2.0));
  }

  @Test
  void the_newest_of_each_sensor_in_a_batch_merges_readings_of_the_same_time() {
    var newest =
        IngestService.newestOfEach(
            List.of(
                reading("A", T, Field.PM25, 1),
                reading("A", T - 5, Field.CO, 9),
                reading("A", T, Field.TEMPERATURE, 30),
                reading("B", T, Field.PM10, 5)));

    assertThat(newest).hasSize(2);
    assertThat(newest.get(0).fields())
        .containsExactly(Map.entry("pm25", 1.0), Map.entry("temperature", 30.0));
    assertThat(newest.get(1).fields()).containsExactly(Map.entry("pm10", 5.0));
  }

  @Test
  void while_the_cache_is_down_the_latest_values_come_from_the_store() {
    Cache down =
        Intercepted.of(
            Cache.class,
            memory,
            (method, args) -> {
              throw new StoreUnavailableException(
                  Store.CACHE, "the cache is down", new RuntimeException());
            });
    var latest =
        latest(
            down,
            Map.of(
                "S-3", reading("S-3", T, Field.PM25, 33), "S-4", reading("S-4", T, Field.CO, 0.4)));

    assertThat(latest.get("S-3").orElseThrow().fields()).containsEntry("pm25", 33.0);
    assertThat(latest.getAll(List.of("S-4", "NONE", "S-3")))
        .extracting(LatestReadings.Latest::sensorId)
        .containsExactly("S-4", "S-3");
  }
}
