package org.aqmrg.notify;

/**
 * How one attempt to deliver went.
 *
 * @param outcome delivered; retry later; or failed for good (the receiver refused it)
 * @param status the receiver's HTTP status, null when there was none (e-mail, no connection)
 * @param error what went wrong, for the delivery log; null when delivered
 */
public record Attempt(Outcome outcome, Integer status, String error) {
  public enum Outcome {
    DELIVERED,
    RETRY,
    REFUSED
  }

  static Attempt delivered(Integer status) {
    return new Attempt(Outcome.DELIVERED, status, null);
  }

  static Attempt retry(Integer status, String error) {
    return new Attempt(Outcome.RETRY, status, error);
  }

  static Attempt refused(Integer status, String error) {
    return new Attempt(Outcome.REFUSED, status, error);
  }
}
