package org.aqmrg.alerts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.aqmrg.ingest.LatestReadings.Latest;

/**
 * The evaluator's copy of the newest reading of each sensor with an alert: fed by this instance's
 * writes as they are offered to the cache, so evaluating a write costs no cache round trip, and
 * refreshed from the cache once a second for what other instances accepted. Of two readings of a
 * sensor the later wins, and of two at the same time the one given last (a point written again
 * replaces the stored one).
 */
final class SensorValues {
  /** A sensor's newest reading and its time. */
  record Heard(Latest latest, Instant time) {
    String sensorId() {
      return latest.sensorId();
    }
  }

  private final Map<String, Heard> bySensor = new ConcurrentHashMap<>();

  /** Takes the readings that are not older than the ones known; others are left out. */
  void merge(Collection<Latest> readings) {
    for (Latest reading : readings) {
      var time = Instant.parse(reading.time());
      bySensor.merge(
          reading.sensorId(),
          new Heard(reading, time),
          (known, offered) -> offered.time().isBefore(known.time()) ? known : offered);
    }
  }

  /** The known readings of these sensors, in their order; a sensor without one is left out. */
  List<Heard> of(List<String> sensors) {
    var found = new ArrayList<Heard>(sensors.size());
    for (String sensor : sensors) {
      var known = bySensor.get(sensor);
      if (known != null) {
        found.add(known);
      }
    }
    return found;
  }

  /** Forgets the sensors that are not in {@code keep}, e.g. after their alerts were deleted. */
  void retain(Collection<String> keep) {
    bySensor.keySet().retainAll(keep);
  }
}
