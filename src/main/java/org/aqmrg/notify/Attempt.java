package org.aqmrg.notify;

/**
 * How one attempt to deliver a notification went.
 *
 * @param status the receiver's HTTP status, for webhooks that answered; else null
 * @param error what went wrong, for the delivery log and the operator; null when delivered
 */
public record Attempt(Outcome outcome, Integer status, String error) {
  /** What the sender does next with the notification. */
  public enum Outcome {
    /** The receiver took it: done. */
    DELIVERED,
    /** It may work later (receiver down, timeout, 5xx): tried again after a backoff. */
    RETRY,
    /** It will never work as it is (4xx, a refused target, no secret): failed at once. */
    REFUSED
  }

  public static Attempt delivered(Integer status) {
    return new Attempt(Outcome.DELIVERED, status, null);
  }

  public static Attempt retry(Integer status, String error) {
    return new Attempt(Outcome.RETRY, status, error);
  }

  public static Attempt refused(Integer status, String error) {
    return new Attempt(Outcome.REFUSED, status, error);
  }

  public boolean delivered() {
    return outcome == Outcome.DELIVERED;
  }
}
