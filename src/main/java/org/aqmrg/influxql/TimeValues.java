package org.aqmrg.influxql;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** InfluxQL durations ({@code 5m}, {@code 1700000000s}) and time literals, in nanoseconds. */
final class TimeValues {
  private TimeValues() {}

  /** Nanoseconds of a duration literal such as {@code 90m}; a parse error naming it if bad. */
  static long nanos(Token token) {
    String text = token.text();
    int unitAt = 0;
    while (unitAt < text.length() && Ascii.isDigit(text.charAt(unitAt))) {
      unitAt++;
    }
    String unit = text.substring(unitAt);
    long per = nanosPer(unit);
    if (unitAt == 0 || per == 0) {
      throw Parser.error(
          "invalid duration '"
              + text
              + "' "
              + token.place()
              + "; a duration is a whole number and a unit: ns, u, µ, ms, s, m, h, d or w");
    }
    try {
      return Math.multiplyExact(Long.parseLong(text.substring(0, unitAt)), per);
    } catch (ArithmeticException | NumberFormatException e) {
      throw Parser.error("duration '" + text + "' is too long " + token.place());
    }
  }

  /**
   * Nanoseconds in one {@code unit} of InfluxQL ({@code ns}, {@code u} or {@code µ}, {@code ms},
   * {@code s}, {@code m}, {@code h}, {@code d}, {@code w}), 0 for another text.
   */
  static long nanosPer(String unit) {
    return switch (unit) {
      case "ns" -> 1L;
      case "u", "µ" -> 1_000L;
      case "ms" -> 1_000_000L;
      case "s" -> 1_000_000_000L;
      case "m" -> 60_000_000_000L;
      case "h" -> 3_600_000_000_000L;
      case "d" -> 86_400_000_000_000L;
      case "w" -> 604_800_000_000_000L;
      default -> 0;
    };
  }

  static Duration duration(Token token) {
    return Duration.ofNanos(nanos(token));
  }

  /**
   * A time string: RFC 3339 ({@code 2026-11-25T14:00:00Z}), or as InfluxDB also takes it, {@code
   * 2026-11-25 14:00:00} (UTC) or a date ({@code 2026-11-25}, midnight UTC).
   */
  static Instant parse(Token token) {
    String text = token.text().trim();
    try {
      if (text.length() == 10) {
        return Instant.parse(text + "T00:00:00Z");
      }
      String iso = text.replace(' ', 'T');
      boolean zoned = iso.endsWith("Z") || iso.matches(".*[+-]\\d\\d:\\d\\d$");
      return OffsetDateTime.parse(zoned ? iso : iso + "Z").toInstant();
    } catch (DateTimeParseException e) {
      throw Parser.error(
          "invalid time '"
              + text
              + "' "
              + token.place()
              + "; use RFC 3339 such as '2026-11-25T14:00:00Z'");
    }
  }

  static Instant ofNanos(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
