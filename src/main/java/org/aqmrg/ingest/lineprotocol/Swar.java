package org.aqmrg.ingest.lineprotocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reading eight bytes at a time, for the parser's scans: each step is a few register operations.
 */
final class Swar {
  /** Reads eight bytes of a byte array as a little-endian long (the first byte lowest). */
  static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  static final long COMMAS = 0x2C2C_2C2C_2C2C_2C2CL;
  static final long SPACES = 0x2020_2020_2020_2020L;
  static final long EQUALS = 0x3D3D_3D3D_3D3D_3D3DL;
  static final long BACKSLASHES = 0x5C5C_5C5C_5C5C_5C5CL;
  private static final long NEWLINES = 0x0A0A_0A0A_0A0A_0A0AL;

  private Swar() {}

  /** The index of the first {@code \n} in {@code [from, to)}, or {@code to}; eight bytes a step. */
  static int indexOfNewline(byte[] b, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long found = has((long) LONGS.get(b, i), NEWLINES);
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    while (i < to && b[i] != '\n') {
      i++;
    }
    return i;
  }

  /**
   * The bytes of {@code word} equal to the byte repeated in {@code pattern}, as their high bits; a
   * pattern of 0 finds nothing (that turns the search for '=' off in measurements). Only the lowest
   * flag is exact (a match can flag the byte above it too), which is all a scan needs.
   */
  static long has(long word, long pattern) {
    if (pattern == 0) {
      return 0;
    }
    long x = word ^ pattern;
    return (x - 0x0101_0101_0101_0101L) & ~x & 0x8080_8080_8080_8080L;
  }

  /**
   * The value of eight ASCII digits read as a little-endian long (the first digit in the lowest
   * byte), or -1 when one of the bytes is not a digit.
   */
  static long eightDigits(long word) {
    // A digit is 0x30..0x39: its high half is 3, and still 3 after adding 6.
    long high = word & 0xF0F0_F0F0_F0F0_F0F0L;
    long highPlusSix = ((word + 0x0606_0606_0606_0606L) & 0xF0F0_F0F0_F0F0_F0F0L) >>> 4;
    if ((high | highPlusSix) != 0x3333_3333_3333_3333L) {
      return -1;
    }
    long digits = word - 0x3030_3030_3030_3030L;
    digits = (digits * 10 + (digits >>> 8)) & 0x00FF_00FF_00FF_00FFL;
    digits = (digits * 100 + (digits >>> 16)) & 0x0000_FFFF_0000_FFFFL;
    return (digits * 10_000 + (digits >>> 32)) & 0xFFFF_FFFFL;
  }
}
