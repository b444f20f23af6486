package org.aqmrg.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.aqmrg.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox: one thread claims due rows (woken at once by {@link #wake}, else every
 * second, which also picks up rows other instances wrote), a small pool sends them, each outcome is
 * recorded. A failed attempt is tried again after {@code backoff × 2^attempts} (at most an hour,
 * with jitter) until the notification is older than {@code giveUpAfter}; then it is marked failed.
 * A receiver that hangs holds one pool thread for at most the webhook timeouts, never the others.
 *
 * <p>Exactly once to a receiver that honours the idempotency key: a row is claimed by one sender at
 * a time (a lease, {@code FOR UPDATE SKIP LOCKED}); a sender that dies mid-send leaves its rows to
 * be claimed again when the lease is over, and they go out again with the same key.
 */
public final class NotificationSender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofHours(1);
  private static final int THREADS = 4;

  /** How retries are spaced and when they stop. */
  public record Policy(Duration backoff, Duration lease, Duration giveUpAfter) {
    public static final Policy DEFAULT =
        new Policy(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofDays(1));
  }

  private final Outbox outbox;
  private final Webhooks webhooks;
  private final Optional<Mailer> mailer;
  private final SigningSecrets secrets;
  private final ObjectMapper json;
  private final Policy policy;
  private final Clock clock;
  private final String claimant = "sender-" + UUID.randomUUID();
  private final ExecutorService pool =
      Executors.newFixedThreadPool(THREADS, DaemonThreads.named("alert-send"));
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition woken = lock.newCondition();
  private boolean wakeUp;
  private volatile boolean running = true;

  public NotificationSender(
      Outbox outbox,
      Webhooks webhooks,
      Optional<Mailer> mailer,
      SigningSecrets secrets,
      ObjectMapper json,
      Policy policy,
      Clock clock) {
    this.outbox = outbox;
    this.webhooks = webhooks;
    this.mailer = mailer;
    this.secrets = secrets;
    this.json = json;
    this.policy = policy;
    this.clock = clock;
    this.thread = DaemonThreads.named("alert-sender").newThread(this::run);
    thread.start();
  }

  /** Looks for due notifications now rather than at the next poll. */
  public void wake() {
    lock.lock();
    try {
      wakeUp = true;
      woken.signal();
    } finally {
      lock.unlock();
    }
  }

  private void run() {
    while (running) {
      try {
        var claimed = outbox.claim(claimant, policy.lease(), THREADS);
        var sends = claimed.stream().map(row -> pool.submit(() -> deliver(row))).toList();
        for (var send : sends) {
          send.get();
        }
        if (claimed.size() == THREADS) {
          continue; // there may be more due
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        log.warn("Sending alert notifications failed; trying again shortly: {}", e.toString());
      }
      awaitWake();
    }
  }

  private void awaitWake() {
    lock.lock();
    try {
      if (!wakeUp && running) {
        woken.await(POLL.toMillis(), TimeUnit.MILLISECONDS);
      }
      wakeUp = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  private void deliver(Pending row) {
    Attempt attempt;
    try {
      attempt = attempt(row);
    } catch (RuntimeException e) {
      attempt = Attempt.retry(null, "could not send: " + e.getMessage());
    }
    Instant now = clock.instant();
    String status;
    Instant next = now;
    if (attempt.outcome() == Attempt.Outcome.DELIVERED) {
      status = "delivered";
    } else if (attempt.outcome() == Attempt.Outcome.REFUSED
        || !now.isBefore(row.createdAt().plus(policy.giveUpAfter()))) {
      status = "failed";
      log.warn("Alert notification {} to {} failed: {}", row.id(), row.channel(), attempt.error());
    } else {
      status = "pending";
      next = now.plus(backoff(row.attempts()));
    }
    if (!outbox.record(row.id(), claimant, attempt, status, next)) {
      log.warn(
          "Alert notification {} was taken over by another sender before it was recorded",
          row.id());
    }
  }

  Duration backoff(int attempts) {
    long millis = policy.backoff().toMillis() << Math.min(attempts, 20);
    millis = Math.min(millis, MAX_BACKOFF.toMillis());
    long jitter = ThreadLocalRandom.current().nextLong(millis / 5 + 1);
    return Duration.ofMillis(millis + jitter);
  }

  private Attempt attempt(Pending row) {
    JsonNode payload;
    try {
      payload = json.readTree(row.payload());
    } catch (IOException e) {
      return Attempt.refused(null, "the stored payload is not JSON");
    }
    if (row.channel().equals(Notification.Channel.WEBHOOK.key())) {
      var secret = secrets.secret(row.alertId(), row.webhookId());
      if (secret.isEmpty()) {
        return Attempt.refused(null, "the webhook's signing secret is gone (webhook removed?)");
      }
      String event = payload.path("event").asText("test");
      return webhooks.send(row.id(), row.target(), secret.get(), event, row.payload());
    }
    if (mailer.isEmpty()) {
      return Attempt.retry(null, "no SMTP server is configured: set AQMRG_SMTP_HOST");
    }
    var mail =
        new Mailer.Mail(
            payload.path("subject").asText(),
            payload.path("text").asText(),
            payload.hasNonNull("unsubscribe_url") ? payload.get("unsubscribe_url").asText() : null);
    return mailer.get().send(row.id(), row.target(), mail);
  }

  /** Stops claiming; rows being sent finish, rows claimed and not sent wait for their lease. */
  @Override
  public void close() {
    running = false;
    wake();
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
  }
}
