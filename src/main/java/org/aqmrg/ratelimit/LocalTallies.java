package org.aqmrg.ratelimit;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.aqmrg.cache.Cache;
import org.aqmrg.error.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counts a {@link RateLimiter} keeps in process between syncs, by counter key: for each, the
 * cache's count at the last sync, what is being added to it now, and what was counted here since;
 * and the keys refused here with when their window ends. Each tally is guarded by its own lock.
 */
final class LocalTallies {
  private static final Logger log = LoggerFactory.getLogger(LocalTallies.class);

  /** More keys counted in process than this and new ones are counted in the cache directly. */
  private static final int MAX_TALLIES = 100_000;

  private final Cache cache;
  private final Consumer<StoreUnavailableException> unavailable;
  private final Map<String, Tally> tallies = new ConcurrentHashMap<>();
  private final Map<String, Long> refusedUntil = new ConcurrentHashMap<>();

  /**
   * @param unavailable told when a sync finds the cache unavailable
   */
  LocalTallies(Cache cache, Consumer<StoreUnavailableException> unavailable) {
    this.cache = cache;
    this.unavailable = unavailable;
  }

  private static final class Tally {
    final Duration window;
    long shared;
    long sending;
    long pending;
    long endsAt;

    Tally(Duration window, Cache.Counter counter, long now) {
      this.window = window;
      this.shared = counter.count();
      this.endsAt = now + counter.resetsIn().toMillis();
    }

    long count() {
      return shared + sending + pending;
    }
  }

  /**
   * Counts one request here when {@code key} has a tally in its window of {@code window}; empty
   * when it has none, and the request must be counted in the cache (then {@link #start}).
   */
  Optional<Cache.Counter> count(String key, Duration window, long now) {
    Tally tally = tallies.get(key);
    if (tally != null) {
      synchronized (tally) {
        if (now < tally.endsAt && tally.window.equals(window)) {
          tally.pending++;
          return Optional.of(
              new Cache.Counter(tally.count(), Duration.ofMillis(tally.endsAt - now)));
        }
      }
    }
    return Optional.empty();
  }

  /** Starts counting {@code key} here from the cache's {@code counter}, when there is room. */
  void start(String key, Duration window, Cache.Counter counter, long now) {
    if (tallies.size() < MAX_TALLIES) {
      tallies.put(key, new Tally(window, counter, now));
    }
  }

  /** Remembers that {@code key} was refused until {@code until}, when there is room. */
  void refused(String key, long until) {
    if (refusedUntil.size() < MAX_TALLIES) {
      refusedUntil.put(key, until);
    }
  }

  /** True when the count here, or a refusal given here, says {@code key} is at its limit. */
  boolean exhausted(String key, int limit, long now) {
    Tally tally = tallies.get(key);
    if (tally != null) {
      synchronized (tally) {
        if (now < tally.endsAt && tally.count() >= limit) {
          return true;
        }
      }
    }
    Long until = refusedUntil.get(key);
    if (until != null && now >= until) {
      refusedUntil.remove(key, until);
      return false;
    }
    return until != null;
  }

  /**
   * Adds what was counted here since the last sync to the cache, one round trip per window length,
   * and learns the counts of all instances; forgets keys whose window has ended. Counts that could
   * not be sent stay pending for the next sync.
   */
  void sync(long now) {
    refusedUntil.values().removeIf(until -> now >= until);
    var byWindow = new HashMap<Duration, Map<String, Tally>>();
    for (var entry : tallies.entrySet()) {
      Tally tally = entry.getValue();
      synchronized (tally) {
        if (now >= tally.endsAt) {
          tallies.remove(entry.getKey(), tally); // its window is over: what it held is too
        } else if (tally.pending > 0) {
          tally.sending = tally.pending;
          tally.pending = 0;
          byWindow.computeIfAbsent(tally.window, w -> new HashMap<>()).put(entry.getKey(), tally);
        }
      }
    }
    byWindow.forEach((length, sending) -> send(length, sending, now));
  }

  /**
   * Sends the counts of {@code sending} and settles each of those tallies (not whatever tally holds
   * the key by then: a new window's must not take in the old one's counts).
   */
  private void send(Duration length, Map<String, Tally> sending, long now) {
    var amounts = new HashMap<String, Long>(sending.size() * 2);
    sending.forEach(
        (key, tally) -> {
          synchronized (tally) {
            amounts.put(key, tally.sending);
          }
        });
    Map<String, Cache.Counter> counters;
    try {
      counters = cache.incrementAll(amounts, length);
    } catch (StoreUnavailableException e) {
      counters = Map.of();
      unavailable.accept(e);
    } catch (RuntimeException e) {
      counters = Map.of();
      log.error("Syncing rate-limit counts failed", e);
    }
    for (var entry : sending.entrySet()) {
      Tally tally = entry.getValue();
      synchronized (tally) {
        Cache.Counter counter = counters.get(entry.getKey());
        if (counter == null) {
          tally.pending += tally.sending;
        } else {
          tally.shared = counter.count();
          tally.endsAt = now + counter.resetsIn().toMillis();
        }
        tally.sending = 0;
      }
    }
  }
}
