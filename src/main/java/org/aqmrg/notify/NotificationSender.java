package org.aqmrg.notify;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.aqmrg.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox. One thread ("alert-sender") claims due rows and hands each to a small
 * bounded pool that sends it (webhook or e-mail) and records the outcome. It claims at most as many
 * rows as the pool has idle threads, so every claimed row is attempted at once, well within its
 * lease, and a receiver that hangs holds one thread until its timeout while the others go on.
 *
 * <p>Woken at once by {@link #wake} (a transition just committed notifications); else it looks
 * every second, for rows other instances wrote and for retries that came due. A failed attempt is
 * tried again after {@code min(2^attempts × backoff, 1 h)} with jitter, until the row is {@link
 * Timing#giveUpAfter} old, then it is {@code failed}. Several senders, in one process or many,
 * share one outbox: a row is claimed by one at a time, and one that dies holding claims leaves them
 * to run out.
 */
public final class NotificationSender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);

  /**
   * @param backoff the wait after the first failed attempt, doubled after each further one
   * @param lease how long a claim lasts
   * @param giveUpAfter how old a row may grow before its failures are final
   * @param poll how often the outbox is looked at when nothing wakes the sender
   */
  public record Timing(Duration backoff, Duration lease, Duration giveUpAfter, Duration poll) {
    public static final Timing PRODUCTION =
        new Timing(
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            Duration.ofHours(24),
            Duration.ofSeconds(1));
  }

  private final Outbox outbox;
  private final Webhooks webhooks;
  private final Mailer mailer;
  private final Timing timing;
  private final DeliveryMeter meter;
  private final int threads;
  private final String owner;
  private final Semaphore idle;
  private final Semaphore wakeups = new Semaphore(0);
  private final ExecutorService pool;
  private final Thread loop;
  private volatile boolean running = true;

  private NotificationSender(
      Outbox outbox,
      Webhooks webhooks,
      Mailer mailer,
      int threads,
      Timing timing,
      DeliveryMeter meter) {
    this.outbox = outbox;
    this.meter = meter;
    this.webhooks = webhooks;
    this.mailer = mailer;
    this.timing = timing;
    this.threads = threads;
    this.owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    this.idle = new Semaphore(threads);
    this.pool = Executors.newFixedThreadPool(threads, DaemonThreads.named("alert-send"));
    this.loop = DaemonThreads.named("alert-sender").newThread(this::run);
  }

  /** Starts a sender with {@code threads} sending threads. */
  public static NotificationSender start(
      Outbox outbox, Webhooks webhooks, Mailer mailer, int threads, Timing timing) {
    return start(outbox, webhooks, mailer, threads, timing, DeliveryMeter.NONE);
  }

  /** As above, telling {@code meter} the outcome of each attempt. */
  public static NotificationSender start(
      Outbox outbox,
      Webhooks webhooks,
      Mailer mailer,
      int threads,
      Timing timing,
      DeliveryMeter meter) {
    var sender = new NotificationSender(outbox, webhooks, mailer, threads, timing, meter);
    sender.loop.start();
    return sender;
  }

  /** Looks at the outbox now rather than at the next poll; never blocks. */
  public void wake() {
    if (wakeups.availablePermits() == 0) {
      wakeups.release();
    }
  }

  private void run() {
    while (running) {
      int free = idle.availablePermits();
      int claimed = 0;
      if (free > 0) {
        try {
          for (Outgoing row : outbox.claim(owner, free, timing.lease())) {
            idle.acquireUninterruptibly(); // only this thread takes permits: never waits
            pool.execute(() -> deliver(row));
            claimed++;
          }
        } catch (RuntimeException e) {
          log.warn("Claiming notifications failed; trying again: {}", e.getMessage());
        }
      }
      // A full claim may have left more due rows: look again as soon as a thread is free.
      if (claimed == 0 || claimed < free) {
        await(timing.poll());
      } else {
        await(Duration.ZERO);
      }
    }
  }

  private void await(Duration atMost) {
    try {
      if (atMost.isZero()) {
        idle.acquire();
        idle.release();
      } else {
        wakeups.tryAcquire(atMost.toMillis(), TimeUnit.MILLISECONDS);
      }
      wakeups.drainPermits();
    } catch (InterruptedException e) {
      running = false; // close() interrupts: stop
    }
  }

  private void deliver(Outgoing row) {
    try {
      Attempt attempt = attempt(row);
      if (Thread.currentThread().isInterrupted()) {
        return; // stopping: the claim runs out and the row is tried again, same key
      }
      meter.attempted(row.channel(), attempt.outcome());
      record(row, attempt);
    } catch (RuntimeException e) {
      log.warn(
          "Recording delivery {} failed; it is tried again when its claim runs out: {}",
          row.deliveryId(),
          e.getMessage());
    } finally {
      idle.release();
      wake();
    }
  }

  private Attempt attempt(Outgoing row) {
    try {
      return switch (row.channel()) {
        case WEBHOOK -> webhooks.send(row);
        case EMAIL -> mailer.send(row);
      };
    } catch (RuntimeException e) {
      return Attempt.retry(null, "sending failed: " + e);
    }
  }

  private void record(Outgoing row, Attempt attempt) {
    if (attempt.delivered()) {
      outbox.recordDelivered(row.deliveryId(), attempt.status());
      return;
    }
    boolean refused = attempt.outcome() == Attempt.Outcome.REFUSED;
    log.info(
        "Delivery {} of alert {} by {} failed at attempt {}{}: {}",
        row.deliveryId(),
        row.alertId(),
        row.channel().key(),
        row.attempts() + 1,
        refused ? " for good" : "",
        attempt.error());
    outbox.recordFailure(
        row.deliveryId(),
        owner,
        refused,
        attempt.status(),
        attempt.error(),
        backoff(timing.backoff(), row.attempts()),
        timing.giveUpAfter());
  }

  /** {@code min(2^attempts × backoff, 1 h)}, between three quarters and all of it. */
  static Duration backoff(Duration first, int attempts) {
    long base = first.toMillis();
    long millis =
        attempts >= 30
            ? MAX_BACKOFF.toMillis()
            : Math.min(base << attempts, MAX_BACKOFF.toMillis());
    long jittered = millis - ThreadLocalRandom.current().nextLong(millis / 4 + 1);
    return Duration.ofMillis(jittered);
  }

  /** The number of sending threads. */
  public int threads() {
    return threads;
  }

  /**
   * Stops claiming and stops the sending threads. Rows claimed and not yet recorded keep their
   * claim until the lease runs out; then a sender delivers them with the same idempotency key.
   */
  @Override
  public void close() {
    running = false;
    loop.interrupt();
    pool.shutdownNow();
    try {
      loop.join(TimeUnit.SECONDS.toMillis(5));
      if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("Notification sends still running after 5 s; their claims run out");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
