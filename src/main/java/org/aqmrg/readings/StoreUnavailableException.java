package org.aqmrg.readings;

/**
 * The time-series store could not take or give data just now; retrying later may work. Its subclass
 * {@link StoreRefusedException} is the store answering that it will not.
 */
public class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
