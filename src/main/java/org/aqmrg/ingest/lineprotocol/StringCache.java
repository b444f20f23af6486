package org.aqmrg.ingest.lineprotocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The strings a parser made, by the bytes they came from, so that a measurement, tag key, tag value
 * or field key seen on an earlier line is neither decoded nor allocated again. Not thread-safe,
 * like its parser.
 *
 * <p>Bounded: a fixed number of two-entry buckets, where a new entry pushes out the older of the
 * two; names longer than {@value #MAX_LENGTH} bytes are not kept.
 *
 * <p>An entry is found by its length and its first and last eight bytes, read as two longs: for
 * names of up to 16 bytes (nearly all of them) those are all the bytes, so a lookup costs two
 * loads, a multiply and three compares, whatever the name. Longer names also keep their bytes. A
 * bucket's two entries sit side by side in one array, so a lookup touches one or two cache lines.
 */
final class StringCache {
  /** Names longer than this many bytes are not kept, so that the cache stays small. */
  static final int MAX_LENGTH = 256;

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  // Entry i of the table: table[3i] head, table[3i + 1] tail, table[3i + 2] length.
  private final long[] table;
  private final byte[][] longKeys;
  private final String[] values;
  private final int shift;

  // The key of the last get, for the put that follows a miss.
  private long head;
  private long tail;
  private int entry;

  /** A cache of {@code 2^bits} entries. */
  StringCache(int bits) {
    int size = 1 << bits;
    table = new long[3 * size];
    longKeys = new byte[size][];
    values = new String[size];
    shift = 64 - bits;
  }

  /**
   * The string made from these bytes ({@code length} from 1 to {@link #MAX_LENGTH}), or null when
   * not kept.
   */
  String get(byte[] bytes, int offset, int length) {
    long h;
    long t;
    if (length >= 8) {
      h = (long) LONGS.get(bytes, offset);
      t = (long) LONGS.get(bytes, offset + length - 8);
    } else {
      t = 0;
      if (offset + 8 <= bytes.length) {
        h = (long) LONGS.get(bytes, offset) & (-1L >>> (64 - 8 * length));
      } else {
        h = 0;
        for (int i = length - 1; i >= 0; i--) {
          h = (h << 8) | (bytes[offset + i] & 0xff);
        }
      }
    }
    head = h;
    tail = t;
    int i = (int) (((h ^ Long.rotateLeft(t, 29) ^ length) * 0x9E3779B97F4A7C15L) >>> shift) & ~1;
    entry = i;
    for (int k = i; k < i + 2; k++) {
      if (table[3 * k] == h
          && table[3 * k + 1] == t
          && table[3 * k + 2] == length
          && (length <= 16
              || Arrays.equals(longKeys[k], 0, length, bytes, offset, offset + length))) {
        return values[k];
      }
    }
    return null;
  }

  /** Keeps {@code value} as the string of the bytes of the last {@link #get}, which missed. */
  void put(byte[] bytes, int offset, int length, String value) {
    int i = entry;
    System.arraycopy(table, 3 * i, table, 3 * i + 3, 3);
    longKeys[i + 1] = longKeys[i];
    values[i + 1] = values[i];
    byte[] key = length > 16 ? Arrays.copyOfRange(bytes, offset, offset + length) : null;
    table[3 * i] = head;
    table[3 * i + 1] = tail;
    table[3 * i + 2] = length;
    longKeys[i] = key;
    values[i] = value;
  }
}
