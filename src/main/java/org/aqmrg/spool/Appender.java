package org.aqmrg.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records to the newest segment and forces them to disk with group commit: one thread
 * writes everything that queued while the previous force ran, then forces once, so many concurrent
 * writes share one {@code fdatasync}. A record's future completes with the position after it once
 * it is forced, never before.
 */
final class Appender implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Appender.class);

  private record Pending(byte[] record, CompletableFuture<Long> forced) {}

  private final SpoolFiles files;
  private final long segmentBytes;
  private final Runnable onForced;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queued = lock.newCondition();
  private ArrayDeque<Pending> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean stopping;
  private SpoolFiles.Segment active;
  private FileChannel channel;
  private volatile long end;

  /**
   * @param end where the next record goes: the end of the newest segment's intact records
   * @param onForced told after each force, on the appender's thread
   */
  Appender(SpoolFiles files, long end, long segmentBytes, Runnable onForced) {
    this.files = files;
    this.segmentBytes = segmentBytes;
    this.onForced = onForced;
    this.end = end;
  }

  /** The position after the last forced record. */
  long end() {
    return end;
  }

  /** The forced end plus what waits to be written: what the spool holds once they are. */
  long reserved() {
    lock.lock();
    try {
      return end + queuedBytes;
    } finally {
      lock.unlock();
    }
  }

  /** Queues a framed record; the future completes once it is on disk, or fails. */
  CompletableFuture<Long> append(byte[] record) {
    var pending = new Pending(record, new CompletableFuture<>());
    lock.lock();
    try {
      if (stopping) {
        pending.forced.completeExceptionally(
            new StoreUnavailableException(Store.TIMESERIES, "the spool is closed", null));
        return pending.forced;
      }
      queue.add(pending);
      queuedBytes += record.length;
      if (queue.size() == 1) {
        queued.signal();
      }
    } finally {
      lock.unlock();
    }
    return pending.forced;
  }

  /** Lets the thread end once what is queued is forced. */
  void stop() {
    lock.lock();
    try {
      stopping = true;
      queued.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void run() {
    try {
      for (List<Pending> batch = next(); batch != null; batch = next()) {
        write(batch);
      }
    } finally {
      closeChannel();
    }
  }

  private List<Pending> next() {
    lock.lock();
    try {
      while (queue.isEmpty()) {
        if (stopping) {
          return null;
        }
        queued.awaitUninterruptibly();
      }
      var batch = new ArrayList<>(queue);
      queue = new ArrayDeque<>();
      queuedBytes = 0;
      return batch;
    } finally {
      lock.unlock();
    }
  }

  private void write(List<Pending> batch) {
    long bytes = 0;
    var buffers = new ByteBuffer[batch.size()];
    for (int i = 0; i < buffers.length; i++) {
      buffers[i] = ByteBuffer.wrap(batch.get(i).record);
      bytes += batch.get(i).record.length;
    }
    long start = end;
    try {
      openFor(bytes);
      long left = bytes;
      while (left > 0) {
        left -= channel.write(buffers);
      }
      channel.force(false);
    } catch (IOException | RuntimeException e) {
      undo(start, e);
      var failure =
          new StoreUnavailableException(
              Store.TIMESERIES,
              "the spool at "
                  + files.directory().toAbsolutePath()
                  + " could not be written ("
                  + e
                  + "); free disk space there or set AQMRG_SPOOL_DIR to another disk",
              e);
      for (Pending pending : batch) {
        pending.forced.completeExceptionally(failure);
      }
      return;
    }
    long position = start;
    end = start + bytes;
    active.end = end;
    for (Pending pending : batch) {
      position += pending.record.length;
      pending.forced.complete(position);
    }
    onForced.run();
  }

  /** Opens the newest segment, or starts a new one when these bytes would overfill it. */
  private void openFor(long bytes) throws IOException {
    if (active == null) {
      active = files.last();
      if (active == null || active.end != end) {
        active = files.create(end);
      }
    }
    if (active.end > active.base && active.end - active.base + bytes > segmentBytes) {
      closeChannel();
      active = files.create(end);
    }
    if (channel == null) {
      channel = FileChannel.open(active.path, StandardOpenOption.WRITE);
      channel.position(SpoolFiles.HEADER.length + (end - active.base));
    }
  }

  /** After a failed write: cuts what may have landed of it, so the segment ends where it did. */
  private void undo(long start, Exception cause) {
    log.error("Writing the spool failed; the writes waiting for it are refused", cause);
    try {
      if (active != null) {
        closeChannel();
        files.truncate(active, start);
      }
    } catch (IOException e) {
      log.error("Cutting the spool segment {} back failed", active.path, e);
      active = null; // the next write starts a new segment
    }
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        log.warn("Closing a spool segment failed: {}", e.toString());
      }
      channel = null;
    }
  }
}
