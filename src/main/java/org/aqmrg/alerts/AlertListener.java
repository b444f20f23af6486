package org.aqmrg.alerts;

import java.util.UUID;

/**
 * Told after an alert was created, changed or deleted and the change committed, so that whoever
 * keeps a copy of the rules (the evaluator) reloads that one.
 */
@FunctionalInterface
public interface AlertListener {
  /** For parts that keep no copy of the rules. */
  AlertListener NONE = id -> {};

  void changed(UUID alertId);
}
