package org.aqmrg.flux;

import org.aqmrg.influxql.Ascii;

/**
 * Flux duration literals, such as {@code 1h}, {@code 1h30m} or {@code 500ms}, in nanoseconds. The
 * calendar units {@code mo} and {@code y} have no fixed length and are refused.
 */
final class Durations {
  private Durations() {}

  /** The length of {@code text} in nanoseconds. */
  static long nanos(String text, Position at) {
    long total = 0;
    int i = 0;
    while (i < text.length()) {
      int start = i;
      while (i < text.length() && Ascii.isDigit(text.charAt(i))) {
        i++;
      }
      int unitStart = i;
      while (i < text.length() && !Ascii.isDigit(text.charAt(i))) {
        i++;
      }
      if (start == unitStart) {
        throw at.error("invalid duration " + text);
      }
      long magnitude;
      try {
        magnitude = Long.parseLong(text.substring(start, unitStart));
      } catch (NumberFormatException e) {
        throw at.error("duration " + text + " is out of range");
      }
      long unit = unit(text.substring(unitStart, i), text, at);
      try {
        total = Math.addExact(total, Math.multiplyExact(magnitude, unit));
      } catch (ArithmeticException e) {
        throw at.error("duration " + text + " is out of range");
      }
    }
    return total;
  }

  private static long unit(String unit, String text, Position at) {
    return switch (unit) {
      case "ns" -> 1L;
      case "us", "µs" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      case "d" -> 86_400_000_000_000L;
      case "w" -> 604_800_000_000_000L;
      case "mo", "y" ->
          throw at.error(
              "calendar durations such as 1mo and 1y are not supported ("
                  + text
                  + "); use days, such"
                  + " as 30d or 365d");
      default -> throw at.error("invalid duration unit \"" + unit + "\" in " + text);
    };
  }
}
