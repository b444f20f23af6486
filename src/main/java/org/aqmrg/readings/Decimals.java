package org.aqmrg.readings;

import com.fasterxml.jackson.core.io.NumberOutput;

/**
 * Field values as decimal text that reads back as exactly the same double, for the stores' write
 * paths (InfluxDB line protocol, PostgreSQL COPY), where formatting numbers was the largest cost in
 * the ingest profile (bench/RESULTS.md).
 *
 * <p>Sensor values have a few decimals ({@code 35.2}, {@code 0.61}, {@code 1013.25}): for a value
 * {@code v} with an integer {@code n} and {@code k <= 6} such that {@code n / 10^k == v} in double
 * arithmetic, the text is {@code n} with a decimal point {@code k} digits from its end. It parses
 * back to {@code v}, since parsing rounds that decimal to the nearest double, as the division does.
 * Anything else (exponents, long fractions, NaN, infinities) goes through Schubfach (Jackson's
 * {@code NumberOutput}), which gives the shortest exact text.
 */
public final class Decimals {
  private static final double[] POWERS = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
  private static final long[] LONG_POWERS = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

  /** Values at or above this are left to Schubfach, which writes them with an exponent. */
  private static final double PLAIN_LIMIT = 1e7;

  private Decimals() {}

  /**
   * Writes {@code value} into {@code out} from {@code at}, which must leave room for 32 bytes;
   * returns the position after it.
   */
  public static int write(double value, byte[] out, int at) {
    double magnitude = Math.abs(value);
    if (magnitude < PLAIN_LIMIT && (magnitude >= 1e-3 || value == 0)) {
      for (int k = 0; k < POWERS.length; k++) {
        long scaled = Math.round(value * POWERS[k]);
        if (scaled / POWERS[k] == value) {
          return plain(scaled, k, value, out, at);
        }
      }
    }
    String text = NumberOutput.toString(value, true);
    for (int i = 0; i < text.length(); i++) {
      out[at++] = (byte) text.charAt(i);
    }
    return at;
  }

  /**
   * Appends {@code value} as {@link #write} does, through {@code scratch} (at least 32 bytes),
   * which a caller writing many values allocates once.
   */
  public static void append(StringBuilder out, double value, byte[] scratch) {
    int end = write(value, scratch, 0);
    for (int i = 0; i < end; i++) {
      out.append((char) scratch[i]);
    }
  }

  /** {@code scaled / 10^k} as text, e.g. 352, 1 → {@code 35.2}; 78, 0 → {@code 78.0}. */
  private static int plain(long scaled, int k, double value, byte[] out, int at) {
    if (scaled < 0 || (scaled == 0 && 1 / value < 0)) {
      out[at++] = '-';
      scaled = -scaled;
    }
    long whole = scaled / LONG_POWERS[k];
    long fraction = scaled % LONG_POWERS[k];
    at = NumberOutput.outputLong(whole, out, at);
    out[at++] = '.';
    if (k == 0) {
      out[at++] = '0';
      return at;
    }
    for (int digit = k - 1; digit >= 0; digit--) {
      out[at + digit] = (byte) ('0' + fraction % 10);
      fraction /= 10;
    }
    return at + k;
  }
}
