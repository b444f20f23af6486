package org.aqmrg.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aqmrg.identity.Principal;
import org.aqmrg.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refused credentials, audited in aggregate: one {@code auth.denied} entry per client address and
 * window, with how many requests were refused, why, and on which routes, instead of one database
 * insert per request (a client retrying a revoked token, or one trying many, would otherwise cost a
 * write each time).
 *
 * <p>An address's window starts at its first refusal and lasts {@code window} (the rate-limit
 * window); when it has ended, a daemon thread that looks every second writes its entry, so an entry
 * appears at most a window and a second after the first refusal it counts. {@link #flush()} writes
 * every open window at once, and {@link #close()} flushes. The counts of an instance killed before
 * its windows end are lost; each instance behind a load balancer writes its own entries.
 *
 * <p>The entry: actor anonymous, the client's address, entity {@code client} with the address as
 * id, and details {@code {"count", "reasons": {reason: n}, "routes": {"GET /x": n}, "rate_limited",
 * "first_at", "last_at", "window_seconds"}}; {@code rate_limited} counts those answered 429.
 */
public final class DeniedRequests implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeniedRequests.class);

  /** Addresses tallied at once; refusals from further addresses share one entry without one. */
  static final int MAX_ADDRESSES = 10_000;

  /** The key of the shared tally of addresses beyond {@link #MAX_ADDRESSES}. */
  private static final String OTHERS = "";

  private final AuditLog audit;
  private final Duration window;
  private final Clock clock;
  private final Map<String, Tally> open = new ConcurrentHashMap<>();
  private final ScheduledExecutorService writer;

  /** Refusals of one address in one window. */
  private static final class Tally {
    final Instant firstAt;
    Instant lastAt;
    long count;
    long rateLimited;
    final Map<String, Long> reasons = new TreeMap<>();
    final Map<String, Long> routes = new TreeMap<>();
    boolean written;

    Tally(Instant firstAt) {
      this.firstAt = firstAt;
      this.lastAt = firstAt;
    }

    void add(Tally other) {
      count += other.count;
      rateLimited += other.rateLimited;
      other.reasons.forEach((reason, n) -> reasons.merge(reason, n, Long::sum));
      other.routes.forEach((route, n) -> routes.merge(route, n, Long::sum));
      lastAt = other.lastAt.isAfter(lastAt) ? other.lastAt : lastAt;
    }
  }

  public DeniedRequests(AuditLog audit, Duration window) {
    this(audit, window, Clock.systemUTC());
    writer.scheduleWithFixedDelay(this::writeEnded, 1, 1, TimeUnit.SECONDS);
  }

  /**
   * With a clock of the test's own; nothing is written by itself, the test calls {@link #flush}.
   */
  DeniedRequests(AuditLog audit, Duration window, Clock clock) {
    this.audit = audit;
    this.window = window;
    this.clock = clock;
    this.writer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("audit-denied"));
  }

  /**
   * Counts one refused request from {@code client}.
   *
   * @param route method and route template, e.g. {@code GET /api/v1/auth/me}
   * @param reason why, e.g. {@code unknown_token}, {@code malformed}
   * @param rateLimited whether it was answered 429 (over the limit of refusals) rather than 401
   */
  public void record(String client, String route, String reason, boolean rateLimited) {
    Instant now = clock.instant();
    while (true) {
      String key = open.size() >= MAX_ADDRESSES && !open.containsKey(client) ? OTHERS : client;
      Tally tally = open.computeIfAbsent(key, k -> new Tally(now));
      synchronized (tally) {
        if (tally.written) {
          continue; // written and removed meanwhile: the next window's tally takes it
        }
        tally.count++;
        tally.rateLimited += rateLimited ? 1 : 0;
        tally.reasons.merge(reason, 1L, Long::sum);
        tally.routes.merge(route, 1L, Long::sum);
        tally.lastAt = now;
        return;
      }
    }
  }

  /** Writes the entry of every open window now, ended or not. */
  public void flush() {
    write(Instant.MAX);
  }

  private void writeEnded() {
    try {
      write(clock.instant().minus(window));
    } catch (RuntimeException e) {
      // The tallies stay for the next attempt; the trail is the database's, which may be down.
      log.warn("Writing the audit entries of refused credentials failed: {}", e.getMessage());
    }
  }

  /**
   * Writes the tallies whose window began before {@code startedBefore}. A tally is taken out of the
   * open ones before it is written, so refusals counted meanwhile start the next window; one that
   * could not be written is put back, and the first failure is thrown.
   */
  private synchronized void write(Instant startedBefore) {
    RuntimeException failure = null;
    for (var entry : List.copyOf(open.entrySet())) {
      Tally tally = entry.getValue();
      if (!tally.firstAt.isBefore(startedBefore)) {
        continue;
      }
      Map<String, Object> details;
      synchronized (tally) {
        tally.written = true;
        open.remove(entry.getKey(), tally);
        details = details(tally);
      }
      String address = entry.getKey().equals(OTHERS) ? null : entry.getKey();
      try {
        audit.record(Principal.ANONYMOUS, address, "auth.denied", "client", address, details);
      } catch (RuntimeException e) {
        restore(entry.getKey(), tally);
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Puts a tally that could not be written back, with what its address has counted since. */
  private void restore(String key, Tally unwritten) {
    open.compute(
        key,
        (k, current) -> {
          var merged = new Tally(unwritten.firstAt);
          merged.add(unwritten);
          if (current != null) {
            synchronized (current) {
              merged.add(current);
              current.written = true;
            }
          }
          return merged;
        });
  }

  private Map<String, Object> details(Tally tally) {
    var details = new LinkedHashMap<String, Object>();
    details.put("count", tally.count);
    details.put("reasons", Map.copyOf(tally.reasons));
    details.put("routes", Map.copyOf(tally.routes));
    details.put("rate_limited", tally.rateLimited);
    details.put("first_at", tally.firstAt.toString());
    details.put("last_at", tally.lastAt.toString());
    details.put("window_seconds", window.toSeconds());
    return details;
  }

  /** Stops the writer and writes what is still open. */
  @Override
  public void close() {
    writer.shutdownNow();
    try {
      flush();
    } catch (RuntimeException e) {
      log.warn(
          "The audit entries of {} address(es) with refused credentials could not be written: {}",
          open.size(),
          e.getMessage());
    }
  }
}
