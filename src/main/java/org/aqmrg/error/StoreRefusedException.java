package org.aqmrg.error;

/**
 * A store answered that it will not take or give this data (InfluxDB's 4xx: a field of another type
 * already stored, a missing database, refused credentials), so sending the same request again
 * changes nothing until an operator fixes the store.
 */
public final class StoreRefusedException extends StoreUnavailableException {
  public StoreRefusedException(Store store, String message, Throwable cause) {
    super(store, message, cause);
  }
}
