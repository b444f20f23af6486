package org.aqmrg.http;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.aqmrg.alerts.Alert;
import org.aqmrg.alerts.Channels;

/** The JSON of an alert in the API, and what of it the audit trail keeps. */
final class AlertJson {
  private static final Set<String> AUDITED =
      Set.of(
          "user_id",
          "name",
          "location_id",
          "kind",
          "pollutant",
          "measure",
          "threshold",
          "for_s",
          "clear_deadband",
          "clear_for_s",
          "sensor_id",
          "offline_after_s",
          "enabled");

  private AlertJson() {}

  static Map<String, Object> of(Alert alert) {
    var body = new LinkedHashMap<String, Object>();
    body.put("id", alert.id());
    body.put("user_id", alert.userId());
    body.put("name", alert.name());
    body.put("location_id", alert.locationId());
    body.put("kind", alert.kind().key());
    body.put("pollutant", alert.pollutant());
    body.put("measure", alert.measure().key());
    body.put("threshold", alert.threshold());
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

  /** The rule and the ids of its webhooks, never a secret nor a webhook's URL (it may be one). */
  static Map<String, Object> audited(Alert alert) {
    var details = new LinkedHashMap<>(of(alert));
    details.keySet().retainAll(AUDITED);
    details.put(
        "webhook_ids", alert.channels().webhooks().stream().map(Channels.Webhook::id).toList());
    details.put("emails", alert.channels().emails().size());
    return details;
  }
}
