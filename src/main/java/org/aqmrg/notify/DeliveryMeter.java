package org.aqmrg.notify;

/**
 * Told of each attempt to deliver a notification from the outbox, by channel and outcome. Called on
 * a sending thread; it must be cheap and must not throw.
 */
@FunctionalInterface
public interface DeliveryMeter {
  /** A meter that counts nothing. */
  DeliveryMeter NONE = (channel, outcome) -> {};

  void attempted(Notification.Channel channel, Attempt.Outcome outcome);
}
