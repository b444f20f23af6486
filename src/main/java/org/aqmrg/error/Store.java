package org.aqmrg.error;

import java.util.Locale;

/** The three roles a store plays, named as {@code /health/ready} and error details name them. */
public enum Store {
  RELATIONAL,
  TIMESERIES,
  CACHE;

  /** {@code relational}, {@code timeseries} or {@code cache}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
