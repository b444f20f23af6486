package org.aqmrg.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.aqmrg.alerts.SensorValues.Heard;
import org.aqmrg.readings.Field;
import org.aqmrg.rollups.SensorHour;

/**
 * Whether an alert's condition toward its next transition holds now, and the value compared: for a
 * threshold alert, its measure against the threshold (or the clear level); for an offline alert,
 * whether its sensors have been silent for its time (or were heard again). The details an event
 * records are built only for a transition. The rollup measures of every location come from one read
 * of the rollups every {@link #ROLLUP_REUSE}, not one query per location and pass.
 */
final class Conditions {
  /** How long a value computed from the rollups is reused. */
  static final Duration ROLLUP_REUSE = Duration.ofSeconds(30);

  private final Measures measures;
  private final Map<RollupKey, Optional<Double>> fromRollups = new HashMap<>();
  private Map<String, List<SensorHour>> rollupHours = Map.of();
  private Instant readAt = Instant.MIN;

  private record RollupKey(UUID location, String pollutant, Alert.Measure measure) {}

  /**
   * @param holds null when there is nothing to compare (no recent data)
   */
  record Check(Boolean holds, Double value) {}

  Conditions(Measures measures) {
    this.measures = measures;
  }

  /**
   * @param at the sensors of the alert's location
   * @param readings the newest readings of those of them that have one
   */
  Check check(Alert alert, List<String> at, List<Heard> readings, Instant now) {
    if (alert.kind() == Alert.Kind.OFFLINE) {
      var heard = Measures.lastHeard(readings, watched(alert, at));
      Instant since = heard.orElse(alert.createdAt() != null ? alert.createdAt() : now);
      boolean silent = !now.isBefore(since.plus(alert.offlineAfter()));
      return new Check(alert.state() == Alert.State.NORMAL ? silent : !silent, null);
    }
    Double value = value(alert, at, readings, now);
    return new Check(Decision.holds(alert, value), value);
  }

  /** What the event of a transition records besides the value: the sensors and their readings. */
  static Map<String, Object> details(Alert alert, List<String> at, List<Heard> readings) {
    var details = new LinkedHashMap<String, Object>();
    if (alert.kind() == Alert.Kind.OFFLINE) {
      var watched = watched(alert, at);
      details.put("sensors", watched.stream().sorted().toList());
      details.put(
          "last_heard", Measures.lastHeard(readings, watched).map(Instant::toString).orElse(null));
    } else if (alert.measure() == Alert.Measure.LATEST) {
      var values = new LinkedHashMap<String, Object>();
      readings.forEach(r -> values.put(r.sensorId(), r.latest().fields().get(alert.pollutant())));
      details.put("sensors", values);
    }
    return details;
  }

  private static Set<String> watched(Alert alert, List<String> at) {
    return alert.sensorId() != null ? Set.of(alert.sensorId()) : new HashSet<>(at);
  }

  private Double value(Alert alert, List<String> at, List<Heard> readings, Instant now) {
    if (alert.measure() == Alert.Measure.LATEST) {
      return measures.latest(Field.of(alert.pollutant()).orElseThrow(), readings);
    }
    var key = new RollupKey(alert.locationId(), alert.pollutant(), alert.measure());
    return fromRollups
        .computeIfAbsent(
            key,
            k -> {
              var hours = new ArrayList<SensorHour>();
              at.forEach(sensor -> hours.addAll(rollupHours.getOrDefault(sensor, List.of())));
              return Optional.ofNullable(
                  alert.measure() == Alert.Measure.HOURLY_MEAN
                      ? measures.hourlyMean(Field.of(alert.pollutant()).orElseThrow(), hours)
                      : measures.nowcast(alert.pollutant(), hours));
            })
        .orElse(null);
  }

  /**
   * Reads the hourly rollups of the sensors of every location with a rollup measure, in one query,
   * when the last read is {@link #ROLLUP_REUSE} old; the values computed from them are kept until
   * the next read.
   */
  void readRollups(EnabledAlerts alerts, Instant now) {
    if (now.isBefore(readAt.plus(ROLLUP_REUSE))) {
      return;
    }
    var sensors = new HashSet<String>();
    boolean nowcast = false;
    for (var entry : alerts.byLocation().entrySet()) {
      for (Alert alert : entry.getValue()) {
        if (alert.kind() == Alert.Kind.THRESHOLD && alert.measure() != Alert.Measure.LATEST) {
          sensors.addAll(alerts.sensorsAt(entry.getKey()));
          nowcast |= alert.measure() == Alert.Measure.NOWCAST_AQI;
        }
      }
    }
    rollupHours = measures.rollupHours(sensors, nowcast);
    fromRollups.clear();
    readAt = now;
  }
}
