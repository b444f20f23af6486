package org.aqmrg.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import org.aqmrg.error.InvalidInputException;

/**
 * A row of {@code sensors}.
 *
 * @param id the sensor's own identifier, the {@code sensor_id} tag of its readings
 * @param manufacturer the maker, also written as the {@code manufacturer} tag; may be null
 * @param locationId where it is installed; null while it is not deployed
 * @param metadata device details as a JSON object; may be null
 */
public record Sensor(
    String id,
    String name,
    String manufacturer,
    UUID locationId,
    SensorStatus status,
    ObjectNode metadata,
    Instant createdAt,
    Instant updatedAt) {
  /** Longest id, as in {@code sensors.id}. */
  public static final int MAX_ID_LENGTH = SensorId.MAX_LENGTH;

  /** The id of a new sensor, checked by {@link SensorId}; 400 naming {@code id} otherwise. */
  static String newId(String id) {
    return SensorId.check(Checks.required(id, "id", MAX_ID_LENGTH), "id");
  }

  /** This sensor with its fields checked and trimmed; a 400 naming the first bad field. */
  Sensor checked() {
    if (status == null) {
      throw InvalidInputException.field(
          "status", "field 'status' must be one of " + SensorStatus.allowed());
    }
    return new Sensor(
        id,
        Checks.required(name, "name", 255),
        Checks.optional(manufacturer, "manufacturer", 100),
        locationId,
        status,
        metadata,
        createdAt,
        updatedAt);
  }
}
