package org.aqmrg.influxql;

/**
 * ASCII digits: what InfluxQL and Flux numbers are written in. {@link Character#isDigit} also takes
 * the other scripts' digits (Arabic-Indic {@code ۱}, …), which {@code Double.parseDouble} then
 * refuses with an exception instead of the parse error the text deserves.
 */
public final class Ascii {
  private Ascii() {}

  public static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
