package org.aqmrg.aqi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * One column of EPA's table of breakpoints: concentration bands in the table's unit, each with the
 * AQI band it maps to, and the precision to which EPA truncates concentrations before the lookup.
 * Arithmetic is decimal, so that a concentration on a breakpoint gives exactly the breakpoint's AQI
 * and a computed 125.5 rounds to 126 (binary doubles would give 125.49999).
 */
final class EpaBreakpoints {
  /** A concentration band [low, high] and the AQI band [indexLow, indexHigh] it maps to. */
  record Band(BigDecimal low, BigDecimal high, int indexLow, int indexHigh) {}

  private final int decimals;
  private final List<Band> bands = new ArrayList<>();

  /** A column whose concentrations are truncated to {@code decimals} decimal places. */
  EpaBreakpoints(int decimals) {
    this.decimals = decimals;
  }

  /** Adds the next band; bands are added from the lowest. */
  EpaBreakpoints band(String low, String high, int indexLow, int indexHigh) {
    bands.add(new Band(new BigDecimal(low), new BigDecimal(high), indexLow, indexHigh));
    return this;
  }

  /** The concentration truncated (not rounded) to the table's precision. */
  BigDecimal truncate(BigDecimal concentration) {
    return concentration.setScale(decimals, RoundingMode.DOWN);
  }

  BigDecimal lowest() {
    return bands.get(0).low();
  }

  BigDecimal highest() {
    return bands.get(bands.size() - 1).high();
  }

  /**
   * The AQI of a truncated concentration between {@link #lowest()} and {@link #highest()}: EPA's
   * equation 1, I = (I_hi - I_lo) / (BP_hi - BP_lo) * (C - BP_lo) + I_lo, rounded half up to an
   * integer.
   */
  int index(BigDecimal truncated) {
    for (Band band : bands) {
      if (truncated.compareTo(band.low()) >= 0 && truncated.compareTo(band.high()) <= 0) {
        BigDecimal rise = BigDecimal.valueOf(band.indexHigh() - band.indexLow());
        BigDecimal run = band.high().subtract(band.low());
        BigDecimal index =
            rise.multiply(truncated.subtract(band.low()))
                .divide(run, MathContext.DECIMAL64)
                .add(BigDecimal.valueOf(band.indexLow()));
        return index.setScale(0, RoundingMode.HALF_UP).intValueExact();
      }
    }
    throw new IllegalStateException("no band holds " + truncated + " in " + bands);
  }
}
