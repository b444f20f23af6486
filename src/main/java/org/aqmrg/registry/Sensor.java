package org.aqmrg.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;
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
  public static final int MAX_ID_LENGTH = 100;

  /**
   * What a new id may look like: letters, digits and {@code . _ - : ~}, starting with a letter or
   * digit, so it needs no escaping in line protocol, InfluxQL, URLs or Redis keys.
   */
  public static final Pattern ID_SHAPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:~-]*");

  /** The id of a new sensor, checked for length and shape; 400 naming {@code id} otherwise. */
  static String newId(String id) {
    String checked = Checks.required(id, "id", MAX_ID_LENGTH);
    if (!ID_SHAPE.matcher(checked).matches()) {
      throw InvalidInputException.field(
          "id",
          "field 'id' may hold letters, digits and . _ - : ~ and must start with a letter or"
              + " digit, got '"
              + checked
              + "'");
    }
    return checked;
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
