package org.aqmrg.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aqmrg.aqi.AqiScale;
import org.aqmrg.aqi.AqiScales;
import org.aqmrg.readings.Field;
import org.aqmrg.rollups.AqiReports;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.rollups.SensorHour;

/**
 * The value an alert compares with its threshold, at a location: the mean of its sensors' latest
 * readings of the last hour; the count-weighted mean of the newest hourly rollup of the last two
 * hours; or the NowCast AQI (US EPA) of the pollutant, or the overall one, from the rollups (read
 * for all locations at once by {@link #rollupHours}).
 */
final class Measures {
  /** A latest reading older than this does not count as the location's current value. */
  static final Duration FRESH = Duration.ofHours(1);

  private static final AqiScale EPA = AqiScales.of("us-epa");
  private static final List<Field> ALL_FIELDS = List.of(Field.values());

  private final RollupStore rollups;
  private final AqiReports aqi;
  private final Clock clock;

  Measures(RollupStore rollups, AqiReports aqi, Clock clock) {
    this.rollups = rollups;
    this.aqi = aqi;
    this.clock = clock;
  }

  /** The mean of the fresh latest values of {@code field}, or null when there is none. */
  Double latest(Field field, List<SensorValues.Heard> latest) {
    Instant since = clock.instant().minus(FRESH);
    double sum = 0;
    int n = 0;
    for (SensorValues.Heard reading : latest) {
      Double value = reading.latest().fields().get(field.key());
      if (value != null && !reading.time().isBefore(since)) {
        sum += value;
        n++;
      }
    }
    return n == 0 ? null : sum / n;
  }

  /** The newest reading time among {@code latest}, if any. */
  static Optional<Instant> lastHeard(List<SensorValues.Heard> latest, Set<String> of) {
    return latest.stream()
        .filter(l -> of.contains(l.sensorId()))
        .map(SensorValues.Heard::time)
        .max(Instant::compareTo);
  }

  /**
   * The hourly rollups the rollup measures of these sensors need, read in one query, by sensor: the
   * last two hours for the hourly mean, the 24 hours of the NowCast when {@code nowcast}.
   */
  Map<String, List<SensorHour>> rollupHours(Collection<String> sensors, boolean nowcast) {
    Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
    Instant from = nowcast ? aqi.currentWindow() : hour.minus(Duration.ofHours(1));
    var bySensor = new HashMap<String, List<SensorHour>>();
    if (!sensors.isEmpty()) {
      for (SensorHour h : rollups.hours(sensors, from, hour.plusSeconds(3600), ALL_FIELDS)) {
        bySensor.computeIfAbsent(h.sensorId(), id -> new ArrayList<>()).add(h);
      }
    }
    return bySensor;
  }

  /** The count-weighted mean of the newest of these hourly rollups of the last two hours. */
  Double hourlyMean(Field field, List<SensorHour> hours) {
    Instant since = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
    Instant newest = null;
    for (SensorHour h : hours) {
      if (!h.hour().isBefore(since) && h.fields().get(field) != null) {
        newest = newest == null || h.hour().isAfter(newest) ? h.hour() : newest;
      }
    }
    double sum = 0;
    long count = 0;
    for (SensorHour h : hours) {
      var statistics = h.fields().get(field);
      if (h.hour().equals(newest) && statistics != null && statistics.mean() != null) {
        sum += statistics.mean() * statistics.count();
        count += statistics.count();
      }
    }
    return count == 0 ? null : sum / count;
  }

  /** The NowCast AQI of {@code pollutant} (a field key or {@code aqi}) from these rollups. */
  Double nowcast(String pollutant, List<SensorHour> hours) {
    var report = aqi.currentOf(hours, EPA);
    if (pollutant.equals(Alert.AQI)) {
      return report.overall().present() ? report.overall().value().doubleValue() : null;
    }
    return report.pollutants().stream()
        .filter(r -> r.pollutant().key().equals(pollutant) && r.index() != null)
        .filter(r -> r.index().present())
        .map(r -> r.index().value().doubleValue())
        .max(Double::compare)
        .orElse(null);
  }
}
