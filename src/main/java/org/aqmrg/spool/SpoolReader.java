package org.aqmrg.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Reads records one after another from a position, across segments, through a read-ahead buffer (a
 * small record costs no system call of its own). Checks each record's frame and checksum.
 */
final class SpoolReader implements AutoCloseable {
  private static final int BUFFER = 1 << 20;

  /** One record read: its payload, where it starts and where the next one does. */
  record Record(long position, long end, byte[] payload) {}

  /** A record that is not whole or not intact: torn by a crash, or damaged on disk. */
  static final class Damaged extends Exception {
    final SpoolFiles.Segment segment;
    final long position;

    Damaged(SpoolFiles.Segment segment, long position, String reason) {
      super(reason + " at position " + position + " of " + segment.path.getFileName());
      this.segment = segment;
      this.position = position;
    }
  }

  private final SpoolFiles files;
  private long position;
  private SpoolFiles.Segment segment;
  private FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
  private long bufferStart = -1; // the position of the buffer's first byte; -1 when empty

  SpoolReader(SpoolFiles files, long position) {
    this.files = files;
    this.position = position;
  }

  /** Where the next record starts. */
  long position() {
    return position;
  }

  /** Goes back (or on) to {@code position}, a record's start. */
  void seek(long position) {
    this.position = position;
    bufferStart = -1;
  }

  /**
   * The record at the position, or null when there is none before {@code limit} (records are read
   * only up to it: what the appender has forced).
   */
  Record next(long limit) throws Damaged, IOException {
    if (position >= limit) {
      return null;
    }
    SpoolFiles.Segment at = files.at(position);
    if (at == null) {
      return null;
    }
    if (at != segment) {
      switchTo(at);
    }
    if (position < at.base) {
      position = at.base; // a gap left by a segment cut short after damage
    }
    if (position >= at.end) {
      return null;
    }
    if (at.end - position < RecordCodec.FRAME) {
      throw new Damaged(at, position, "a record's frame is cut off");
    }
    ByteBuffer frame = read(position, RecordCodec.FRAME);
    int length = frame.getInt();
    int crc = frame.getInt();
    if (length < 12 || length > RecordCodec.MAX_PAYLOAD) {
      throw new Damaged(at, position, "a record's length of " + length + " bytes is impossible");
    }
    long end = position + RecordCodec.FRAME + length;
    if (end > at.end) {
      throw new Damaged(
          at, position, "a record is cut off after " + (at.end - position) + " bytes");
    }
    byte[] payload = new byte[length];
    if (length <= BUFFER) {
      read(position + RecordCodec.FRAME, length).get(payload);
    } else {
      fill(ByteBuffer.wrap(payload), position + RecordCodec.FRAME);
    }
    if (!RecordCodec.intact(payload, crc)) {
      throw new Damaged(at, position, "a record's checksum does not match");
    }
    var record = new Record(position, end, payload);
    position = end;
    return record;
  }

  /** {@code length} bytes at {@code from}, from the buffer, refilled when it does not hold them. */
  private ByteBuffer read(long from, int length) throws IOException {
    if (bufferStart < 0 || from < bufferStart || from + length > bufferStart + buffer.limit()) {
      buffer.clear();
      // Never past the segment's end: bytes beyond it may still be being written.
      buffer.limit((int) Math.min(BUFFER, segment.end - from));
      long fileOffset = SpoolFiles.HEADER.length + (from - segment.base);
      while (buffer.hasRemaining()) {
        int n = channel.read(buffer, fileOffset + buffer.position());
        if (n < 0) {
          break;
        }
      }
      buffer.flip();
      bufferStart = from;
      if (buffer.limit() < length) {
        throw new IOException("the segment " + segment.path + " is shorter than its records");
      }
    }
    int at = (int) (from - bufferStart);
    return buffer.duplicate().position(at).limit(at + length);
  }

  private void fill(ByteBuffer target, long from) throws IOException {
    long fileOffset = SpoolFiles.HEADER.length + (from - segment.base);
    while (target.hasRemaining()) {
      if (channel.read(target, fileOffset + target.position()) < 0) {
        throw new IOException("the segment " + segment.path + " is shorter than its records");
      }
    }
  }

  private void switchTo(SpoolFiles.Segment next) throws IOException {
    close();
    segment = next;
    channel = FileChannel.open(next.path, StandardOpenOption.READ);
    bufferStart = -1;
  }

  @Override
  public void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
      segment = null;
    }
  }
}
