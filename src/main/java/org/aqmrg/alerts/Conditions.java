package org.aqmrg.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.aqmrg.alerts.SensorValues.Heard;
import org.aqmrg.readings.Field;

/**
 * Whether an alert's condition toward its next transition holds now, and the value compared: for a
 * threshold alert, its measure against the threshold (or the clear level); for an offline alert,
 * whether its sensors have been silent for its time (or were heard again). The details an event
 * records are built only for a transition. Values computed from the rollups are reused for {@link
 * #ROLLUP_REUSE}, so a location's hourly mean costs one rollup query per pollutant every 30 s, not
 * one per pass.
 */
final class Conditions {
  /** How long a value computed from the rollups is reused. */
  static final Duration ROLLUP_REUSE = Duration.ofSeconds(30);

  private final Measures measures;
  private final Map<RollupKey, Computed> fromRollups = new HashMap<>();

  private record RollupKey(UUID location, String pollutant, Alert.Measure measure) {}

  private record Computed(Double value, Instant at) {}

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
    var computed = fromRollups.get(key);
    if (computed == null || !now.isBefore(computed.at().plus(ROLLUP_REUSE))) {
      Double value =
          alert.measure() == Alert.Measure.HOURLY_MEAN
              ? measures.hourlyMean(Field.of(alert.pollutant()).orElseThrow(), at)
              : measures.nowcast(alert.pollutant(), at);
      computed = new Computed(value, now);
      fromRollups.put(key, computed);
    }
    return computed.value();
  }

  /** Forgets the rollup values that are too old to be reused, and those of deleted alerts. */
  void prune(Instant now) {
    fromRollups.values().removeIf(c -> !now.isBefore(c.at().plus(ROLLUP_REUSE)));
  }
}
