package org.aqmrg.spool;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.Row;

/**
 * The time-series store as the read routes see it with the spool on: each read first waits (at most
 * {@value #WAIT_MILLIS} ms, and not while deliveries fail) until what was acknowledged before it
 * has left the spool, so that a client reads back what it just wrote. Writes do not pass here: the
 * spool's delivery writes to the store itself.
 */
public final class DeliveredReads implements ReadingStore {
  static final long WAIT_MILLIS = 2_000;

  private final ReadingStore store;
  private final Spool spool;

  public DeliveredReads(ReadingStore store, Spool spool) {
    this.store = store;
    this.spool = spool;
  }

  @Override
  public void write(List<Reading> readings) {
    store.write(readings);
  }

  @Override
  public Optional<Reading> latest(String sensorId) {
    spool.awaitDelivered(WAIT_MILLIS);
    return store.latest(sensorId);
  }

  @Override
  public List<Reading> raw(String sensorId, Instant from, Instant to, int limit) {
    spool.awaitDelivered(WAIT_MILLIS);
    return store.raw(sensorId, from, to, limit);
  }

  @Override
  public Optional<Query.Position> query(Query query, Consumer<Row> sink) {
    spool.awaitDelivered(WAIT_MILLIS);
    return store.query(query, sink);
  }

  @Override
  public List<Bucket> createBuckets() {
    return store.createBuckets();
  }

  @Override
  public List<Bucket> buckets() {
    return store.buckets();
  }

  @Override
  public String description() {
    return store.description();
  }

  /** Closes nothing: the store is its owner's to close. */
  @Override
  public void close() {}
}
