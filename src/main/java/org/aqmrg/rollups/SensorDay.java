package org.aqmrg.rollups;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.aqmrg.readings.Field;

/**
 * One sensor's daily rollup: the statistics of each field over one local calendar day of its
 * location ({@code zone}), from the day's hourly rollups. A field without readings that day is
 * absent.
 */
public record SensorDay(
    String sensorId, LocalDate day, ZoneId zone, Map<Field, DailyStatistics> fields) {
  public SensorDay {
    Objects.requireNonNull(sensorId, "sensorId");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(zone, "zone");
    var copy = new EnumMap<Field, DailyStatistics>(Field.class);
    fields.forEach(
        (field, statistics) -> {
          if (!statistics.day().equals(day) || !statistics.zone().equals(zone)) {
            throw new IllegalArgumentException(
                field.key() + " holds the statistics of " + statistics.day() + ", not " + day);
          }
          copy.put(field, statistics);
        });
    fields = Collections.unmodifiableMap(copy);
  }

  /** The day's first instant: local midnight in {@code zone}; the rollup's timestamp. */
  public Instant start() {
    return day.atStartOfDay(zone).toInstant();
  }
}
