package org.aqmrg.rollups;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hours {@link HourMarks} could not mark for want of PostgreSQL, kept in memory (at most {@code
 * max}; beyond that dropped, and the warning says which hours to rebuild) until a mark succeeds.
 * While they wait, one writer every {@code retry} tries PostgreSQL; the others keep their hours
 * here at once instead of each waiting for a connection that will not come.
 */
final class PendingMarks {
  private static final Logger log = LoggerFactory.getLogger(PendingMarks.class);

  private final int max;
  private final Duration retry;
  private final TreeSet<HourKey> pending = new TreeSet<>();
  private boolean retrying;
  private long retryAt;
  private long dropped;
  private Instant firstDropped;
  private Instant lastDropped;

  PendingMarks(int max, Duration retry) {
    this.max = max;
    this.retry = retry;
  }

  /**
   * The hours to write now, {@code keys} with those kept, or null when PostgreSQL is not to be
   * tried just now ({@code keys} are then kept). A non-null answer must be followed by {@link
   * #written}, {@link #refused} or {@link #failed}.
   */
  synchronized TreeSet<HourKey> toWrite(Collection<HourKey> keys) {
    if (!pending.isEmpty() && (retrying || System.nanoTime() - retryAt < 0)) {
      add(keys);
      return null;
    }
    retrying = !pending.isEmpty();
    var all = new TreeSet<>(keys);
    all.addAll(pending);
    return all;
  }

  synchronized void written(Collection<HourKey> written) {
    retrying = false;
    if (pending.isEmpty() && dropped == 0) {
      return;
    }
    int before = pending.size();
    pending.removeAll(written);
    if (before > 0 && pending.isEmpty()) {
      log.info("PostgreSQL is back: {} rollup mark(s) kept in memory are written", before);
    }
    if (dropped > 0) {
      log.warn(
          "{} rollup mark(s) beyond the {} kept in memory were lost; run ./aqmrg rollups rebuild"
              + " --from {} --to {}",
          dropped,
          max,
          firstDropped,
          lastDropped.plus(Duration.ofHours(1)));
      dropped = 0;
      firstDropped = null;
      lastDropped = null;
    }
  }

  /** PostgreSQL refused these hours for their content: they are not kept, or they would block. */
  synchronized void refused(Collection<HourKey> all) {
    retrying = false;
    pending.removeAll(all);
  }

  synchronized void failed(Collection<HourKey> keys, RuntimeException e) {
    retrying = false;
    if (pending.isEmpty()) {
      log.warn(
          "Cannot mark hours for the rollups ({}); writes go ahead, and up to {} marks are kept in"
              + " memory until PostgreSQL is back",
          e.getMessage(),
          max);
    }
    retryAt = System.nanoTime() + retry.toNanos();
    add(keys);
  }

  synchronized int size() {
    return pending.size();
  }

  private void add(Collection<HourKey> keys) {
    for (HourKey key : keys) {
      if (pending.size() < max || pending.contains(key)) {
        pending.add(key);
      } else {
        dropped++;
        Instant hour = key.hour();
        firstDropped = firstDropped == null || hour.isBefore(firstDropped) ? hour : firstDropped;
        lastDropped = lastDropped == null || hour.isAfter(lastDropped) ? hour : lastDropped;
      }
    }
  }
}
