package org.aqmrg.ops;

/**
 * Asks one store whether it answers. Used by {@code /health/ready} and {@code ./aqmrg doctor}.
 *
 * <p>{@link #check()} never throws: a store that is down gives a {@link StoreStatus} that says why
 * and what to try.
 */
public interface StoreCheck {
  /** The role the store plays: {@code relational}, {@code timeseries} or {@code cache}. */
  String role();

  /** The technology and address, e.g. {@code PostgreSQL at db:5432/aqmrg}; never a secret. */
  String target();

  StoreStatus check();
}
