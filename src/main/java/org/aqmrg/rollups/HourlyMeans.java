package org.aqmrg.rollups;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import org.aqmrg.readings.Field;

/**
 * The hourly means of one sensor, or of several sensors together (each hour's means weighted by
 * their counts, so a location's hourly mean is the mean of all its sensors' readings in the hour),
 * by field and hour start: what the AQI's averages are taken from.
 */
final class HourlyMeans {
  private final Map<Field, Map<Instant, double[]>> sums = new EnumMap<>(Field.class);
  private final NavigableSet<Instant> hours = new TreeSet<>();

  /** The combined hourly means of these rollups. */
  static HourlyMeans of(Collection<SensorHour> rollups) {
    var means = new HourlyMeans();
    for (SensorHour rollup : rollups) {
      rollup
          .fields()
          .forEach(
              (field, hour) -> {
                if (hour.count() > 0) {
                  double[] sum =
                      means
                          .sums
                          .computeIfAbsent(field, f -> new HashMap<>())
                          .computeIfAbsent(rollup.hour(), h -> new double[2]);
                  sum[0] += hour.mean() * hour.count();
                  sum[1] += hour.count();
                  means.hours.add(rollup.hour());
                }
              });
    }
    return means;
  }

  /** The mean of this field in the hour starting at {@code hour}, or null without readings. */
  Double at(Field field, Instant hour) {
    double[] sum = sums.getOrDefault(field, Map.of()).get(hour);
    return sum == null ? null : sum[0] / sum[1];
  }

  /** The hours with a mean of at least one field, oldest first. */
  NavigableSet<Instant> hours() {
    return hours;
  }
}
