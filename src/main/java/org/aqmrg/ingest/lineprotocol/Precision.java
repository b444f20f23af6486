package org.aqmrg.ingest.lineprotocol;

/**
 * The unit of the timestamps in a line-protocol body, as given by the {@code precision} parameter
 * of InfluxDB's write APIs.
 */
public enum Precision {
  /** Nanoseconds, the default. */
  NS(1L),
  /** Microseconds. */
  US(1_000L),
  /** Milliseconds. */
  MS(1_000_000L),
  /** Seconds. */
  S(1_000_000_000L),
  /** Minutes (InfluxDB 1.x only). */
  M(60_000_000_000L),
  /** Hours (InfluxDB 1.x only). */
  H(3_600_000_000_000L);

  /**
   * The earliest and latest times InfluxDB stores, in nanoseconds: the two extreme values of a
   * signed 64-bit integer (and the one next to the minimum) are reserved by its storage engine.
   */
  static final long MIN_NANOS = Long.MIN_VALUE + 2;

  static final long MAX_NANOS = Long.MAX_VALUE - 1;

  private final long nanosPerUnit;

  /** The range of timestamps in this unit whose nanosecond value InfluxDB accepts. */
  final long minUnits;

  final long maxUnits;

  Precision(long nanosPerUnit) {
    this.nanosPerUnit = nanosPerUnit;
    this.minUnits = MIN_NANOS / nanosPerUnit; // division rounds toward zero: up, for negatives
    this.maxUnits = MAX_NANOS / nanosPerUnit;
  }

  /**
   * Reads a precision the way InfluxDB's write APIs do: {@code ns}, {@code us}, {@code ms}, {@code
   * s} (2.x and 1.x) and {@code n}, {@code u}, {@code m} (minutes), {@code h} (1.x), all in lower
   * case. {@code null} or an empty string gives {@link #NS}, InfluxDB's default.
   *
   * @throws IllegalArgumentException for any other text, with a message that lists the allowed
   *     values
   */
  public static Precision parse(String text) {
    if (text == null) {
      return NS;
    }
    return switch (text) {
      case "", "ns", "n" -> NS;
      case "us", "u" -> US;
      case "ms" -> MS;
      case "s" -> S;
      case "m" -> M;
      case "h" -> H;
      default ->
          throw new IllegalArgumentException(
              "precision must be one of ns, us, ms, s, m, h (or n, u), got '" + text + "'");
    };
  }

  /** How many nanoseconds one unit of this precision is. */
  public long nanosPerUnit() {
    return nanosPerUnit;
  }

  /**
   * Converts a time in this unit to nanoseconds.
   *
   * @throws ArithmeticException when the result does not fit a signed 64-bit integer
   */
  public long toNanos(long time) {
    if (time < Long.MIN_VALUE / nanosPerUnit || time > Long.MAX_VALUE / nanosPerUnit) {
      throw new ArithmeticException(
          "time " + time + " " + name().toLowerCase() + " overflows a 64-bit nanosecond time");
    }
    return time * nanosPerUnit;
  }

  /** The given nanosecond time rounded down to a whole unit of this precision. */
  long truncate(long nanos) {
    return Math.floorDiv(nanos, nanosPerUnit) * nanosPerUnit;
  }
}
