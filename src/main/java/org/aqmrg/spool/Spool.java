package org.aqmrg.spool;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.aqmrg.config.SpoolSettings;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingWriter;
import org.aqmrg.readings.StoreWriter;
import org.aqmrg.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write-ahead spool ({@code AQMRG_SPOOL}): an accepted write is appended to a segment file on
 * local disk and forced there before it is acknowledged; one thread delivers the spool to the
 * store's {@link StoreWriter} in order, trying again while the store is away, and deletes what was
 * delivered. So a write is acknowledged while the store restarts, and {@code kill -9} at any moment
 * loses nothing acknowledged: at start the spool is checked ({@link Recovery}) and what it holds is
 * delivered before anything newer. When the spool holds {@code AQMRG_SPOOL_MAX_MB}, writes are
 * refused with 503 as they are without it.
 *
 * <p>The parts: {@link RecordCodec} (a record's bytes), {@link SpoolFiles} (the folder), {@link
 * Appender} (group commit), {@link Delivery} (to the store), {@link SpoolReader} (reading back).
 */
public final class Spool implements ReadingWriter, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Spool.class);

  /** How long {@link #close} goes on delivering while the store takes writes. */
  private static final long DRAIN_MILLIS = 10_000;

  private final SpoolSettings settings;
  private final SpoolFiles files;
  private final Appender appender;
  private final Delivery delivery;
  private final Thread appending;
  private final Thread delivering;
  private final Clock clock;
  private final String store;

  private Spool(
      SpoolSettings settings, SpoolFiles files, StoreWriter writer, String store, Clock clock) {
    this.settings = settings;
    this.files = files;
    this.clock = clock;
    this.store = store;
    var state = Recovery.recover(files);
    var delivery = new Delivery[1];
    this.appender =
        new Appender(files, state.end(), settings.segmentBytes(), () -> delivery[0].forced());
    this.delivery =
        new Delivery(files, state, appender::end, writer, StoreWriter.MAX_POINTS, clock);
    delivery[0] = this.delivery;
    this.appending = DaemonThreads.named("spool-appender").newThread(appender);
    this.delivering = DaemonThreads.named("spool-delivery").newThread(this.delivery);
    appending.start();
    delivering.start();
  }

  /**
   * Opens the spool's folder (taking its lock), checks what it holds and starts delivering it to
   * {@code writer}, which must outlive the spool.
   *
   * @param store what the writer writes to, for messages (e.g. {@code InfluxDB at http://…})
   * @throws IllegalStateException when the folder is another instance's or cannot be written
   */
  public static Spool open(SpoolSettings settings, StoreWriter writer, String store, Clock clock) {
    var files = SpoolFiles.open(settings.directory());
    try {
      var spool = new Spool(settings, files, writer, store, clock);
      log.info(
          "Write-ahead spool at {} (up to {} MB): writes are acknowledged once on disk there",
          settings.directory().toAbsolutePath(),
          settings.maxBytes() / (1024 * 1024));
      return spool;
    } catch (RuntimeException e) {
      files.close();
      throw e;
    }
  }

  /**
   * Appends the readings and forces them to disk; the future completes then. Fails at once when the
   * spool is full.
   */
  @Override
  public CompletableFuture<Void> submit(List<Reading> readings) {
    if (readings.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    byte[] record = RecordCodec.encode(readings, clock.millis());
    long held = appender.reserved() - delivery.delivered();
    if (held + record.length > settings.maxBytes()) {
      return CompletableFuture.failedFuture(full(held));
    }
    delivery.waiting.addAndGet(readings.size());
    return appender
        .append(record)
        .handle(
            (end, failure) -> {
              if (failure != null) {
                delivery.waiting.addAndGet(-readings.size());
                throw failure instanceof RuntimeException e
                    ? e
                    : new IllegalStateException(failure);
              }
              return null;
            });
  }

  private StoreUnavailableException full(long held) {
    String problem = delivery.problem();
    return new StoreUnavailableException(
        Store.TIMESERIES,
        "The write-ahead spool is full: "
            + held / (1024 * 1024)
            + " MB wait for "
            + store
            + (problem == null ? ", which takes them more slowly than they come" : ": " + problem)
            + ". Send again later; an operator can raise AQMRG_SPOOL_MAX_MB.",
        null);
  }

  /**
   * Waits until everything acknowledged so far is in the store, at most {@code millis}, and not at
   * all while deliveries fail: so that a read sees the writes acknowledged before it.
   */
  public void awaitDelivered(long millis) {
    try {
      delivery.awaitDelivered(appender.end(), millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What the spool holds and how its delivery goes. */
  public SpoolStatus status() {
    long oldest = delivery.oldestMillis();
    long bytes = Math.max(0, appender.end() - delivery.delivered());
    return new SpoolStatus(
        bytes,
        Math.max(0, delivery.waiting.get()),
        bytes == 0 || oldest == 0 ? 0 : Math.max(0, (clock.millis() - oldest) / 1000.0),
        settings.maxBytes(),
        delivery.problem(),
        delivery.retries.get(),
        delivery.refused.get(),
        delivery.lostBytes.get());
  }

  /**
   * Stops taking writes, forces what was taken, then delivers for up to 10 s while the store takes
   * them; what is left stays in the spool for the next start. Call before closing the writer.
   */
  @Override
  public void close() {
    appender.stop();
    join(appending);
    delivery.stop(DRAIN_MILLIS);
    join(delivering);
    var left = status();
    if (left.bytes() > 0) {
      log.info(
          "{} reading(s) stay in the spool at {}; they are delivered at the next start",
          left.readings(),
          settings.directory().toAbsolutePath());
    }
    files.close();
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
