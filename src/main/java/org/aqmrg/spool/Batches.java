package org.aqmrg.spool;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aqmrg.readings.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool read back as batches for the store: consecutive forced records, decoded, up to {@code
 * maxPoints} readings (a record of more is one batch alone). A damaged record ends what can be read
 * of its segment; a record that does not decode is skipped; both are logged and their bytes counted
 * as lost, and the batch then covers them, so that the delivered position moves past them.
 */
final class Batches implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Batches.class);

  /**
   * Readings of consecutive records; {@code end} is the position after the last record it covers,
   * {@code appendedAt} when its first was appended (0 when it covers only lost bytes), {@code
   * counted} the readings its records say they hold (those skipped too), as the spool counts them.
   */
  record Batch(List<Reading> readings, long end, long appendedAt, long counted) {}

  private final SpoolReader reader;
  private final LongSupplier forcedEnd;
  private final int maxPoints;
  private final AtomicLong lostBytes;

  Batches(
      SpoolFiles files, long from, LongSupplier forcedEnd, int maxPoints, AtomicLong lostBytes) {
    this.reader = new SpoolReader(files, from);
    this.forcedEnd = forcedEnd;
    this.maxPoints = maxPoints;
    this.lostBytes = lostBytes;
  }

  /** Where the next batch starts. */
  long position() {
    return reader.position();
  }

  /** Goes back (or on) to a record's start. */
  void seek(long position) {
    reader.seek(position);
  }

  /** The next batch of what the appender has forced, or null when nothing new is there. */
  Batch next() throws IOException {
    var readings = new ArrayList<Reading>();
    List<Reading> only = null;
    long appendedAt = 0;
    long start = reader.position();
    long end = start;
    long counted = 0;
    while (readings.size() + (only == null ? 0 : only.size()) < maxPoints) {
      SpoolReader.Record record;
      try {
        record = reader.next(forcedEnd.getAsLong());
      } catch (SpoolReader.Damaged damaged) {
        lose(damaged);
        end = reader.position();
        continue;
      }
      if (record == null) {
        break;
      }
      end = record.end();
      counted += RecordCodec.count(record.payload());
      List<Reading> decoded = decode(record);
      if (decoded == null) {
        continue;
      }
      appendedAt = appendedAt == 0 ? RecordCodec.appendedAt(record.payload()) : appendedAt;
      if (only == null && readings.isEmpty()) {
        only = decoded; // one record: sent as it is
      } else {
        if (only != null) {
          readings.addAll(only);
          only = null;
        }
        readings.addAll(decoded);
      }
    }
    if (only == null && readings.isEmpty() && end == start) {
      return null;
    }
    return new Batch(only != null ? only : readings, end, appendedAt, counted);
  }

  /** The record's readings, or null (logged, counted) when it is intact yet does not decode. */
  private List<Reading> decode(SpoolReader.Record record) {
    try {
      return RecordCodec.decode(record.payload());
    } catch (IllegalArgumentException e) {
      lostBytes.addAndGet(record.end() - record.position());
      log.error(
          "A spool record at position {} does not decode ({}); skipped. Was the spool folder"
              + " written by another version of the platform?",
          record.position(),
          e.getMessage());
      return null;
    }
  }

  /** A damaged record met while delivering: the rest of its segment cannot be read. */
  private void lose(SpoolReader.Damaged damaged) {
    long lost = damaged.segment.end - damaged.position;
    lostBytes.addAndGet(lost);
    log.error(
        "The spool segment {} is damaged ({}); skipped its last {} byte(s) of acknowledged writes."
            + " Check the disk.",
        damaged.segment.path,
        damaged.getMessage(),
        lost);
    reader.seek(damaged.segment.end);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
