package org.aqmrg.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.aqmrg.alerts.Alert;

/** An alert as the API shows it (docs/API.md): the seed's column names, durations in seconds. */
final class AlertJson {
  private AlertJson() {}

  static Map<String, Object> of(Alert alert) {
    var body = new LinkedHashMap<String, Object>();
    body.put("id", alert.id());
    body.put("user_id", alert.userId());
    body.put("name", alert.name());
    body.put("location_id", alert.locationId());
    body.put("kind", alert.kind().key());
    boolean threshold = alert.kind() == Alert.Kind.THRESHOLD;
    body.put("pollutant", threshold ? alert.pollutant() : null);
    body.put("measure", threshold ? alert.measure().key() : null);
    body.put("threshold", threshold ? alert.threshold() : null);
    body.put("for_s", alert.holdFor().toSeconds());
    body.put("clear_deadband", alert.clearDeadband());
    body.put("clear_for_s", alert.clearFor().toSeconds());
    body.put("sensor_id", alert.sensorId());
    body.put(
        "offline_after_s", alert.offlineAfter() == null ? null : alert.offlineAfter().toSeconds());
    body.put("enabled", alert.enabled());
    body.put("notification_channels", alert.channels());
    body.put("state", alert.state().key());
    body.put("state_changed_at", alert.stateChangedAt());
    body.put("pending_since", alert.pendingSince());
    body.put("acknowledged_at", alert.acknowledgedAt());
    body.put("acknowledged_by", alert.acknowledgedBy());
    body.put("created_at", alert.createdAt());
    body.put("updated_at", alert.updatedAt());
    return body;
  }
}
