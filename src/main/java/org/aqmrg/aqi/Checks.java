package org.aqmrg.aqi;

import java.util.stream.Collectors;

/** The argument checks the scales share, with messages that say what is allowed. */
final class Checks {
  private Checks() {}

  /** The exception for a pollutant and period {@code scale} does not rate, naming what it rates. */
  static IllegalArgumentException notRated(
      AqiScale scale, Pollutant pollutant, Averaging averaging) {
    String rated =
        scale.rates().entrySet().stream()
            .map(e -> e.getKey().key() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    return new IllegalArgumentException(
        scale.id()
            + " does not rate "
            + pollutant.key()
            + " over "
            + averaging
            + "; it rates "
            + rated);
  }

  /** Checks that a concentration is a finite number of at least zero. */
  static void concentration(Pollutant pollutant, double concentration) {
    if (!Double.isFinite(concentration) || concentration < 0) {
      throw new IllegalArgumentException(
          pollutant.key() + " concentration must be a finite number >= 0, got " + concentration);
    }
  }
}
