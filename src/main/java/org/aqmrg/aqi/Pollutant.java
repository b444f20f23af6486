package org.aqmrg.aqi;

import java.util.Optional;
import org.aqmrg.readings.Field;

/**
 * A pollutant that an air-quality index can rate, with the unit the platform gives its
 * concentrations in: µg/m³ for particles, ppb for O3, NO2 and SO2, ppm for CO (the units of {@link
 * Field}). Every {@link AqiScale} takes concentrations in these units and converts them to the
 * units of its own tables.
 */
public enum Pollutant {
  PM25("pm25", "µg/m³", Field.PM25),
  PM10("pm10", "µg/m³", Field.PM10),
  O3("o3", "ppb", Field.O3),
  NO2("no2", "ppb", Field.NO2),
  CO("co", "ppm", Field.CO),
  /** Not measured by the platform's sensors; rated by the European index only. */
  SO2("so2", "ppb", null);

  private final String key;
  private final String unit;
  private final Field field;

  Pollutant(String key, String unit, Field field) {
    this.key = key;
    this.unit = unit;
    this.field = field;
  }

  /** The key used in the API, equal to the field key where the platform measures it. */
  public String key() {
    return key;
  }

  /** The unit in which the platform supplies this pollutant's concentrations. */
  public String unit() {
    return unit;
  }

  /** The field that holds this pollutant's readings, or empty if the platform measures none. */
  public Optional<Field> field() {
    return Optional.ofNullable(field);
  }

  /** The pollutant of this key ({@code pm25}, {@code o3}, ...), or empty. */
  public static Optional<Pollutant> of(String key) {
    for (Pollutant pollutant : values()) {
      if (pollutant.key.equals(key)) {
        return Optional.of(pollutant);
      }
    }
    return Optional.empty();
  }
}
