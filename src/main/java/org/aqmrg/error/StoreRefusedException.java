package org.aqmrg.error;

/**
 * A store answered that it will not take or give this data (InfluxDB's 4xx: a field of another type
 * already stored, a missing database, refused credentials), so sending the same request again
 * changes nothing until an operator fixes the store.
 *
 * <p>{@link #content()} tells the two kinds apart: a refusal of the data itself (a value, a type, a
 * time the store will never take) stays whatever the operator does; any other (credentials, a
 * missing bucket or table) passes once the store is set right.
 */
public final class StoreRefusedException extends StoreUnavailableException {
  private final boolean content;

  public StoreRefusedException(Store store, String message, Throwable cause) {
    this(store, message, cause, false);
  }

  /**
   * @param content whether the data itself was refused, so that the same data is refused again
   */
  public StoreRefusedException(Store store, String message, Throwable cause, boolean content) {
    super(store, message, cause);
    this.content = content;
  }

  /** Whether the store refused the data itself rather than the request. */
  public boolean content() {
    return content;
  }
}
