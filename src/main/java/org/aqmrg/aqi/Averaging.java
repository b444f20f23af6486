package org.aqmrg.aqi;

import java.time.Duration;

/** The averaging period of a concentration that a scale rates: 1, 8 or 24 hours. */
public enum Averaging {
  ONE_HOUR(Duration.ofHours(1)),
  EIGHT_HOURS(Duration.ofHours(8)),
  TWENTY_FOUR_HOURS(Duration.ofHours(24));

  private final Duration period;

  Averaging(Duration period) {
    this.period = period;
  }

  public Duration period() {
    return period;
  }
}
