package org.aqmrg.spool;

import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.aqmrg.error.StoreRefusedException;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool's one reader: delivers what the appender forced to the store's writer, in order, and
 * moves the delivered position on as each batch is stored.
 *
 * <p>Consecutive records are sent as one batch of up to {@code maxPoints} readings, several batches
 * at once, so that small writes reach the store as large ones. When a batch fails because the store
 * is away, the ones after it are let settle, the reader goes back to the first batch not delivered
 * and tries again after a pause that doubles up to 5 s: order is kept (a reading sent twice for the
 * same sensor and time ends as the later one), and what is sent again replaces itself. When the
 * store refuses a batch for its content, the batch is halved until the refused readings are found;
 * those go to {@link DeadLetters}, the rest to the store.
 */
final class Delivery implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Delivery.class);
  private static final int IN_FLIGHT = 8;
  private static final long FIRST_PAUSE_MS = 250;
  private static final long LONGEST_PAUSE_MS = 5_000;

  /** A batch of the spool ({@link Batches}) and the answer of its store write. */
  private record Sent(Batches.Batch batch, CompletableFuture<Void> done) {
    List<Reading> readings() {
      return batch.readings();
    }
  }

  private final SpoolFiles files;
  private final LongSupplier forcedEnd;
  private final ReadingWriter store;
  private final int maxPoints;
  private final DeadLetters deadLetters;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private final Condition progressed = lock.newCondition();
  private final Condition stopped = lock.newCondition();
  final AtomicLong waiting;
  final AtomicLong retries = new AtomicLong();
  final AtomicLong refused = new AtomicLong();
  final AtomicLong lostBytes;
  private volatile long delivered;
  private volatile long oldestMillis;
  private volatile String problem;
  private volatile boolean stopping;
  private volatile long stopBy;
  private long checkpointed;
  private long checkpointedAt;
  private long pause = FIRST_PAUSE_MS;

  Delivery(
      SpoolFiles files,
      Recovery.State state,
      LongSupplier forcedEnd,
      ReadingWriter store,
      int maxPoints,
      Clock clock) {
    this.files = files;
    this.forcedEnd = forcedEnd;
    this.store = store;
    this.maxPoints = maxPoints;
    this.deadLetters = new DeadLetters(files.directory());
    this.clock = clock;
    this.delivered = state.delivered();
    this.checkpointed = state.delivered();
    this.oldestMillis = state.oldestMillis();
    this.waiting = new AtomicLong(state.readings());
    this.lostBytes = new AtomicLong(state.lostBytes());
  }

  long delivered() {
    return delivered;
  }

  /** When the oldest write not yet delivered was appended, in epoch milliseconds; 0: none. */
  long oldestMillis() {
    return oldestMillis;
  }

  /** Why the last delivery failed, while it is being tried again; null while deliveries succeed. */
  String problem() {
    return problem;
  }

  /** Told by the appender after each force. */
  void forced() {
    lock.lock();
    try {
      appended.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until everything before {@code position} is delivered, at most {@code millis}; returns at
   * once while deliveries fail. True when it is delivered.
   */
  boolean awaitDelivered(long position, long millis) throws InterruptedException {
    long left = TimeUnit.MILLISECONDS.toNanos(millis);
    lock.lock();
    try {
      while (delivered < position && problem == null && left > 0) {
        left = progressed.awaitNanos(left);
      }
      return delivered >= position;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Asks the thread to end: it goes on delivering for up to {@code millis} while the store takes.
   */
  void stop(long millis) {
    stopBy = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    stopping = true;
    lock.lock();
    try {
      appended.signal();
      stopped.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void run() {
    var inFlight = new ArrayDeque<Sent>();
    try (var batches = new Batches(files, delivered, forcedEnd, maxPoints, lostBytes)) {
      while (!done()) {
        while (inFlight.size() < IN_FLIGHT) {
          Batches.Batch batch = batches.next();
          if (batch == null) {
            break;
          }
          var done =
              batch.readings().isEmpty()
                  ? CompletableFuture.<Void>completedFuture(null)
                  : store.submit(batch.readings());
          inFlight.add(new Sent(batch, done));
        }
        Sent head = inFlight.peek();
        if (head == null) {
          oldestMillis = 0;
          checkpoint(false);
          awaitAppended(batches.position());
          continue;
        }
        oldestMillis = head.batch().appendedAt();
        Throwable failure = settle(head.done());
        if (failure == null) {
          inFlight.poll();
          advance(head.batch());
          continue;
        }
        // Whatever follows is sent again after the head, so that order holds.
        inFlight.forEach(sent -> settle(sent.done()));
        inFlight.clear();
        if (content(failure)) {
          failure = halving(head.readings());
        }
        if (failure == null) {
          advance(head.batch());
          batches.seek(head.batch().end());
          continue;
        }
        batches.seek(delivered);
        pauseAfter(failure);
      }
    } catch (IOException | RuntimeException e) {
      problem = "reading the spool failed: " + e;
      log.error("The spool's delivery stopped; what it holds is delivered after a restart", e);
    } finally {
      checkpoint(true);
    }
  }

  private boolean done() {
    return stopping
        && (delivered >= forcedEnd.getAsLong() || problem != null || System.nanoTime() > stopBy);
  }

  /**
   * Writes readings the store refused for their content in halves, down to single readings, which
   * go to the dead letters; the store's exception when it fails otherwise, else null.
   */
  private Throwable halving(List<Reading> readings) {
    Throwable failure = settle(store.submit(readings));
    if (failure == null || !content(failure)) {
      return failure;
    }
    if (readings.size() == 1) {
      var file = deadLetters.keep(readings, failure.getMessage(), clock.instant());
      refused.incrementAndGet();
      log.error(
          "The store refused a spooled reading of {} at {} ({}); kept it in {}",
          readings.get(0).sensorId(),
          readings.get(0).time(),
          failure.getMessage(),
          file);
      return null;
    }
    int half = readings.size() / 2;
    Throwable first = halving(readings.subList(0, half));
    return first != null ? first : halving(readings.subList(half, readings.size()));
  }

  private static boolean content(Throwable failure) {
    return failure instanceof IllegalArgumentException
        || (failure instanceof StoreRefusedException refusal && refusal.content());
  }

  private static Throwable settle(CompletableFuture<Void> done) {
    try {
      done.get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e;
    }
  }

  private void advance(Batches.Batch batch) {
    lock.lock();
    try {
      delivered = batch.end();
      waiting.addAndGet(-batch.counted());
      if (problem != null) {
        log.info("The spool delivers to the store again");
      }
      problem = null;
      pause = FIRST_PAUSE_MS;
      progressed.signalAll();
    } finally {
      lock.unlock();
    }
    checkpoint(false);
  }

  private void pauseAfter(Throwable failure) {
    retries.incrementAndGet();
    lock.lock();
    try {
      if (problem == null) {
        log.warn(
            "Delivering spooled readings failed ({}); trying again, {} reading(s) wait",
            failure.getMessage(),
            waiting.get());
      }
      problem = failure.getMessage() == null ? failure.toString() : failure.getMessage();
      progressed.signalAll(); // readers waiting for delivery stop waiting
      if (!stopping) {
        stopped.await(pause, TimeUnit.MILLISECONDS); // new writes do not cut the pause short
      }
      pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    } finally {
      lock.unlock();
    }
  }

  private void awaitAppended(long position) {
    lock.lock();
    try {
      if (forcedEnd.getAsLong() <= position && !stopping) {
        appended.await(1, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    } finally {
      lock.unlock();
    }
  }

  /** Records the delivered position at most five times a second, and drops delivered segments. */
  private void checkpoint(boolean now) {
    long at = delivered;
    long millis = System.currentTimeMillis();
    if (at == checkpointed || (!now && millis - checkpointedAt < 200)) {
      return;
    }
    try {
      files.writeDelivered(at);
      files.deleteBefore(at);
      checkpointed = at;
      checkpointedAt = millis;
    } catch (RuntimeException e) {
      log.warn("Recording the spool's delivered position failed: {}", e.toString());
    }
  }
}
