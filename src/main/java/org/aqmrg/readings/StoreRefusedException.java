package org.aqmrg.readings;

/**
 * The time-series store answered that it will not take or give this data (InfluxDB's 4xx: a field
 * of another type already stored, a missing database, refused credentials), so sending the same
 * request again changes nothing until an operator fixes the store. A kind of {@link
 * StoreUnavailableException}, so that whatever treats the store as not there treats this so too.
 */
public final class StoreRefusedException extends StoreUnavailableException {
  public StoreRefusedException(String message, Throwable cause) {
    super(message, cause);
  }
}
