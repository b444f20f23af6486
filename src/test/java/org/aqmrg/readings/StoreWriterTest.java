package org.aqmrg.readings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The writer in front of a store: group commit, order, failures and closing, on a fake store. */
class StoreWriterTest {
  private final RecordingStore store = new RecordingStore();
  private final List<StoreWriter> writers = new ArrayList<>();

  @AfterEach
  void closeWriters() {
    store.open();
    writers.forEach(StoreWriter::close);
  }

  private StoreWriter writer(int lanes, int maxPoints) {
    var writer = new StoreWriter(store, lanes, maxPoints);
    writers.add(writer);
    return writer;
  }

  private static Reading reading(String sensor, long time, double pm25) {
    return Reading.builder(sensor, time).set(Field.PM25, pm25).build();
  }

  private static List<Reading> readings(String sensor, int count, double pm25) {
    var readings = new ArrayList<Reading>();
    for (int i = 0; i < count; i++) {
      readings.add(reading(sensor, i, pm25));
    }
    return readings;
  }

  private static void await(CompletableFuture<Void> future) throws Exception {
    future.get(10, TimeUnit.SECONDS);
  }

  @Test
  void batches_that_arrive_during_a_write_go_out_together_in_the_next_and_are_answered_after_it()
      throws Exception {
    var writer = writer(1, 5_000);
    store.hold(1);
    var first = writer.submit(readings("A", 2, 1));
    store.awaitEntered();
    var b = writer.submit(readings("B", 10, 2));
    var c = writer.submit(readings("C", 10, 3));
    var d = writer.submit(readings("B", 5, 4));

    assertThat(List.of(first, b, c, d)).noneMatch(CompletableFuture::isDone);
    store.open();
    for (var future : List.of(first, b, c, d)) {
      await(future);
    }

    assertThat(store.writes()).hasSize(2);
    assertThat(store.writes().get(0)).hasSize(2);
    // Grouped by sensor, each sensor's readings in the order they came.
    assertThat(store.writes().get(1))
        .extracting(r -> r.sensorId() + r.value(Field.PM25))
        .containsExactlyElementsOf(
            concat(repeat("B2.0", 10), repeat("B4.0", 5), repeat("C3.0", 10)));
    assertThat(store.stored()).hasSize(2 + 10 + 10 + 5);
  }

  @Test
  void a_write_carries_at_most_max_points_and_a_large_batch_is_answered_after_its_last_write()
      throws Exception {
    var writer = writer(1, 3);

    await(writer.submit(readings("A", 7, 1)));

    assertThat(store.writes()).extracting(List::size).containsExactly(3, 3, 1);
    assertThat(store.writes().stream().flatMap(List::stream).map(Reading::timeNanos))
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
  }

  @Test
  void a_point_sent_twice_is_decided_by_arrival_order_in_every_lane() throws Exception {
    var writer = writer(2, 5_000);
    store.hold(1);
    var sensors = List.of("S-1", "S-2", "S-3", "S-4", "S-5", "S-6");
    var futures = new ArrayList<CompletableFuture<Void>>();
    for (int round = 0; round < 3; round++) {
      var batch = new ArrayList<Reading>();
      for (String sensor : sensors) {
        batch.add(reading(sensor, 1_000, round));
      }
      futures.add(writer.submit(batch));
    }
    store.open();
    for (var future : futures) {
      await(future);
    }

    for (String sensor : sensors) {
      var values =
          store.writes().stream()
              .flatMap(List::stream)
              .filter(r -> r.sensorId().equals(sensor))
              .map(r -> r.value(Field.PM25))
              .toList();
      assertThat(values).as(sensor).containsExactly(0.0, 1.0, 2.0);
    }
  }

  @Test
  void a_store_outage_fails_both_merged_batches_and_none_of_them_is_acknowledged()
      throws Exception {
    var writer = writer(1, 5_000);
    store.hold(1);
    var first = writer.submit(readings("A", 1, 1));
    store.awaitEntered();
    var b = writer.submit(readings("B", 3, 2));
    var c = writer.submit(readings("C", 3, 3));
    var outage = new StoreUnavailableException(Store.TIMESERIES, "InfluxDB is down", null);
    var refusalOfFirst = new StoreUnavailableException(Store.TIMESERIES, "first", null);
    store.failNext(refusalOfFirst);
    store.failNext(outage);
    store.open();

    assertThatThrownBy(first::join).hasCause(refusalOfFirst);
    assertThatThrownBy(b::join).hasCause(outage);
    assertThatThrownBy(c::join).hasCause(outage);
    assertThat(store.writes()).hasSize(2);
    assertThat(store.writes().get(1)).hasSize(6);
    assertThat(store.stored()).isEmpty();

    await(writer.submit(readings("D", 2, 4)));
    assertThat(store.stored()).hasSize(2);
  }

