package org.aqmrg.influxql;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The tags of one sensor's series in {@code air_quality}, as the registry knows them: {@code
 * sensor_id}, {@code location} (its location's name) and {@code manufacturer}; an absent tag is the
 * empty string, as InfluxDB compares it.
 */
public record SeriesTags(String sensorId, String location, String manufacturer) {
  /** The measurement's tag keys, in InfluxDB's order (sorted). */
  public static final List<String> KEYS = List.of("location", "manufacturer", "sensor_id");

  public SeriesTags {
    Objects.requireNonNull(sensorId, "sensorId");
    location = location == null ? "" : location;
    manufacturer = manufacturer == null ? "" : manufacturer;
  }

  /** The value of tag {@code key}, '' when absent. */
  public String get(String key) {
    return switch (key) {
      case "sensor_id" -> sensorId;
      case "location" -> location;
      case "manufacturer" -> manufacturer;
      default -> "";
    };
  }

  /** The present tags among {@code keys}, by key. */
  public Map<String, String> only(List<String> keys) {
    var tags = new java.util.LinkedHashMap<String, String>();
    for (String key : keys) {
      tags.put(key, get(key));
    }
    return tags;
  }
}
