package org.aqmrg.db;

import java.time.Duration;
import java.util.ArrayDeque;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far behind the primary the replica is, in time, and so whether reads may use it. Each check
 * notes the primary's WAL position with the moment it was first seen, then asks the replica how far
 * it has replayed: the lag is the time since the primary first held WAL the replica has not
 * replayed (zero when it has replayed all it had), measured with this machine's clock alone, so
 * neither server's clock matters. The replica is in use while it answers, is in recovery, and lags
 * at most the maximum; a read that found it behind takes it out of use until it has replayed that
 * read's position.
 */
final class ReplicaLag {
  private static final Logger log = LoggerFactory.getLogger(ReplicaLag.class);
  private static final int MAX_SAMPLES = 20_000;
  private static final String NOT_CHECKED = "not checked yet";

  private record Sample(long position, long nanos) {}

  /** What the replica says of itself; {@code replayed} is null when it never was in recovery. */
  private record Replay(boolean recovering, String replayed) {}

  private final String target;
  private final Duration maxLag;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private volatile boolean inUse;
  private volatile String problem = NOT_CHECKED;
  private volatile Double lagSeconds;
  private volatile long behind = -1; // a position a read waited for in vain

  ReplicaLag(String target, Duration maxLag) {
    this.target = target;
    this.maxLag = maxLag;
  }

  String target() {
    return target;
  }

  Duration maxLag() {
    return maxLag;
  }

  boolean inUse() {
    return inUse;
  }

  static String primaryPosition(Handle handle) {
    return handle.createQuery("SELECT pg_current_wal_flush_lsn()::text").mapTo(String.class).one();
  }

  /** Whether the replica has replayed {@code position}; false when it is not in recovery. */
  static boolean replayed(Handle handle, String position) {
    return handle
        .createQuery(
            "SELECT coalesce(pg_is_in_recovery() AND pg_last_wal_replay_lsn() >= CAST(? AS"
                + " pg_lsn), false)")
        .bind(0, position)
        .mapTo(Boolean.class)
        .one();
  }

  /** One measurement; the primary down leaves the state as it was (reads fail there anyway). */
  void check(Jdbi replica, Jdbi primary) {
    long now = System.nanoTime();
    try {
      note(position(primary.withHandle(ReplicaLag::primaryPosition)), now);
    } catch (JdbiException e) {
      return;
    }
    try {
      var state =
          replica.withHandle(
              handle ->
                  handle
                      .createQuery("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text")
                      .map((rows, ctx) -> new Replay(rows.getBoolean(1), rows.getString(2)))
                      .one());
      if (!state.recovering() || state.replayed() == null) {
        update(false, null, "not a replica: pg_is_in_recovery() is false there (promoted?)");
        return;
      }
      long replayed = position(state.replayed());
      double lag = lagAt(replayed, now);
      if (lag > maxLag.toMillis() / 1000.0) {
        update(
            false,
            lag,
            "%.1f s behind the primary, more than the %d s allowed"
                .formatted(lag, maxLag.toSeconds()));
      } else if (behind >= 0 && replayed < behind) {
        update(false, lag, "behind the position a read waited for");
      } else {
        behind = -1;
        update(true, lag, null);
      }
    } catch (JdbiException e) {
      update(false, null, SqlFailures.unavailable(e) ? "unreachable: " + message(e) : message(e));
    }
  }

  /** A read waited for {@code position} longer than the maximum lag. */
  void behind(String position) {
    behind = position(position);
    update(
        false,
        lagSeconds,
        "a read waited more than %d s for it to catch up".formatted(maxLag.toSeconds()));
  }

  /** A check failed in a way it does not expect (a bug, never a server that is down). */
  void failed(RuntimeException e) {
    log.error("checking {} failed", target, e);
    update(false, null, "its check failed: " + message(e));
  }

  /** A read could not reach the replica. */
  void lost(Exception e) {
    update(false, null, "unreachable: " + message(e));
  }

  ReplicaStatus status(long readsOnReplica, long readsOnPrimary) {
    return new ReplicaStatus(target, inUse, lagSeconds, problem, readsOnReplica, readsOnPrimary);
  }

  private synchronized void note(long position, long nanos) {
    Sample last = samples.peekLast();
    if (last == null || position > last.position()) {
      samples.addLast(new Sample(position, nanos));
      if (samples.size() > MAX_SAMPLES) {
        samples.removeFirst();
      }
    }
  }

  /** Seconds since the primary first held WAL past {@code replayed}; 0 when there is none. */
  private synchronized double lagAt(long replayed, long now) {
    while (!samples.isEmpty() && samples.peekFirst().position() <= replayed) {
      Sample first = samples.removeFirst();
      if (samples.isEmpty()) {
        samples.addFirst(first); // the newest position stays, to compare the next one with
        return 0;
      }
    }
    return samples.isEmpty() ? 0 : (now - samples.peekFirst().nanos()) / 1e9;
  }

  private synchronized void update(boolean use, Double lag, String why) {
    if (use != inUse) {
      if (use) {
        log.info(NOT_CHECKED.equals(problem) ? "reads use {}" : "reads use {} again", target);
      } else {
        log.warn("reads go to the primary instead of {}: {}", target, why);
      }
    }
    inUse = use;
    lagSeconds = lag == null ? null : Math.round(lag * 1000) / 1000.0;
    problem = why;
  }

  /** A WAL position ({@code 16/B374D848}) as one number. */
  static long position(String lsn) {
    int slash = lsn.indexOf('/');
    return (Long.parseLong(lsn.substring(0, slash), 16) << 32)
        | Long.parseLong(lsn.substring(slash + 1), 16);
  }

  private static String message(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
