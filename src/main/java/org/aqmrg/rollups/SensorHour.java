package org.aqmrg.rollups;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.aqmrg.readings.Field;

/**
 * One sensor's hourly rollup: the statistics of each field it has readings of in the UTC hour that
 * starts at {@code hour}. A field without readings in the hour is absent.
 */
public record SensorHour(String sensorId, Instant hour, Map<Field, HourlyStatistics> fields) {
  public SensorHour {
    Objects.requireNonNull(sensorId, "sensorId");
    if (!hour.equals(hour.truncatedTo(ChronoUnit.HOURS))) {
      throw new IllegalArgumentException("an hour starts on a whole UTC hour, got " + hour);
    }
    var copy = new EnumMap<Field, HourlyStatistics>(Field.class);
    fields.forEach(
        (field, statistics) -> {
          if (!statistics.hour().equals(hour)) {
            throw new IllegalArgumentException(
                field.key() + " holds the statistics of " + statistics.hour() + ", not " + hour);
          }
          copy.put(field, statistics);
        });
    fields = Collections.unmodifiableMap(copy);
  }
}
