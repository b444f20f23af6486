package org.aqmrg.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.aqmrg.config.SpoolSettings;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.StoreWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {
  private static final long MB = 1024 * 1024;

  @TempDir Path dir;

  private final List<AutoCloseable> open = new ArrayList<>();
  private final FlakyStore store = new FlakyStore();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private Spool spool(FlakyStore store, long maxBytes, long segmentBytes) {
    var writer = new StoreWriter(store, 1, StoreWriter.MAX_POINTS);
    var spool =
        Spool.open(
            new SpoolSettings(true, dir, maxBytes, segmentBytes),
            writer,
            store.description(),
            Clock.systemUTC());
    open.add(writer);
    open.add(spool);
    return spool;
  }

  private Spool spool() {
    return spool(store, 64 * MB, 64 * MB);
  }

  /** Closes the spool and its writer, as a stopping serve does. */
  private void stop(Spool spool) throws Exception {
    spool.close();
    int at = open.indexOf(spool);
    open.remove(at);
    open.remove(at - 1).close();
  }

  private static List<Reading> readings(String sensor, int from, int count, double value) {
    var readings = new ArrayList<Reading>();
    for (int i = from; i < from + count; i++) {
      readings.add(Reading.builder(sensor, i * 1_000_000_000L).set(Field.PM25, value).build());
    }
    return readings;
  }

  private List<Path> segments() throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
    }
  }

  @Test
  void an_acknowledged_write_is_on_disk_and_then_in_the_store() throws Exception {
    var spool = spool();

    spool.submit(readings("S1", 0, 3, 10)).get();

    assertThat(Files.size(segments().get(0))).isGreaterThan(SpoolFiles.HEADER.length + 3 * 20L);
    await().atMost(Duration.ofSeconds(5)).until(() -> store.stored.size() == 3);
    await().until(() -> spool.status().bytes() == 0);
    assertThat(spool.status().readings()).isZero();
  }

  @Test
  void while_the_store_is_down_writes_are_acknowledged_and_arrive_in_order_once_it_is_back()
      throws Exception {
    store.down = true;
    var spool = spool();

    spool.submit(readings("S1", 0, 50, 1)).get();
    spool.submit(readings("S1", 25, 50, 2)).get(); // overlaps: the later value must win

    await().atMost(Duration.ofSeconds(5)).until(() -> spool.status().problem() != null);
    var waiting = spool.status();
    assertThat(waiting.readings()).isEqualTo(100);
    assertThat(waiting.problem()).contains("the fake store is down");
    assertThat(waiting.retries()).isPositive();
    assertThat(store.stored).isEmpty();

    store.down = false;

    await().atMost(Duration.ofSeconds(15)).until(() -> store.stored.size() == 75);
    for (int i = 0; i < 75; i++) {
      var stored = store.stored.get("S1@" + i * 1_000_000_000L);
      assertThat(stored.value(Field.PM25)).as("point %d", i).isEqualTo(i < 25 ? 1 : 2);
    }
    await().until(() -> spool.status().problem() == null && spool.status().readings() == 0);
  }

  @Test
  void what_the_spool_holds_at_a_stop_is_delivered_at_the_next_start() throws Exception {
    store.down = true;
    var spool = spool();
    for (int i = 0; i < 20; i++) {
      spool.submit(readings("S" + i, 0, 10, i)).get();
    }
    stop(spool);
    var later = new FlakyStore();

    var again = spool(later, 64 * MB, 64 * MB);

    await().atMost(Duration.ofSeconds(10)).until(() -> later.stored.size() == 200);
    await().until(() -> again.status().readings() == 0);
    assertThat(store.stored).isEmpty();
  }

  @Test
  void a_torn_last_record_is_dropped_and_everything_before_it_delivered() throws Exception {
    store.down = true;
    var spool = spool();
    spool.submit(readings("S1", 0, 10, 1)).get();
    spool.submit(readings("S2", 0, 10, 1)).get();
    stop(spool);
    Path last = segments().get(segments().size() - 1);
    long whole = Files.size(last);
    byte[] torn = RecordCodec.encode(readings("TORN", 0, 10, 1), 0);
    try (var file = new RandomAccessFile(last.toFile(), "rw")) {
      file.seek(whole);
      file.write(torn, 0, torn.length / 2); // a crash in the middle of writing it
    }
    var later = new FlakyStore();

    var again = spool(later, 64 * MB, 64 * MB);

    await().atMost(Duration.ofSeconds(10)).until(() -> later.stored.size() == 20);
    assertThat(later.stored.keySet()).noneMatch(key -> key.startsWith("TORN"));
    assertThat(Files.size(last)).isLessThanOrEqualTo(whole);
    again.submit(readings("S3", 0, 5, 1)).get(); // appending goes on after the cut
    await().atMost(Duration.ofSeconds(10)).until(() -> later.stored.size() == 25);
    assertThat(again.status().lostBytes()).isZero();
  }

  @Test
  void a_damaged_record_in_an_older_segment_is_reported_and_the_rest_is_delivered()
      throws Exception {
    store.down = true;
    var spool = spool(store, 64 * MB, 4096);
    for (int i = 0; i < 30; i++) {
      spool.submit(readings("S" + i, 0, 20, i)).get(); // about 450 bytes each
    }
    stop(spool);
    var segments = segments();
    assertThat(segments).hasSizeGreaterThan(2);
    Path first = segments.get(0);
    try (var file = new RandomAccessFile(first.toFile(), "rw")) {
      file.seek(SpoolFiles.HEADER.length + RecordCodec.FRAME + 20);
      file.write(0x55); // inside the first record's payload
    }
    var later = new FlakyStore();

    var again = spool(later, 64 * MB, 4096);

    assertThat(first.resolveSibling(first.getFileName() + ".damaged")).exists();
    assertThat(again.status().lostBytes()).isPositive();
    await().atMost(Duration.ofSeconds(10)).until(() -> again.status().readings() == 0);
    assertThat(later.stored).containsKey("S29@0"); // the newest segment's readings arrived
    assertThat(later.stored).doesNotContainKey("S0@0");
  }

  @Test
  void an_intact_record_that_does_not_decode_is_skipped_and_counted_and_the_next_delivered()
      throws Exception {
    store.down = true;
    var spool = spool();
    spool.submit(readings("S1", 0, 3, 1)).get();
    stop(spool);
    Path last = segments().get(segments().size() - 1);
    byte[] unreadable = RecordCodec.encode(readings("ODD", 0, 1, 1), 0);
    var frame = java.nio.ByteBuffer.wrap(unreadable);
    frame.putInt(RecordCodec.FRAME + 8, 7); // claims seven readings, holds one
    var crc = new java.util.zip.CRC32C();
    crc.update(unreadable, RecordCodec.FRAME, unreadable.length - RecordCodec.FRAME);
    frame.putInt(4, (int) crc.getValue());
    byte[] after = RecordCodec.encode(readings("S3", 0, 2, 1), 0);
    Files.write(last, unreadable, java.nio.file.StandardOpenOption.APPEND);
    Files.write(last, after, java.nio.file.StandardOpenOption.APPEND);
    var later = new FlakyStore();

    var again = spool(later, 64 * MB, 64 * MB);

    await().atMost(Duration.ofSeconds(10)).until(() -> later.stored.size() == 5);
    assertThat(later.stored.keySet()).noneMatch(key -> key.startsWith("ODD"));
    assertThat(again.status().lostBytes()).isEqualTo(unreadable.length);
    await().until(() -> again.status().readings() == 0);
  }

  @Test
  void a_full_spool_refuses_with_the_limit_named_and_keeps_what_it_acknowledged() throws Exception {
    store.down = true;
    var spool = spool(store, 4096, 4096);
    int acknowledged = 0;
    StoreUnavailableException refused = null;
    for (int i = 0; i < 50 && refused == null; i++) {
      try {
        spool.submit(readings("S" + i, 0, 10, 1)).get();
        acknowledged++;
      } catch (ExecutionException e) {
        refused = (StoreUnavailableException) e.getCause();
      }
    }

    assertThat(refused).isNotNull();
    assertThat(refused.getMessage()).contains("spool is full").contains("AQMRG_SPOOL_MAX_MB");
    assertThat(refused.store().label()).isEqualTo("timeseries");
    assertThat(acknowledged).isPositive();
    store.down = false;
    int expected = acknowledged * 10;
    await().atMost(Duration.ofSeconds(15)).until(() -> store.stored.size() == expected);
  }

  @Test
  void readings_the_store_refuses_for_their_content_are_kept_in_refused_and_the_rest_stored()
      throws Exception {
    store.refused = reading -> reading.sensorId().equals("BAD") && reading.timeNanos() == 0;
    var spool = spool();
    var body = new ArrayList<>(readings("GOOD", 0, 40, 1));
    body.addAll(readings("BAD", 0, 3, 1));
    body.addAll(readings("GOOD2", 0, 40, 1));

    spool.submit(body).get();

    await().atMost(Duration.ofSeconds(10)).until(() -> store.stored.size() == 82);
    assertThat(store.stored).doesNotContainKey("BAD@0").containsKey("BAD@1000000000");
    await().until(() -> spool.status().refused() == 1);
    Path refusedDir = dir.resolve("refused");
    String kept;
    try (Stream<Path> files = Files.list(refusedDir)) {
      kept = Files.readString(files.findFirst().orElseThrow());
    }
    assertThat(kept)
        .contains("field type conflict")
        .contains("air_quality,sensor_id=BAD pm25=1.0 0");
    assertThat(kept.lines().filter(line -> !line.startsWith("#"))).hasSize(1);
  }

  @Test
  void a_second_instance_on_the_same_folder_is_refused_with_what_to_do() {
    spool();

    assertThatThrownBy(this::spool)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("in use by another ./aqmrg serve")
        .hasMessageContaining("AQMRG_SPOOL_DIR");
  }

  @Test
  void delivered_segments_are_deleted_and_the_position_recorded() throws Exception {
    var spool = spool(store, 64 * MB, 4096);
    for (int i = 0; i < 30; i++) {
      spool.submit(readings("S" + i, 0, 20, 1)).get();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> store.stored.size() == 600);

    await().atMost(Duration.ofSeconds(5)).until(() -> segments().size() == 1);
    assertThat(dir.resolve("delivered")).exists();
  }

  @Test
  void a_read_through_delivered_reads_sees_a_write_acknowledged_before_it() throws Exception {
    store.delayMillis = 300; // the store takes longer than the acknowledgement
    var spool = spool();
    var reads = new DeliveredReads(store, spool);

    spool.submit(readings("S1", 5, 1, 7)).get();
    var read = reads.raw("S1", Instant.EPOCH, Instant.ofEpochSecond(100), 10);

    assertThat(read).hasSize(1);
    assertThat(read.get(0).value(Field.PM25)).isEqualTo(7);
  }

  @Test
  void concurrent_small_writes_share_forces_and_reach_the_store_as_few_large_writes()
      throws Exception {
    store.delayMillis = 5;
    var spool = spool();
    ExecutorService devices = Executors.newFixedThreadPool(16);
    var acks = new ArrayList<CompletableFuture<Void>>();
    for (int device = 0; device < 200; device++) {
      String sensor = "D" + device;
      for (int post = 0; post < 10; post++) {
        int from = post * 10;
        acks.add(
            CompletableFuture.supplyAsync(() -> readings(sensor, from, 10, 1), devices)
                .thenCompose(spool::submit));
      }
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get();
    devices.shutdown();

    await().atMost(Duration.ofSeconds(20)).until(() -> store.stored.size() == 20_000);
    assertThat(store.writes.get()).isLessThan(2_000 / 5);
  }
}
