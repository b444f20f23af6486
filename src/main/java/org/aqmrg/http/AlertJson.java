package org.aqmrg.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import org.aqmrg.alerts.Alert;
import org.aqmrg.alerts.AlertDraft;
import org.aqmrg.alerts.Channels;

/** The JSON of an alert in the API, and what of it the audit trail keeps. */
final class AlertJson {
  private static final Set<String> NOT_AUDITED = Set.of("id", "notification_channels");

  private AlertJson() {}

  /** The alert: id and owner, the rule as a create gives it, the channels, then the state. */
  static ObjectNode of(Alert alert, ObjectMapper json) {
    ObjectNode body = json.createObjectNode();
    body.put("id", alert.id().toString());
    body.put("user_id", alert.userId().toString());
    body.setAll(AlertDraft.fields(alert, json));
    body.set("notification_channels", json.valueToTree(alert.channels()));
    body.put("state", alert.state().key());
    body.set("state_changed_at", json.valueToTree(alert.stateChangedAt()));
    body.set("pending_since", json.valueToTree(alert.pendingSince()));
    body.set("acknowledged_at", json.valueToTree(alert.acknowledgedAt()));
    body.set("acknowledged_by", json.valueToTree(alert.acknowledgedBy()));
    body.set("created_at", json.valueToTree(alert.createdAt()));
    body.set("updated_at", json.valueToTree(alert.updatedAt()));
    return body;
  }

  /** The rule and the ids of its webhooks, never a secret nor a webhook's URL (it may be one). */
  static Map<String, Object> audited(Alert alert, ObjectMapper json) {
    ObjectNode rule = json.createObjectNode().put("user_id", alert.userId().toString());
    rule.setAll(AlertDraft.fields(alert, json));
    rule.remove(NOT_AUDITED);
    rule.set(
        "webhook_ids",
        json.valueToTree(alert.channels().webhooks().stream().map(Channels.Webhook::id).toList()));
    rule.put("emails", alert.channels().emails().size());
    return json.convertValue(rule, new TypeReference<Map<String, Object>>() {});
  }
}
