package org.aqmrg.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
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
 * hours; or the NowCast AQI (US EPA) of the pollutant, or the overall one, from the rollups.
 */
final class Measures {
  /** A latest reading older than this does not count as the location's current value. */
  static final Duration FRESH = Duration.ofHours(1);

  private static final AqiScale EPA = AqiScales.of("us-epa");

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

  Double hourlyMean(Field field, List<String> sensors) {
    Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
    var hours =
        rollups.hours(
            sensors, hour.minus(Duration.ofHours(1)), hour.plusSeconds(3600), List.of(field));
    Instant newest = hours.stream().map(SensorHour::hour).max(Instant::compareTo).orElse(null);
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

  /** The NowCast AQI of {@code pollutant} (a field key or {@code aqi}) at these sensors. */
  Double nowcast(String pollutant, List<String> sensors) {
    var report = aqi.current(sensors, EPA);
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
