package org.aqmrg.alerts;

import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/** The registry as the validator asks it, read on the handle of the transaction that saves. */
final class HandlePlaces implements AlertValidator.Places {
  private final Handle handle;

  HandlePlaces(Handle handle) {
    this.handle = handle;
  }

  @Override
  public boolean locationExists(UUID locationId) {
    return handle
        .createQuery("SELECT EXISTS (SELECT 1 FROM locations WHERE id = ?)")
        .bind(0, locationId)
        .mapTo(Boolean.class)
        .one();
  }

  @Override
  public Optional<UUID> sensorLocation(String sensorId) {
    return handle
        .createQuery(
            "SELECT location_id FROM sensors WHERE id = ? AND status <> 'retired'"
                + " AND location_id IS NOT NULL")
        .bind(0, sensorId)
        .mapTo(UUID.class)
        .findOne();
  }
}
