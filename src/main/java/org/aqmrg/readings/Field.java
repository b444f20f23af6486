package org.aqmrg.readings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The fields of the seed's {@code air_quality} measurement, with their units and the range of
 * values a working sensor can report. A value outside the range is refused at ingest as physically
 * implausible (a broken sensor or a unit mix-up), never stored.
 */
public enum Field {
  PM25("pm25", "µg/m³", 0, 1_000),
  PM10("pm10", "µg/m³", 0, 2_000),
  TEMPERATURE("temperature", "°C", -40, 70),
  HUMIDITY("humidity", "%", 0, 100),
  CO("co", "ppm", 0, 1_000),
  NO2("no2", "ppb", 0, 2_000),
  O3("o3", "ppb", 0, 1_000);

  private static final Field[] ALL = values();

  private final String key;
  private final String unit;
  private final double min;
  private final double max;

  Field(String key, String unit, double min, double max) {
    this.key = key;
    this.unit = unit;
    this.min = min;
    this.max = max;
  }

  /** The field key in line protocol and the column name in PostgreSQL. */
  public String key() {
    return key;
  }

  public String unit() {
    return unit;
  }

  public double min() {
    return min;
  }

  public double max() {
    return max;
  }

  public boolean plausible(double value) {
    return value >= min && value <= max;
  }

  public static Optional<Field> of(String key) {
    return Optional.ofNullable(known(key));
  }

  /** The field of this key, or null: {@link #of} without the wrapper, for the ingest path. */
  public static Field known(String key) {
    return switch (key) { // ingest looks up every field of every point
      case "pm25" -> PM25;
      case "pm10" -> PM10;
      case "temperature" -> TEMPERATURE;
      case "humidity" -> HUMIDITY;
      case "co" -> CO;
      case "no2" -> NO2;
      case "o3" -> O3;
      default -> null;
    };
  }

  /** All fields, in the measurement's order (shared array: do not modify). */
  static Field[] all() {
    return ALL;
  }

  /**
   * The values that {@code present} selects, by field key in the measurement's order; {@code
   * values} holds one value per field, by ordinal.
   */
  static Map<String, Double> byKey(double[] values, Predicate<Field> present) {
    var fields = new LinkedHashMap<String, Double>();
    for (Field field : ALL) {
      if (present.test(field)) {
        fields.put(field.key(), values[field.ordinal()]);
      }
    }
    return fields;
  }
}