  @Test
  void a_batch_with_a_reading_the_store_refuses_fails_alone_when_merged_with_others()
      throws Exception {
    var writer = writer(1, 5_000);
    store.refuse(reading -> reading.value(Field.PM25) < 0);
    store.hold(1);
    var first = writer.submit(readings("A", 1, 1));
    store.awaitEntered();
    var good = writer.submit(readings("B", 3, 2));
    var bad = writer.submit(readings("C", 3, -1));
    var alsoGood = writer.submit(readings("D", 3, 3));
    store.open();

    await(first);
    await(good);
    await(alsoGood);
    assertThatThrownBy(bad::join).hasCauseInstanceOf(IllegalArgumentException.class);
    assertThat(store.stored()).extracting(Reading::sensorId).containsOnly("A", "B", "D");
  }

  @Test
  void a_batch_over_two_lanes_fails_when_the_write_of_one_lane_fails() throws Exception {
    var writer = writer(2, 5_000);
    var batch = new ArrayList<Reading>();
    for (String sensor : List.of("S-1", "S-2", "S-3", "S-4")) {
      batch.add(reading(sensor, 1, 1));
    }
    store.failNext(new StoreUnavailableException(Store.TIMESERIES, "one lane's write", null));

    assertThatThrownBy(() -> writer.submit(batch).join())
        .hasCauseInstanceOf(StoreUnavailableException.class);
    // The other lane's part is written, or dropped when it comes after the failure.
    assertThat(store.writes()).hasSizeBetween(1, 2);
    assertThat(store.writes().get(0)).hasSize(2);
  }

  @Test
  void closing_writes_what_is_queued_then_refuses_new_batches() throws Exception {
    var writer = new StoreWriter(store, 1, 5_000);
    store.hold(1);
    var first = writer.submit(readings("A", 1, 1));
    store.awaitEntered();
    var queued = writer.submit(readings("B", 4, 2));
    ExecutorService closer = Executors.newSingleThreadExecutor();
    try {
      Future<?> closing = closer.submit(writer::close);
      store.open();
      closing.get(10, TimeUnit.SECONDS);
    } finally {
      closer.shutdownNow();
    }

    await(first);
    await(queued);
    assertThat(store.stored()).hasSize(5);
    assertThatThrownBy(() -> writer.submit(readings("C", 1, 1)).join())
        .hasCauseInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void with_many_submitters_and_failing_writes_every_acknowledged_reading_is_stored()
      throws Exception {
    var writer = writer(2, 50);
    for (int i = 0; i < 20; i++) {
      store.failNext(new StoreUnavailableException(Store.TIMESERIES, "flaky " + i, null));
    }
    ExecutorService threads = Executors.newFixedThreadPool(8);
    var acknowledged = new java.util.concurrent.ConcurrentLinkedQueue<Reading>();
    var failed = new java.util.concurrent.atomic.AtomicInteger();
    try {
      var tasks = new ArrayList<Future<?>>();
      for (int t = 0; t < 8; t++) {
        String sensor = "S-" + t;
        tasks.add(
            threads.submit(
                () -> {
                  for (int i = 0; i < 200; i++) {
                    var batch = List.of(reading(sensor, i, i), reading(sensor + "-b", i, i));
                    try {
                      writer.submit(batch).join();
                      acknowledged.addAll(batch);
                    } catch (CompletionException e) {
                      failed.incrementAndGet();
                    }
                  }
                }));
      }
      for (var task : tasks) {
        task.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }

    assertThat(failed.get()).isPositive();
    assertThat(acknowledged).hasSize((8 * 200 - failed.get()) * 2);
    assertThat(store.stored()).containsAll(acknowledged);
  }

  @Test
  void the_hook_is_told_of_each_store_write_before_it_is_sent_and_after_it_even_when_it_fails()
      throws Exception {
    var told = new ArrayList<List<Reading>>();
    var writesWhenTold = new ArrayList<Integer>();
    var writesAfter = new ArrayList<Integer>();
    WriteHook hook =
        new WriteHook() {
          @Override
          public void beforeWrite(List<Reading> readings) {
            told.add(List.copyOf(readings));
            writesWhenTold.add(store.writes().size());
          }

          @Override
          public void afterWrite(List<Reading> readings) {
            writesAfter.add(store.writes().size());
          }
        };
    var writer = new StoreWriter(store, hook, 1, 3);
    writers.add(writer);

    await(writer.submit(readings("A", 5, 1)));
    store.failNext(new StoreUnavailableException(Store.TIMESERIES, "down", null));
    assertThatThrownBy(() -> writer.submit(readings("B", 1, 2)).join())
        .hasCauseInstanceOf(StoreUnavailableException.class);

    assertThat(told).isEqualTo(store.writes());
    assertThat(told).extracting(List::size).containsExactly(3, 2, 1);
    assertThat(writesWhenTold).containsExactly(0, 1, 2);
    assertThat(writesAfter).containsExactly(1, 2, 3);
  }

  private static List<String> repeat(String value, int times) {
    return java.util.Collections.nCopies(times, value);
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    var all = new ArrayList<String>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return all;
  }
}
