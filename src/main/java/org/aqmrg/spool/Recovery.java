package org.aqmrg.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the spool holds at start: reads every record not yet delivered, checking each, so that the
 * delivery starts from a spool known to be whole.
 *
 * <p>A crash while a write was being forced leaves the newest segment ending in a torn record; that
 * write was never acknowledged, so the tail is cut off with a warning. A record that does not check
 * out anywhere else is damage on disk: the segment is copied aside ({@code .damaged}), cut at the
 * record, and the loss logged as an error naming the copy.
 */
final class Recovery {
  private static final Logger log = LoggerFactory.getLogger(Recovery.class);

  /**
   * @param delivered where delivery starts
   * @param end where the next record is appended
   * @param readings how many readings wait between the two
   * @param oldestMillis when the first waiting record was appended; 0 when none waits
   * @param lostBytes bytes of acknowledged writes in damaged segments, which could not be read
   */
  record State(long delivered, long end, long readings, long oldestMillis, long lostBytes) {}

  private Recovery() {}

  static State recover(SpoolFiles files) {
    try {
      return scan(files);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Reading the spool at " + files.directory().toAbsolutePath() + " failed", e);
    }
  }

  private static State scan(SpoolFiles files) throws IOException {
    var segments = files.segments();
    long checkpoint = files.readDelivered().orElse(segments.isEmpty() ? 0 : segments.get(0).base);
    if (segments.isEmpty()) {
      files.create(checkpoint);
      return new State(checkpoint, checkpoint, 0, 0, 0);
    }
    for (SpoolFiles.Segment segment : segments) {
      if (!hasHeader(segment)) {
        if (segment == files.last() && segment.end == segment.base) {
          files.create(segment.base); // created just before a crash: start it again
        } else {
          var copy = files.keepCopy(segment);
          log.error(
              "The spool segment {} does not start as a spool segment; kept a copy as {} and"
                  + " skipped it",
              segment.path,
              copy);
          files.truncate(segment, segment.base);
        }
      }
    }
    var first = files.segments().get(0);
    var last = files.last();
    long delivered = Math.max(first.base, Math.min(checkpoint, last.end));
    long readings = 0;
    long records = 0;
    long oldest = 0;
    long lost = 0;
    try (var reader = new SpoolReader(files, delivered)) {
      while (true) {
        SpoolReader.Record record;
        try {
          record = reader.next(Long.MAX_VALUE);
        } catch (SpoolReader.Damaged damaged) {
          lost += cut(files, damaged);
          continue;
        }
        if (record == null) {
          break;
        }
        if (oldest == 0) {
          oldest = RecordCodec.appendedAt(record.payload());
        }
        readings += RecordCodec.count(record.payload());
        records++;
      }
    }
    long end = files.last().end;
    if (records > 0) {
      log.info(
          "The spool holds {} reading(s) in {} write(s) ({} bytes) not yet delivered; they are"
              + " delivered first",
          readings,
          records,
          end - delivered);
    }
    return new State(delivered, end, readings, oldest, lost);
  }

  private static boolean hasHeader(SpoolFiles.Segment segment) throws IOException {
    try (var channel = FileChannel.open(segment.path, StandardOpenOption.READ)) {
      var header = ByteBuffer.allocate(SpoolFiles.HEADER.length);
      while (header.hasRemaining() && channel.read(header) >= 0) {}
      return Arrays.equals(header.array(), SpoolFiles.HEADER);
    }
  }

  /** Cuts the segment at the damaged record; the bytes of acknowledged writes lost thereby. */
  private static long cut(SpoolFiles files, SpoolReader.Damaged damaged) throws IOException {
    var segment = damaged.segment;
    long lost = segment.end - damaged.position;
    boolean last = segment == files.last();
    if (last) {
      log.warn(
          "The spool's last write was cut off by a crash ({}); dropped its {} byte(s), which were"
              + " never acknowledged",
          damaged.getMessage(),
          lost);
    } else {
      var copy = files.keepCopy(segment);
      log.error(
          "The spool segment {} is damaged ({}); {} byte(s) of acknowledged writes after it"
              + " cannot be read and are lost. A copy is kept as {}; check the disk.",
          segment.path,
          damaged.getMessage(),
          lost,
          copy);
    }
    files.truncate(segment, damaged.position);
    return last ? 0 : lost;
  }
}
