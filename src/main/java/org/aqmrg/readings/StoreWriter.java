package org.aqmrg.readings;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.threads.DaemonThreads;

/**
 * The one writer in front of a {@link ReadingStore}: every batch of readings on the write path goes
 * through it, and it alone decides how they are grouped into store writes and how many writes run
 * at once.
 *
 * <p><b>Group commit.</b> Readings are dealt by sensor into {@code lanes} lanes; each lane has one
 * thread and one store write in flight at a time. While a write is in flight, the readings that
 * arrive for its lane wait; the next write takes everything waiting, up to {@code maxPoints}
 * readings, grouped by sensor. So many small bodies posted at once become a few large store writes,
 * and a large body is written as concurrent parts, one per lane, with no pool of its own.
 *
 * <p><b>Acknowledgement.</b> The future that {@link #submit} returns completes when every store
 * write that carried one of the batch's readings has succeeded, so a completed future means stored.
 * When a write fails, the future of every batch that had readings in it completes with the store's
 * exception (a {@link StoreUnavailableException}), and none of those batches is acknowledged; their
 * readings in other writes may have landed, which is harmless since a reading written again
 * replaces itself. When the store refuses a merged write for its content (a {@link
 * org.aqmrg.error.StoreRefusedException} or an {@link IllegalArgumentException}), each batch in it
 * is tried alone, so that one bad batch does not fail the others.
 *
 * <p><b>Order.</b> A sensor always goes to the same lane, and a lane writes in the order batches
 * were submitted, each sensor's readings in their order: a point sent twice for the same sensor and
 * time is decided by arrival order (the later one wins), within a body and across bodies.
 *
 * <p>With the write-ahead spool on, the spool's delivery is this writer's only caller: requests are
 * acknowledged once forced to the spool, and the spool submits what it holds here, in order.
 */
public final class StoreWriter implements ReadingWriter, AutoCloseable {
  /** The most readings in one store write by default: one InfluxDB request of 5,000 lines. */
  public static final int MAX_POINTS = 5_000;

  /** Lanes by default: two writes at once keep an InfluxDB on two cores busy. */
  public static final int LANES = 2;

  private final ReadingStore store;
  private final WriteLane[] lanes;
  private final ExecutorService threads;
  private volatile boolean closed;

  /** A writer with {@value #LANES} lanes of at most {@value #MAX_POINTS} readings per write. */
  public StoreWriter(ReadingStore store) {
    this(store, LANES, MAX_POINTS);
  }

  /**
   * @param lanes store writes at once, at least 1
   * @param maxPoints most readings in one store write, at least 1
   */
  public StoreWriter(ReadingStore store, int lanes, int maxPoints) {
    this(store, WriteHook.NONE, lanes, maxPoints);
  }

  /**
   * A writer with {@value #LANES} lanes of at most {@value #MAX_POINTS} readings per write that
   * tells {@code hook} of each store write before sending it.
   */
  public StoreWriter(ReadingStore store, WriteHook hook) {
    this(store, hook, LANES, MAX_POINTS);
  }

  /**
   * @param hook told of the readings of each store write, on the lane's thread, before it is sent
   * @param lanes store writes at once, at least 1
   * @param maxPoints most readings in one store write, at least 1
   */
  public StoreWriter(ReadingStore store, WriteHook hook, int lanes, int maxPoints) {
    if (lanes < 1 || maxPoints < 1) {
      throw new IllegalArgumentException(
          "lanes and maxPoints must be at least 1, got " + lanes + " and " + maxPoints);
    }
    this.store = store;
    this.lanes = new WriteLane[lanes];
    this.threads = Executors.newFixedThreadPool(lanes, DaemonThreads.named("store-writer"));
    for (int i = 0; i < lanes; i++) {
      this.lanes[i] = new WriteLane(store, hook, maxPoints);
      threads.execute(this.lanes[i]);
    }
  }

  /**
   * Queues readings to be stored; the future completes when all of them are stored, or with the
   * store's exception when any write that carried them failed. The list must not change afterwards.
   * After {@link #close}, the future fails at once.
   */
  @Override
  public CompletableFuture<Void> submit(List<Reading> readings) {
    if (readings.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    if (closed) {
      return CompletableFuture.failedFuture(closedException());
    }
    List<Reading>[] parts = dealt(readings);
    int count = 0;
    for (List<Reading> part : parts) {
      count += part == null ? 0 : 1;
    }
    var ack = new Ack(count);
    for (int lane = 0; lane < parts.length; lane++) {
      if (parts[lane] != null && !lanes[lane].add(new WriteLane.Part(parts[lane], ack))) {
        ack.failed(closedException());
      }
    }
    return ack.done;
  }

  /**
   * The readings by lane, each in its order; null for a lane without any. A batch of one lane (a
   * device's small body) is not copied.
   */
  @SuppressWarnings("unchecked")
  private List<Reading>[] dealt(List<Reading> readings) {
    var parts = (List<Reading>[]) new List<?>[lanes.length];
    int first = lane(readings.get(0));
    int i = 1;
    while (i < readings.size() && lane(readings.get(i)) == first) {
      i++;
    }
    if (i == readings.size()) {
      parts[first] = readings;
      return parts;
    }
    for (Reading reading : readings) {
      int lane = lane(reading);
      if (parts[lane] == null) {
        parts[lane] = new ArrayList<>(readings.size() / lanes.length + 16);
      }
      parts[lane].add(reading);
    }
    return parts;
  }

  private int lane(Reading reading) {
    return lanes.length == 1 ? 0 : Math.floorMod(reading.sensorId().hashCode(), lanes.length);
  }

  private StoreUnavailableException closedException() {
    return new StoreUnavailableException(
        Store.TIMESERIES, "the writer to " + store.description() + " is closed", null);
  }

  /**
   * Writes what is queued, then stops the lanes; readings submitted afterwards are refused. Waits
   * up to 30 s; a write still in flight then is interrupted and its batches fail. Does not close
   * the store.
   */
  @Override
  public void close() {
    closed = true;
    for (WriteLane lane : lanes) {
      lane.stop();
    }
    threads.shutdown();
    try {
      if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      threads.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      for (WriteLane lane : lanes) {
        lane.failQueued(closedException());
      }
    }
  }

  /** The answer to one submitted batch: complete when each of its lanes' parts is stored. */
  static final class Ack {
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicInteger parts;

    Ack(int parts) {
      this.parts = new AtomicInteger(parts);
    }

    void stored() {
      if (parts.decrementAndGet() == 0) {
        done.complete(null);
      }
    }

    void failed(RuntimeException e) {
      done.completeExceptionally(e);
    }

    boolean hasFailed() {
      return done.isCompletedExceptionally();
    }
  }
}
