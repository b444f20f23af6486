package org.aqmrg.rollups;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.aqmrg.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread of an instance that rolls up marked hours: it claims a batch of marks, recomputes
 * their hours and days and reports them done, and waits a little when there are none. Several
 * instances on the same database share the marks; each mark is claimed by one of them at a time.
 *
 * <p>A failed batch (a store down) is not reported done: its claim lapses when the lease ends, and
 * the hours are claimed again then. Each kind of failure is logged once until a batch succeeds.
 */
public final class RollupWorker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RollupWorker.class);

  /** Marks claimed at once. */
  public static final int BATCH = 500;

  /** How long a claim holds; a batch takes far less, unless its worker died. */
  public static final Duration LEASE = Duration.ofMinutes(2);

  /** The wait when no mark is ready. */
  public static final Duration IDLE = Duration.ofMillis(300);

  private final HourMarks marks;
  private final Rollups rollups;
  private final String instanceId;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stopping = lock.newCondition();
  private final Set<String> logged = new HashSet<>();
  private volatile boolean closed;

  private RollupWorker(HourMarks marks, Rollups rollups, String instanceId) {
    this.marks = marks;
    this.rollups = rollups;
    this.instanceId = instanceId;
    this.thread = DaemonThreads.named("rollup-worker").newThread(this::run);
  }

  /** Starts a worker with an instance id of this host, process and start. */
  public static RollupWorker start(HourMarks marks, Rollups rollups) {
    String host = System.getenv().getOrDefault("HOSTNAME", "host");
    String id =
        host
            + ":"
            + ProcessHandle.current().pid()
            + ":"
            + UUID.randomUUID().toString().substring(0, 8);
    var worker = new RollupWorker(marks, rollups, id);
    worker.thread.start();
    return worker;
  }

  /** The id under which this worker claims marks. */
  public String instanceId() {
    return instanceId;
  }

  private void run() {
    while (!closed) {
      Duration wait;
      try {
        wait = round() ? Duration.ZERO : IDLE;
        if (!logged.isEmpty()) {
          log.info("The rollup worker is rolling up again");
          logged.clear();
        }
      } catch (RuntimeException e) {
        if (logged.add(e.getClass().getName())) {
          log.warn(
              "Rolling up marked hours failed ({}); they are tried again when their claim lapses",
              e.getMessage(),
              e);
        }
        wait = Duration.ofSeconds(1);
      }
      pause(wait);
    }
  }

  /** One batch; false when no mark was ready. */
  private boolean round() {
    List<HourMarks.Mark> claimed = marks.claim(BATCH, LEASE, instanceId);
    if (claimed.isEmpty()) {
      return false;
    }
    rollups.recompute(claimed.stream().map(HourMarks.Mark::key).toList());
    marks.done(instanceId, claimed);
    return true;
  }

  private void pause(Duration wait) {
    if (wait.isZero()) {
      return;
    }
    lock.lock();
    try {
      if (!closed) {
        stopping.await(wait.toNanos(), TimeUnit.NANOSECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    } finally {
      lock.unlock();
    }
  }

  /** Lets the batch in hand finish (up to 30 s), then stops. Unfinished marks stay for later. */
  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      stopping.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
