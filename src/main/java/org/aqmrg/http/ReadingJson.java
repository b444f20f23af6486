package org.aqmrg.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import org.aqmrg.ingest.Validator;
import org.aqmrg.ingest.lineprotocol.FieldValue;
import org.aqmrg.ingest.lineprotocol.Point;

/**
 * One reading of {@code POST /api/v1/readings} as a point: {@code {"sensor_id": "LAG-IKJ-001",
 * "time": "2026-11-25T14:05:00Z", "location": "Ikeja", "manufacturer": "PurpleAir", "fields":
 * {"pm25": 35.2}}}, every property but {@code fields} optional and a missing time meaning now. A
 * property of another name is refused by name; the names inside {@code fields} are checked by the
 * {@link Validator} like those of line protocol.
 */
final class ReadingJson {
  private ReadingJson() {}

  /**
   * The point of one item.
   *
   * @throws IllegalArgumentException when the item is not a reading; the message says why
   */
  static Point point(JsonNode item, Instant now) {
    if (!item.isObject()) {
      throw new IllegalArgumentException("an item must be an object");
    }
    var tags = new LinkedHashMap<String, String>();
    var fields = new LinkedHashMap<String, FieldValue>();
    long time = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    var names = item.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      JsonNode value = item.get(name);
      switch (name) {
        case "sensor_id", "location", "manufacturer" -> {
          if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' must be a string");
          }
          tags.put(name, value.asText());
        }
        case "time" -> time = time(value);
        case "fields" -> {
          if (!value.isObject() || value.isEmpty()) {
            throw new IllegalArgumentException(
                "'fields' must be an object with at least one field");
          }
          var fieldNames = value.fieldNames();
          while (fieldNames.hasNext()) {
            String field = fieldNames.next();
            JsonNode number = value.get(field);
            if (!number.isNumber()) {
              throw new IllegalArgumentException("field '" + field + "' must be a number");
            }
            fields.put(field, FieldValue.ofFloat(number.doubleValue()));
          }
        }
        default ->
            throw new IllegalArgumentException(
                "unknown property '"
                    + name
                    + "': use sensor_id, time, location, manufacturer, fields");
      }
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("'fields' is required");
    }
    return Point.of(Validator.MEASUREMENT, tags, fields, time);
  }

  private static long time(JsonNode value) {
    if (!value.isTextual()) {
      throw new IllegalArgumentException(
          "'time' must be an ISO-8601 UTC string such as 2026-11-25T14:05:00Z");
    }
    try {
      Instant time = Instant.parse(value.asText());
      return Math.addExact(
          Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "'time' must be an ISO-8601 UTC time such as 2026-11-25T14:05:00Z, got '"
              + value.asText()
              + "'");
    }
  }
}
