package org.aqmrg.bench.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.aqmrg.ingest.Validator;
import org.aqmrg.ingest.lineprotocol.LineProtocolParser;
import org.aqmrg.ingest.lineprotocol.Point;
import org.aqmrg.ingest.lineprotocol.Precision;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.SeedBucket;
import org.aqmrg.readings.ReadingStore;

/**
 * The time-series adapter alone, without HTTP, parsing or the rest of ingest: writer threads take
 * the bodies in turn, turn each into its 5,000 readings (parser and validator, as ingest does) and
 * hand them to {@link ReadingStore#write} as one batch. The readings cannot all be built before the
 * clock starts (a million of them would need about 120 MB), so the wall-clock time includes
 * building them; the time inside {@code write} is counted apart.
 */
final class AdapterLoad {
  private static final long DEADLINE_MINUTES = 20;

  private AdapterLoad() {}

  /**
   * @param nanos wall-clock time of the run
   * @param writeNanos time spent inside {@code write}, summed over writers
   */
  record Outcome(int writers, long nanos, long writeNanos, long points) {
    double pointsPerSecond() {
      return points * 1e9 / nanos;
    }

    /** The rate if building the readings cost nothing: points over write time per writer. */
    double storeOnlyPointsPerSecond() {
      return points * 1e9 / ((double) writeNanos / writers);
    }
  }

  static Outcome run(ReadingStore store, Validator validator, Points points, int writers)
      throws InterruptedException {
    var next = new AtomicInteger();
    var writeNanos = new AtomicLong();
    var written = new AtomicLong();
    var failure = new AtomicReference<RuntimeException>();
    var start = new CountDownLatch(1);
    var threads = new ArrayList<Thread>();
    for (int w = 0; w < writers; w++) {
      var thread =
          new Thread(
              () -> {
                var parser = new LineProtocolParser();
                try {
                  start.await();
                  for (int i = next.getAndIncrement();
                      i < Points.BODIES && failure.get() == null;
                      i = next.getAndIncrement()) {
                    List<Reading> readings = readings(parser, validator, points.body(i));
                    long t0 = System.nanoTime();
                    store.write(readings);
                    writeNanos.addAndGet(System.nanoTime() - t0);
                    written.addAndGet(readings.size());
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                  failure.compareAndSet(null, e);
                }
              },
              "adapter-writer-" + w);
      thread.start();
      threads.add(thread);
    }
    long began = System.nanoTime();
    start.countDown();
    long deadline = began + TimeUnit.MINUTES.toNanos(DEADLINE_MINUTES);
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (thread.isAlive()) {
        threads.forEach(Thread::interrupt);
        throw new IllegalStateException(
            "the adapter run did not finish in " + DEADLINE_MINUTES + " min");
      }
    }
    long nanos = System.nanoTime() - began;
    if (failure.get() != null) {
      throw new IllegalStateException("the adapter refused a batch", failure.get());
    }
    return new Outcome(writers, nanos, writeNanos.get(), written.get());
  }

  /** The validator ingest uses, with the platform's limits. */
  static Validator validator(Duration maxFuture) {
    return new Validator(maxFuture, SeedBucket.RAW.retention().orElseThrow());
  }

  private static List<Reading> readings(
      LineProtocolParser parser, Validator validator, byte[] body) {
    Instant now = Instant.now();
    long nowNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    var parsed = parser.parse(body, 0, body.length, Precision.NS, nowNanos);
    var readings = new ArrayList<Reading>(parsed.points().size());
    for (Point point : parsed.points()) {
      if (validator.check(point, nowNanos) instanceof Validator.Outcome.Valid valid) {
        readings.add(valid.reading());
      } else {
        throw new IllegalStateException("a generated point is refused: " + point.toLineProtocol());
      }
    }
    return readings;
  }
}
