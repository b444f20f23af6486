package org.aqmrg.ingest.lineprotocol;

import java.util.Arrays;

/**
 * The strings a parser made, by the bytes they came from, so that a measurement, tag key, tag value
 * or field key seen on an earlier line is not decoded and allocated again. Bounded: a fixed number
 * of two-entry buckets, where a new entry pushes out the older of the two; strings longer than
 * {@value #MAX_LENGTH} bytes are not kept. Not thread-safe, like its parser.
 */
final class StringCache {
  static final int MAX_LENGTH = 64;

  private final byte[][] keys;
  private final String[] values;
  private final int shift;

  /** A cache of {@code 2^bits} entries. */
  StringCache(int bits) {
    keys = new byte[1 << bits][];
    values = new String[1 << bits];
    shift = 32 - bits;
  }

  private int bucket(int hash) {
    return ((hash * 0x9E3779B9) >>> shift) & ~1;
  }

  /** The string made from these bytes, whose hash is {@code hash}, or null when not kept. */
  String get(byte[] bytes, int offset, int length, int hash) {
    int i = bucket(hash);
    byte[] key = keys[i];
    if (key != null && same(key, bytes, offset, length)) {
      return values[i];
    }
    key = keys[i + 1];
    if (key != null && same(key, bytes, offset, length)) {
      return values[i + 1];
    }
    return null;
  }

  private static boolean same(byte[] key, byte[] bytes, int offset, int length) {
    if (key.length != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (key[i] != bytes[offset + i]) {
        return false;
      }
    }
    return true;
  }

  /** Keeps {@code value} as the string of these bytes. */
  void put(byte[] bytes, int offset, int length, int hash, String value) {
    if (length > MAX_LENGTH) {
      return;
    }
    int i = bucket(hash);
    keys[i + 1] = keys[i];
    values[i + 1] = values[i];
    keys[i] = Arrays.copyOfRange(bytes, offset, offset + length);
    values[i] = value;
  }
}
