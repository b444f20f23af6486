package org.aqmrg.registry;

import java.util.UUID;

/**
 * Told after every change to the registry has been committed, so that what keeps copies of it
 * (ingest's {@code SensorRegistry}) drops them and the next request sees the change.
 */
public interface RegistryListener {
  /** For registries nobody else caches. */
  RegistryListener NONE =
      new RegistryListener() {
        @Override
        public void sensorChanged(String sensorId) {}

        @Override
        public void locationChanged(UUID locationId) {}
      };

  /** A sensor was created, changed or retired. */
  void sensorChanged(String sensorId);

  /** A location was changed or deleted: every sensor placed there may have changed with it. */
  void locationChanged(UUID locationId);
}
