package org.aqmrg.app;

import java.time.Clock;
import java.util.Optional;
import org.aqmrg.config.SpoolSettings;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.ReadingWriter;
import org.aqmrg.readings.StoreWriter;
import org.aqmrg.readings.WriteHook;
import org.aqmrg.spool.DeliveredReads;
import org.aqmrg.spool.Spool;
import org.aqmrg.spool.SpoolStatus;

/**
 * How accepted readings reach the time-series store: through its {@link StoreWriter}, and for a
 * {@code serve} with the spool on ({@code AQMRG_SPOOL}) through the write-ahead {@link Spool} in
 * front of it. Commands (import, rollups rebuild) write through the writer alone: they wait for the
 * store and say so when it fails.
 */
final class WritePath implements AutoCloseable {
  private final StoreWriter writer;
  private final Optional<Spool> spool;
  private final ReadingStore reads;

  private WritePath(StoreWriter writer, Optional<Spool> spool, ReadingStore reads) {
    this.writer = writer;
    this.spool = spool;
    this.reads = reads;
  }

  /**
   * @param spooled whether to put the spool in front of the writer (a serve with it on)
   */
  static WritePath open(
      ReadingStore store, WriteHook hook, SpoolSettings settings, boolean spooled, Clock clock) {
    var writer = new StoreWriter(store, hook);
    if (!spooled || !settings.enabled()) {
      return new WritePath(writer, Optional.empty(), store);
    }
    try {
      var spool = Spool.open(settings, writer, store.description(), clock);
      return new WritePath(writer, Optional.of(spool), new DeliveredReads(store, spool));
    } catch (RuntimeException e) {
      writer.close();
      throw e;
    }
  }

  /** Where ingest hands accepted readings. */
  ReadingWriter ingest() {
    return spool.isPresent() ? spool.get() : writer;
  }

  /** The store as reads see it: after what was acknowledged has left the spool. */
  ReadingStore reads() {
    return reads;
  }

  /** The spool's state, when there is a spool. */
  Optional<SpoolStatus> spoolStatus() {
    return spool.map(Spool::status);
  }

  /** Delivers what it can of the spool, then writes what is queued; the store stays open. */
  @Override
  public void close() {
    spool.ifPresent(Spool::close);
    writer.close();
  }
}
