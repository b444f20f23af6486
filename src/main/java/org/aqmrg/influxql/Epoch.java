package org.aqmrg.influxql;

import java.util.Optional;
import org.aqmrg.error.InvalidInputException;

/**
 * How an answer shows times: RFC 3339 strings, or with {@code epoch=ns|u|µ|ms|s|m|h} whole numbers
 * of that unit since the epoch (rounded down, as InfluxDB does).
 */
public final class Epoch {
  private final long divisor;

  private Epoch(long divisor) {
    this.divisor = divisor;
  }

  /** RFC 3339. */
  public static final Epoch RFC3339 = new Epoch(0);

  /** Nanoseconds, the unit of CSV answers without {@code epoch}. */
  public static final Epoch NANOSECONDS = new Epoch(1);

  /**
   * The {@code epoch} parameter; RFC 3339 when absent.
   *
   * @throws InvalidInputException naming {@code epoch} for another value
   */
  public static Epoch of(String text, Epoch absent) {
    if (text == null || text.isEmpty()) {
      return absent;
    }
    // InfluxDB's epoch takes the duration units up to hours, not days or weeks.
    long divisor = text.equals("d") || text.equals("w") ? 0 : TimeValues.nanosPer(text);
    if (divisor == 0) {
      throw InvalidInputException.parameter(
          "epoch", "epoch must be one of ns, u, µ, ms, s, m, h; got '" + text + "'");
    }
    return new Epoch(divisor);
  }

  /** A time in nanoseconds as this shows it: a {@link Long}, or an RFC 3339 {@link String}. */
  Object show(long nanos) {
    return divisor == 0 ? TimeValues.ofNanos(nanos).toString() : Math.floorDiv(nanos, divisor);
  }

  Optional<Long> divisor() {
    return divisor == 0 ? Optional.empty() : Optional.of(divisor);
  }
}
