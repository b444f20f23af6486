package org.aqmrg.readings;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where the write path hands the readings it accepted. Two implementations: the {@link
 * StoreWriter}, whose future completes once the readings are in the time-series store, and the
 * write-ahead spool ({@code spool.Spool}), whose future completes once they are forced to the spool
 * on local disk, from where it delivers them to the store's writer.
 *
 * <p>Either way a completed future is a promise kept: the readings are stored, or will be, across a
 * crash of the process. A failed one completes with a {@link
 * org.aqmrg.error.StoreUnavailableException} and nothing of the batch is acknowledged.
 */
public interface ReadingWriter {
  /** Takes readings to store; the list must not change afterwards. */
  CompletableFuture<Void> submit(List<Reading> readings);
}
