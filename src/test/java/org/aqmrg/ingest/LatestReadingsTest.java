package org.aqmrg.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.memory.MemoryCache;
import org.aqmrg.db.Database;
import org.aqmrg.http.WebApp;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.postgres.PostgresReadingStore;
import org.aqmrg.testing.Intercepted;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** The latest readings of many sensors, on the in-process cache, counted call by call. */
class LatestReadingsTest {
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final MemoryCache memory = new MemoryCache();

  /** The memory cache, counting the calls of each method. */
  private final Cache cache =
      Intercepted.of(
          Cache.class,
          memory,
          (method, args) ->
              calls
                  .computeIfAbsent(method.getName(), name -> new AtomicInteger())
                  .incrementAndGet());

  /** A store nobody listens on: a warm cache must not need it. */
  private static PostgresReadingStore unreachableStore() {
    var nowhere = new PGSimpleDataSource();
    nowhere.setURL("jdbc:postgresql://127.0.0.1:9/none");
    return new PostgresReadingStore(Database.of(nowhere), "nowhere");
  }

  private static Reading reading(String sensor, long seconds, double pm25) {
    return Reading.builder(sensor, seconds * 1_000_000_000L)
        .location("Yaba")
        .set(Field.PM25, pm25)
        .build();
  }

  @Test
  void the_latest_of_many_sensors_take_one_cache_round_trip_in_the_order_asked() {
    var latest = new LatestReadings(cache, unreachableStore(), WebApp.objectMapper());
    latest.offer(
        List.of(
            reading("A", 1_800_000_000L, 10),
            reading("B", 1_800_000_060L, 20),
            reading("A", 1_800_000_120L, 11),
            reading("C", 1_800_000_000L, 30)));
    calls.clear();

    var found = latest.getAll(List.of("C", "A", "B"));

    assertThat(found).extracting(LatestReadings.Latest::sensorId).containsExactly("C", "A", "B");
    assertThat(found.get(1).fields()).containsEntry("pm25", 11.0);
    assertThat(found.get(1).time()).isEqualTo("2027-01-15T08:02:00.000000000Z");
    assertThat(calls.keySet()).containsExactly("getAll");
    assertThat(calls.get("getAll").get()).isOne();
  }

  @Test
  void a_polled_sensor_costs_one_cache_read_a_second_and_a_new_reading_here_shows_at_once() {
    var now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
    var latest = new LatestReadings(cache, unreachableStore(), WebApp.objectMapper(), now::get);
    latest.offer(List.of(reading("LAG-1", 100, 10.0)));
    calls.clear();

    for (int i = 0; i < 50; i++) {
      assertThat(latest.get("LAG-1").orElseThrow().fields()).containsEntry("pm25", 10.0);
    }
    assertThat(calls.get("getAll").get()).isEqualTo(1);

    // Another instance writes a newer reading: seen once the memo is a second old.
    String held = memory.get("sensor:LAG-1:latest").orElseThrow();
    memory.compareAndSet(
        List.of(
            new Cache.Swap(
                "sensor:LAG-1:latest",
                held,
                "{\"sensor_id\":\"LAG-1\",\"time\":\"1970-01-01T00:03:20.000000000Z\","
                    + "\"location\":\"Yaba\",\"fields\":{\"pm25\":20.0}}",
                null)));
    now.addAndGet(LatestReadings.MEMO_MILLIS - 1);
    assertThat(latest.get("LAG-1").orElseThrow().fields()).containsEntry("pm25", 10.0);
    now.addAndGet(1);
    assertThat(latest.get("LAG-1").orElseThrow().fields()).containsEntry("pm25", 20.0);

    // A reading accepted by this instance shows at once.
    latest.offer(List.of(reading("LAG-1", 300, 30.0)));
    assertThat(latest.get("LAG-1").orElseThrow().fields()).containsEntry("pm25", 30.0);
  }

  /**
   * The memory cache, each write counted in {@link #calls} and held back until {@code release}
   * opens, failing while {@code down}.
   */
  private Cache slowCache(
      java.util.concurrent.CountDownLatch release, java.util.concurrent.atomic.AtomicBoolean down) {
    return Intercepted.of(
        Cache.class,
        memory,
        (method, args) -> {
          if (method.getName().equals("compareAndSet")) {
            calls.computeIfAbsent("compareAndSet", name -> new AtomicInteger()).incrementAndGet();
            release.await();
            if (down.get()) {
              throw new org.aqmrg.error.StoreUnavailableException(
                  org.aqmrg.error.Store.CACHE, "the cache is down", new RuntimeException());
            }
          }
        });
  }

  /** Latest readings over {@link #slowCache}, up, each write held back until {@code release}. */
  private LatestReadings heldBackUntil(java.util.concurrent.CountDownLatch release) {
    return new LatestReadings(
        slowCache(release, new java.util.concurrent.atomic.AtomicBoolean()),
        unreachableStore(),
        WebApp.objectMapper());
  }

