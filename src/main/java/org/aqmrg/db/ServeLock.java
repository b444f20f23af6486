package org.aqmrg.db;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;

/**
 * An operating-system lock on {@code <dataDir>/serve.lock}, held by a {@code serve} for as long as
 * it runs. The system releases it when the process ends, however it ends (even on {@code kill -9}),
 * so a lock that can be taken means that no live {@code serve} owns the embedded server.
 *
 * <p>The lock is POSIX advisory ({@code fcntl}): closing any other channel on the file in the same
 * process would release it, so nothing else in a process that holds it opens the file.
 */
final class ServeLock implements AutoCloseable {
  static final String FILE = "serve.lock";
  private static final Duration POLL = Duration.ofMillis(100);

  private final FileChannel channel;
  private final FileLock lock;

  private ServeLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or empty when a live process holds it. */
  static Optional<ServeLock> tryAcquire(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      var channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very process
      }
      if (lock == null) {
        channel.close();
        return Optional.empty();
      }
      // The holder's pid, for the message another serve prints; the lock is what counts.
      channel.truncate(0);
      channel.write(
          ByteBuffer.wrap(
              (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      channel.force(true);
      return Optional.of(new ServeLock(channel, lock));
    } catch (IOException e) {
      throw new StoreUnavailableException(
          Store.RELATIONAL,
          "cannot lock "
              + file
              + ": "
              + e.getMessage()
              + ". Set AQMRG_DATA_DIR to a folder"
              + " this user can write.",
          e);
    }
  }

  /**
   * The lock, waiting up to {@code wait} for it: a command that is stopping a server it started
   * holds it for a few seconds. Fails when another {@code serve} holds it.
   */
  static ServeLock acquire(Path dataDir, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    while (true) {
      var lock = tryAcquire(dataDir);
      if (lock.isPresent()) {
        return lock.get();
      }
      if (System.nanoTime() - deadline >= 0) {
        throw new StoreUnavailableException(
            Store.RELATIONAL,
            "another ./aqmrg serve"
                + holder(dataDir)
                + " is running with the data folder "
                + dataDir
                + ". Stop it first, or give this one another AQMRG_DATA_DIR.",
            null);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreUnavailableException(
            Store.RELATIONAL, "interrupted while waiting for " + FILE, e);
      }
    }
  }

  /** " (pid N)" as the holder wrote it, or nothing when it cannot be read. */
  private static String holder(Path dataDir) {
    try {
      String pid = Files.readString(dataDir.resolve(FILE), StandardCharsets.US_ASCII).trim();
      return pid.matches("\\d+") ? " (pid " + pid + ")" : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // The lock goes with the process anyway; nothing is left to undo.
      throw new java.io.UncheckedIOException("releasing " + FILE + " failed", e);
    }
  }
}
