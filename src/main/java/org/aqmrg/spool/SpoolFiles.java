package org.aqmrg.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

/**
 * The spool's folder: its lock, its segments and the position delivered so far.
 *
 * <p>Positions are byte offsets into the sequence of all records ever appended, across segments: a
 * segment is named by the position of its first record ({@code 00000000000000012345.seg}) and holds
 * an 8-byte header, then records. The {@code delivered} file holds the position before which every
 * record has reached the store; it may lag (records after it are delivered again, which is
 * harmless, since a reading written again replaces itself), so it is written without forcing.
 */
final class SpoolFiles implements AutoCloseable {
  static final byte[] HEADER = "AQSPOOL1".getBytes(StandardCharsets.US_ASCII);
  private static final String SUFFIX = ".seg";

  /** One segment file: records from {@code base} to {@code end}. */
  static final class Segment {
    final long base;
    final Path path;
    volatile long end;

    Segment(long base, Path path, long end) {
      this.base = base;
      this.path = path;
      this.end = end;
    }
  }

  private final Path directory;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final ConcurrentSkipListMap<Long, Segment> segments = new ConcurrentSkipListMap<>();

  private SpoolFiles(Path directory, FileChannel lockChannel, FileLock lock) {
    this.directory = directory;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens the folder, creating it when missing, and takes its lock: one process at a time.
   *
   * @throws IllegalStateException when another process holds it, or it cannot be written
   */
  static SpoolFiles open(Path directory) {
    try {
      Files.createDirectories(directory);
      var channel =
          FileChannel.open(
              directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException e) {
        lock = null; // held by another platform in this process
      }
      if (lock == null) {
        channel.close();
        throw new IllegalStateException(
            "The spool folder "
                + directory.toAbsolutePath()
                + " is in use by another ./aqmrg serve. Give each instance its own AQMRG_SPOOL_DIR"
                + " (or AQMRG_DATA_DIR).");
      }
      var files = new SpoolFiles(directory, channel, lock);
      files.list();
      return files;
    } catch (IOException e) {
      throw new IllegalStateException(
          "The spool folder "
              + directory.toAbsolutePath()
              + " cannot be used ("
              + e
              + "). Make it writable by this user, set AQMRG_SPOOL_DIR to another folder, or"
              + " AQMRG_SPOOL=off.",
          e);
    }
  }

  private void list() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path path : (Iterable<Path>) files::iterator) {
        String name = path.getFileName().toString();
        if (name.matches("[0-9]{20}\\" + SUFFIX)) {
          long base = Long.parseLong(name.substring(0, 20));
          long size = Files.size(path);
          segments.put(base, new Segment(base, path, base + Math.max(0, size - HEADER.length)));
        }
      }
    }
  }

  Path directory() {
    return directory;
  }

  /** The segments, oldest first. */
  List<Segment> segments() {
    return new ArrayList<>(segments.values());
  }

  /** The newest segment, or null when there is none. */
  Segment last() {
    Map.Entry<Long, Segment> last = segments.lastEntry();
    return last == null ? null : last.getValue();
  }

  /** The segment that holds the record at {@code position}, or the next one; null past the end. */
  Segment at(long position) {
    Map.Entry<Long, Segment> floor = segments.floorEntry(position);
    if (floor != null && position < floor.getValue().end) {
      return floor.getValue();
    }
    Map.Entry<Long, Segment> next = segments.higherEntry(position);
    if (next != null) {
      return next.getValue();
    }
    return floor == null ? null : floor.getValue();
  }

  /** Creates a segment starting at {@code base}, its header forced, and the folder entry too. */
  Segment create(long base) {
    Path path = directory.resolve("%020d%s".formatted(base, SUFFIX));
    try (var channel =
        FileChannel.open(
            path,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.wrap(HEADER));
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    forceDirectory();
    var segment = new Segment(base, path, base);
    segments.put(base, segment);
    return segment;
  }

  /** Makes the folder's entries (a new segment, a renamed checkpoint) survive a crash. */
  void forceDirectory() {
    try (var channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the segments whose every record lies before {@code delivered}, except the newest. */
  int deleteBefore(long delivered) {
    int deleted = 0;
    Segment last = last();
    for (Segment segment : segments.values()) {
      if (segment == last || segment.end > delivered) {
        break;
      }
      try {
        Files.deleteIfExists(segment.path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      segments.remove(segment.base);
      deleted++;
    }
    return deleted;
  }

  /** Cuts a segment after {@code end}: a torn or damaged tail. */
  void truncate(Segment segment, long end) throws IOException {
    try (var channel = FileChannel.open(segment.path, StandardOpenOption.WRITE)) {
      channel.truncate(HEADER.length + (end - segment.base));
      channel.force(true);
    }
    segment.end = end;
  }

  /** Keeps a copy of a damaged segment beside it, for whoever looks into the damage. */
  Path keepCopy(Segment segment) throws IOException {
    Path copy = segment.path.resolveSibling(segment.path.getFileName() + ".damaged");
    Files.copy(segment.path, copy, StandardCopyOption.REPLACE_EXISTING);
    return copy;
  }

  /** The position recorded as delivered, or empty when none is. */
  java.util.OptionalLong readDelivered() {
    try {
      String text = Files.readString(directory.resolve("delivered")).trim();
      return java.util.OptionalLong.of(Long.parseLong(text));
    } catch (NoSuchFileException e) {
      return java.util.OptionalLong.empty();
    } catch (IOException | NumberFormatException e) {
      return java.util.OptionalLong.empty(); // everything in the spool is delivered again
    }
  }

  /** Records the position delivered so far: written aside, then moved over the old one. */
  void writeDelivered(long position) {
    Path temp = directory.resolve("delivered.tmp");
    try {
      Files.writeString(temp, Long.toString(position));
      try {
        Files.move(
            temp,
            directory.resolve("delivered"),
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, directory.resolve("delivered"), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Releases the folder's lock. */
  @Override
  public void close() {
    try {
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
