package org.aqmrg.alerts;

import java.util.UUID;

/** Told after an alert was created, changed or deleted, so that its evaluation follows. */
@FunctionalInterface
public interface AlertListener {
  AlertListener NONE = id -> {};

  void changed(UUID alertId);
}