  @Test
  void an_offer_made_later_is_waited_for_by_reads_here_and_written_before_close() throws Exception {
    var release = new java.util.concurrent.CountDownLatch(1);
    var latest = heldBackUntil(release);

    latest.offerLater(List.of(reading("LAG-2", 100, 10.0)));
    assertThat(memory.get("sensor:LAG-2:latest")).isEmpty(); // the caller went on at once
    var read =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> latest.get("LAG-2").orElseThrow());
    // the read waits for the offer before it, for as long as the offer is held back
    org.awaitility.Awaitility.await()
        .during(java.time.Duration.ofMillis(200))
        .atMost(java.time.Duration.ofSeconds(2))
        .until(() -> !read.isDone());
    release.countDown();
    assertThat(read.get().fields()).containsEntry("pm25", 10.0);

    latest.offerLater(List.of(reading("LAG-2", 200, 20.0)));
    latest.close();
    assertThat(memory.get("sensor:LAG-2:latest"))
        .hasValueSatisfying(value -> assertThat(value).contains("20.0"));
  }

  @Test
  void an_offer_that_fails_is_logged_and_the_next_ones_still_go_through() {
    var down = new java.util.concurrent.atomic.AtomicBoolean(true);
    var latest =
        new LatestReadings(
            slowCache(new java.util.concurrent.CountDownLatch(0), down),
            unreachableStore(),
            WebApp.objectMapper());

    for (int i = 0; i < 40; i++) { // more than the queue holds: each failure frees its place
      latest.offerLater(List.of(reading("LAG-3", 100 + i, i)));
    }
    latest.awaitOffers();
    assertThat(memory.get("sensor:LAG-3:latest")).isEmpty();
    down.set(false);
    latest.offerLater(List.of(reading("LAG-3", 500, 50.0)));

    assertThat(latest.get("LAG-3").orElseThrow().fields()).containsEntry("pm25", 50.0);
  }

  @Test
  void the_cached_value_is_the_text_the_api_mapper_makes_of_the_reading() throws Exception {
    var mapper = WebApp.objectMapper();
    var readings =
        List.of(
            Reading.builder("LAG-IKJ-001", 1_764_072_000_123_456_789L)
                .location("Ikeja")
                .set(Field.PM25, 35.2)
                .set(Field.PM10, 45.8)
                .set(Field.TEMPERATURE, -3.25)
                .set(Field.HUMIDITY, 78)
                .set(Field.CO, 0.000_012_5)
                .set(Field.NO2, 1_999.999_999)
                .set(Field.O3, 1e-7)
                .build(),
            Reading.builder("S:1", 0L).set(Field.O3, 0).build(),
            Reading.builder("old", -1L).location("x").set(Field.PM25, 1).build(),
            Reading.builder("q", 9_000_000_000_000_000_001L)
                .location("Quote \" back\\slash \u00e9 \u0001 tab\t line\n </script> \ud83d\ude00")
                .set(Field.HUMIDITY, 100)
                .build());

    var latest = new LatestReadings(memory, unreachableStore(), mapper);
    for (Reading reading : readings) {
      latest.offer(List.of(reading));
      String cached = memory.get(LatestReadings.key(reading.sensorId())).orElseThrow();
      assertThat(cached).isEqualTo(mapper.writeValueAsString(LatestReadings.of(reading)));
      assertThat(mapper.readValue(cached, LatestReadings.Latest.class))
          .isEqualTo(LatestReadings.of(reading));
    }
    assertThat(LatestCache.time(readings.get(2))).isEqualTo("1969-12-31T23:59:59.999999999Z");
    assertThat(memory.get("sensor:LAG-IKJ-001:latest"))
        .contains(
            "{\"sensor_id\":\"LAG-IKJ-001\",\"time\":\"2025-11-25T12:00:00.123456789Z\","
                + "\"location\":\"Ikeja\",\"fields\":{\"pm25\":35.2,\"pm10\":45.8,"
                + "\"temperature\":-3.25,\"humidity\":78.0,\"co\":1.25E-5,"
                + "\"no2\":1999.999999,\"o3\":1.0E-7}}");
  }

  @Test
  void batches_that_queue_while_the_cache_is_busy_go_to_it_as_one_offer() {
    var release = new java.util.concurrent.CountDownLatch(1);
    var latest = heldBackUntil(release);

    latest.offerLater(List.of(reading("LAG-4", 100, 1.0)));
    // The offering thread takes the first batch and waits for the cache.
    org.awaitility.Awaitility.await().until(() -> calls.containsKey("compareAndSet"));
    for (int i = 2; i <= 5; i++) {
      latest.offerLater(List.of(reading("LAG-4", 100 + i, i), reading("LAG-5", 200 - i, i)));
    }
    calls.clear();
    release.countDown();
    latest.awaitOffers();

    assertThat(calls.get("compareAndSet").get())
        .as("one offer for the four queued batches")
        .isOne();
    assertThat(memory.get("sensor:LAG-4:latest"))
        .hasValueSatisfying(value -> assertThat(value).contains("5.0"));
    assertThat(memory.get("sensor:LAG-5:latest"))
        .as("the newest of the sensor, not the last offered")
        .hasValueSatisfying(value -> assertThat(value).contains("2.0"));
    latest.close();
  }
}
