package org.aqmrg.rollups;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.aqmrg.db.Database;
import org.aqmrg.error.StoreRefusedException;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.WriteHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marks of the hours that writes touched, in the relational table {@code rollup_marks} shared
 * by every instance: as the store writer's hook, each store write marks its distinct (sensor, UTC
 * hour) pairs in one upsert before it is sent, so a mark is durable before the acknowledgement; a
 * worker {@link #claim}s marks, recomputes their hours and reports them {@link #done}.
 *
 * <p>When PostgreSQL cannot be reached the write goes ahead: the pairs wait in memory (at most
 * {@code maxPending}, see {@link PendingMarks}) and are written with the next mark that succeeds. A
 * store write that takes longer than the settle time marks its hours again when it returns, since a
 * worker may have recomputed them before the readings landed.
 */
public final class HourMarks implements WriteHook {
  private static final Logger log = LoggerFactory.getLogger(HourMarks.class);

  /** A claimed mark, with the {@code marked_at} it had when claimed. */
  public record Mark(HourKey key, Instant markedAt) {}

  private static final String UPSERT =
      "INSERT INTO rollup_marks (sensor_id, hour) SELECT s, h::timestamptz"
          + " FROM unnest(?::varchar[], ?::varchar[]) AS m(s, h)"
          + " ON CONFLICT (sensor_id, hour) DO UPDATE SET marked_at = clock_timestamp()";

  private static final String CLAIM =
      "UPDATE rollup_marks m SET claimed_by = ?,"
          + " claimed_until = clock_timestamp() + ? * interval '1 millisecond'"
          + " FROM (SELECT sensor_id, hour FROM rollup_marks"
          + " WHERE (claimed_until IS NULL OR claimed_until < clock_timestamp())"
          + " AND marked_at <= clock_timestamp() - ? * interval '1 millisecond'"
          + " ORDER BY marked_at LIMIT ? FOR UPDATE SKIP LOCKED) c"
          + " WHERE m.sensor_id = c.sensor_id AND m.hour = c.hour"
          + " RETURNING m.sensor_id, m.hour, m.marked_at";

  private static final String LOCK =
      "SELECT 1 FROM rollup_marks m, unnest(?::varchar[], ?::varchar[]) AS d(s, h)"
          + " WHERE m.sensor_id = d.s AND m.hour = d.h::timestamptz AND m.claimed_by = ?"
          + " ORDER BY m.sensor_id, m.hour FOR UPDATE OF m";

  private static final String DELETE_UNCHANGED =
      "DELETE FROM rollup_marks m USING unnest(?::varchar[], ?::varchar[], ?::varchar[]) AS d(s, h, t)"
          + " WHERE m.sensor_id = d.s AND m.hour = d.h::timestamptz"
          + " AND m.marked_at = d.t::timestamptz AND m.claimed_by = ?";

  private static final String UNCLAIM =
      "UPDATE rollup_marks m SET claimed_by = NULL, claimed_until = NULL"
          + " FROM unnest(?::varchar[], ?::varchar[]) AS d(s, h)"
          + " WHERE m.sensor_id = d.s AND m.hour = d.h::timestamptz AND m.claimed_by = ?";

  private final Database database;
  private final Duration settle;
  private final PendingMarks pending;
  private final ThreadLocal<Long> writeStarted = new ThreadLocal<>();

  /**
   * @param settle how old a mark must be before it is claimed, so that a burst of writes to one
   *     hour is recomputed once, and how long a store write may take before its hours are marked
   *     again
   * @param maxPending the most pairs kept in memory while PostgreSQL is unreachable
   * @param retry how long after a failed mark PostgreSQL is tried again
   */
  HourMarks(Database database, Duration settle, int maxPending, Duration retry) {
    this.database = database;
    this.settle = settle;
    this.pending = new PendingMarks(maxPending, retry);
  }

  /**
   * Marks with a settle time of 1 s, keeping up to 100,000 pairs through an outage and trying
   * PostgreSQL again every 2 s meanwhile.
   */
  public HourMarks(Database database) {
    this(database, Duration.ofSeconds(1), 100_000, Duration.ofSeconds(2));
  }

  @Override
  public void beforeWrite(List<Reading> readings) {
    writeStarted.set(System.nanoTime());
    mark(readings);
  }

  @Override
  public void afterWrite(List<Reading> readings) {
    Long started = writeStarted.get();
    if (started != null && System.nanoTime() - started >= settle.toNanos()) {
      mark(readings);
    }
  }

  private void mark(List<Reading> readings) {
    var keys = new TreeSet<HourKey>();
    for (Reading reading : readings) {
      keys.add(HourKey.of(reading.sensorId(), reading.timeNanos()));
    }
    mark(keys);
  }

  /** Marks these hours (and any kept from an outage); never throws. */
  public void mark(Collection<HourKey> keys) {
    TreeSet<HourKey> all = pending.toWrite(keys);
    if (all == null) {
      return;
    }
    try {
      upsert(all);
      pending.written(all);
    } catch (StoreRefusedException e) {
      log.error(
          "PostgreSQL refused the rollup marks of {} hour(s); they are not kept", all.size(), e);
      pending.refused(all);
    } catch (RuntimeException e) { // unavailable, or any other failure: the write goes ahead
      pending.failed(keys, e);
    }
  }

  private void upsert(TreeSet<HourKey> keys) {
    if (keys.isEmpty()) {
      return;
    }
    String[] sensors = new String[keys.size()];
    String[] hours = new String[keys.size()];
    int i = 0;
    for (HourKey key : keys) {
      sensors[i] = key.sensorId();
      hours[i++] = key.hour().toString();
    }
    database.useHandle(
        "marking " + keys.size() + " hour(s) for the rollups",
        handle -> handle.createUpdate(UPSERT).bind(0, sensors).bind(1, hours).execute());
  }

  /**
   * The age of the oldest mark waiting to be rolled up, in seconds; 0 when none waits. One indexed
   * query (on {@code marked_at}); throws {@link org.aqmrg.error.StoreUnavailableException} when
   * PostgreSQL cannot be reached.
   */
  public double oldestAgeSeconds() {
    return database.withHandle(
        "reading the age of the oldest rollup mark",
        handle ->
            handle
                .createQuery(
                    "SELECT coalesce(extract(epoch FROM clock_timestamp() - min(marked_at)), 0)"
                        + " FROM rollup_marks")
                .mapTo(Double.class)
                .one());
  }

  /** How many pairs wait in memory for PostgreSQL. */
  public int pending() {
    return pending.size();
  }

  /**
   * Claims up to {@code limit} marks that are at least the settle time old and unclaimed (or whose
   * claim's lease has passed) for {@code instanceId}, oldest first, until now + {@code lease}. Two
   * callers at once never get the same mark.
   */
  public List<Mark> claim(int limit, Duration lease, String instanceId) {
    return database.withHandle(
        "claiming rollup marks",
        handle ->
            handle
                .createQuery(CLAIM)
                .bind(0, instanceId)
                .bind(1, lease.toMillis())
                .bind(2, settle.toMillis())
                .bind(3, limit)
                .map(
                    (row, ctx) ->
                        new Mark(
                            new HourKey(
                                row.getString(1),
                                row.getObject(2, OffsetDateTime.class).toInstant()),
                            row.getObject(3, OffsetDateTime.class).toInstant()))
                .list());
  }

  /**
   * Reports claimed marks recomputed: each is deleted if no write marked its hour since the claim,
   * else its claim is cleared so that the hour is recomputed again.
   */
  public void done(String instanceId, Collection<Mark> claimed) {
    if (claimed.isEmpty()) {
      return;
    }
    var sorted = new ArrayList<>(claimed);
    sorted.sort((a, b) -> a.key().compareTo(b.key()));
    String[] sensors = new String[sorted.size()];
    String[] hours = new String[sorted.size()];
    String[] marked = new String[sorted.size()];
    for (int i = 0; i < sorted.size(); i++) {
      sensors[i] = sorted.get(i).key().sensorId();
      hours[i] = sorted.get(i).key().hour().toString();
      marked[i] = sorted.get(i).markedAt().toString();
    }
    database.inTransaction(
        "clearing " + sorted.size() + " rollup mark(s)",
        handle -> {
          handle
              .createQuery(LOCK)
              .bind(0, sensors)
              .bind(1, hours)
              .bind(2, instanceId)
              .mapTo(Integer.class)
              .list();
          handle
              .createUpdate(DELETE_UNCHANGED)
              .bind(0, sensors)
              .bind(1, hours)
              .bind(2, marked)
              .bind(3, instanceId)
              .execute();
          return handle
              .createUpdate(UNCLAIM)
              .bind(0, sensors)
              .bind(1, hours)
              .bind(2, instanceId)
              .execute();
        });
  }
}
