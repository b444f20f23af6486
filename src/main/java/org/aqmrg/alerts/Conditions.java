package org.aqmrg.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.aqmrg.ingest.LatestReadings.Latest;
import org.aqmrg.readings.Field;

/**
 * Whether an alert's condition toward its next transition holds now, with the value compared and
 * the details an event records: for a threshold alert, its measure against the threshold (or the
 * clear level); for an offline alert, whether its sensors have been silent for its time (or were
 * heard again). Values computed from the rollups are reused for {@link #ROLLUP_REUSE}, so a
 * location's hourly mean costs one rollup query per pollutant every 30 s, not one per pass.
 */
final class Conditions {
  /** How long a value computed from the rollups is reused. */
  static final Duration ROLLUP_REUSE = Duration.ofSeconds(30);

  private final Measures measures;
  private final Map<String, Computed> fromRollups = new HashMap<>();

  private record Computed(Double value, Instant at) {}

  /**
   * @param holds null when there is nothing to compare (no recent data)
   */
  record Check(Boolean holds, Double value, Map<String, Object> details) {}

  Conditions(Measures measures) {
    this.measures = measures;
  }

  /**
   * @param at the sensors of the alert's location
   * @param readings the newest readings of those of them that have one
   */
  Check check(Alert alert, List<String> at, List<Latest> readings, Instant now) {
    var details = new LinkedHashMap<String, Object>();
    if (alert.kind() == Alert.Kind.OFFLINE) {
      Set<String> watched = alert.sensorId() != null ? Set.of(alert.sensorId()) : new HashSet<>(at);
      var heard = Measures.lastHeard(readings, watched);
      Instant since = heard.orElse(alert.createdAt() != null ? alert.createdAt() : now);
      boolean silent = !now.isBefore(since.plus(alert.offlineAfter()));
      details.put("sensors", watched.stream().sorted().toList());
      details.put("last_heard", heard.map(Instant::toString).orElse(null));
      return new Check(alert.state() == Alert.State.NORMAL ? silent : !silent, null, details);
    }
    Double value = value(alert, at, readings, now);
    if (alert.measure() == Alert.Measure.LATEST) {
      var values = new LinkedHashMap<String, Object>();
      readings.forEach(r -> values.put(r.sensorId(), r.fields().get(alert.pollutant())));
      details.put("sensors", values);
    }
    return new Check(Decision.holds(alert, value), value, details);
  }

  private Double value(Alert alert, List<String> at, List<Latest> readings, Instant now) {
    if (alert.measure() == Alert.Measure.LATEST) {
      return measures.latest(Field.of(alert.pollutant()).orElseThrow(), readings);
    }
    String key = alert.locationId() + " " + alert.pollutant() + " " + alert.measure();
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
