package org.aqmrg.alerts;

import java.time.Instant;

/**
 * What one evaluation of an alert decides, from its state, since when its pending condition holds,
 * and whether the condition toward the next transition holds now: a normal alert moves toward
 * firing while its value is above the threshold, a triggered one toward clearing while its value is
 * below the threshold minus the deadband; each must hold for its duration (none by default, so the
 * first reading decides).
 */
enum Decision {
  /** Nothing changes. */
  NONE,
  /** The condition began to hold: remember since when. */
  START_PENDING,
  /** The condition stopped holding before its duration: forget it. */
  STOP_PENDING,
  /** Normal to triggered. */
  FIRE,
  /** Triggered to normal. */
  CLEAR;

  /**
   * @param holds whether the condition toward the next transition holds now; null when there is
   *     nothing to compare (no recent data), which changes nothing
   */
  static Decision of(Alert alert, Boolean holds, Instant now) {
    if (holds == null) {
      return NONE;
    }
    if (!holds) {
      return alert.pendingSince() != null ? STOP_PENDING : NONE;
    }
    boolean normal = alert.state() == Alert.State.NORMAL;
    var duration = normal ? alert.holdFor() : alert.clearFor();
    var transition = normal ? FIRE : CLEAR;
    if (duration.isZero()) {
      return transition;
    }
    if (alert.pendingSince() == null) {
      return START_PENDING;
    }
    return !now.isBefore(alert.pendingSince().plus(duration)) ? transition : NONE;
  }

  /** Whether the condition toward the next transition holds for {@code value}. */
  static Boolean holds(Alert alert, Double value) {
    if (value == null) {
      return null;
    }
    return alert.state() == Alert.State.NORMAL
        ? value > alert.threshold()
        : value < alert.clearBelow();
  }
}
