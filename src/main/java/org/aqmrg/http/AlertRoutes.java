package org.aqmrg.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.alerts.Alert;
import org.aqmrg.alerts.AlertEvents;
import org.aqmrg.alerts.AlertRules;
import org.aqmrg.alerts.Unsubscribe;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.notify.Outbox;

/**
 * {@code /api/v1/alerts}: a signed-in user's alert rules (an admin's: everyone's), their delivery
 * log, and the public unsubscribe link of alert e-mails. Every change is audited.
 */
final class AlertRoutes {
  static final int MAX_DELIVERIES = 500;

  private final AlertRules rules;
  private final Unsubscribe unsubscribe;
  private final Outbox outbox;
  private final AlertEvents events;
  private final AuditLog audit;
  private final ObjectMapper json;

  AlertRoutes(
      AlertRules rules,
      Unsubscribe unsubscribe,
      AlertEvents events,
      Outbox outbox,
      AuditLog audit,
      ObjectMapper json) {
    this.rules = rules;
    this.events = events;
    this.unsubscribe = unsubscribe;
    this.outbox = outbox;
    this.audit = audit;
    this.json = json;
  }

  void list(Context ctx) {
    Params.allowOnly(ctx, List.of("user_id", "limit", "offset"));
    var paging = Paging.of(ctx);
    var alerts =
        rules.list(
            Requests.principal(ctx),
            Params.uuidQuery(ctx, "user_id"),
            paging.limit(),
            paging.offset());
    ctx.json(
        Map.of(
            "alerts",
            alerts.stream().map(alert -> AlertJson.of(alert, json)).toList(),
            "limit",
            paging.limit(),
            "offset",
            paging.offset()));
  }

  void get(Context ctx) {
    ctx.json(AlertJson.of(rules.find(Requests.principal(ctx), Params.uuidPath(ctx, "id")), json));
  }

  void create(Context ctx) {
    var saved = rules.create(Requests.principal(ctx), Json.read(ctx, json, ObjectNode.class));
    String id = saved.alert().id().toString();
    Requests.audit(ctx, audit, "alert.create", "alert", id, AlertJson.audited(saved.alert(), json));
    ctx.header("Location", "/api/v1/alerts/" + id).status(201).json(answer(saved));
  }

  /** {@code PATCH}: the fields given replace the stored ones; the rule is checked as a whole. */
  void change(Context ctx) {
    UUID id = Params.uuidPath(ctx, "id");
    ObjectNode patch = Json.read(ctx, json, ObjectNode.class);
    if (patch.isEmpty()) {
      throw InvalidInputException.field("body", "give at least one field of the alert to change");
    }
    var saved = rules.change(Requests.principal(ctx), id, patch);
    var details = new LinkedHashMap<String, Object>();
    var fields = new ArrayList<String>();
    patch.fieldNames().forEachRemaining(fields::add);
    details.put("fields", fields);
    details.put("after", AlertJson.audited(saved.alert(), json));
    Requests.audit(ctx, audit, "alert.change", "alert", id.toString(), details);
    ctx.json(answer(saved));
  }

  void delete(Context ctx) {
    UUID id = Params.uuidPath(ctx, "id");
    Alert deleted = rules.delete(Requests.principal(ctx), id);
    Requests.audit(
        ctx, audit, "alert.delete", "alert", id.toString(), AlertJson.audited(deleted, json));
    ctx.status(204);
  }

  /**
   * {@code GET /api/v1/alerts/{id}/events}: fired, offline, cleared, acknowledged; newest first.
   */
  void events(Context ctx) {
    Params.allowOnly(ctx, List.of("limit", "offset"));
    UUID id = Params.uuidPath(ctx, "id");
    rules.find(Requests.principal(ctx), id);
    var paging = Paging.of(ctx);
    ctx.json(
        Map.of(
            "alert_id", id,
            "events", events.list(id, paging.limit(), paging.offset()),
            "limit", paging.limit(),
            "offset", paging.offset()));
  }

  /** {@code POST /api/v1/alerts/{id}/ack}: the owner has seen the triggered alert. */
  void acknowledge(Context ctx) {
    UUID id = Params.uuidPath(ctx, "id");
    var alert = rules.find(Requests.principal(ctx), id);
    var event = events.acknowledge(alert, Requests.principal(ctx).userId());
    Requests.audit(ctx, audit, "alert.ack", "alert", id.toString(), Map.of());
    ctx.json(event);
  }

  /** {@code GET /api/v1/alerts/{id}/deliveries}: the alert's delivery log, newest first. */
  void deliveries(Context ctx) {
    Params.allowOnly(ctx, List.of("limit"));
    UUID id = Params.uuidPath(ctx, "id");
    rules.find(Requests.principal(ctx), id);
    int limit = Paging.number(ctx, "limit", Paging.DEFAULT_LIMIT, 1, MAX_DELIVERIES);
    ctx.json(Map.of("alert_id", id, "deliveries", outbox.forAlert(id, limit), "limit", limit));
  }

  /**
   * {@code GET /api/v1/alerts/unsubscribe?alert=&email=&token=}: the link of an alert e-mail; a
   * wrong token or an unknown alert is 403.
   */
  void unsubscribe(Context ctx) {
    Params.allowOnly(ctx, List.of("alert", "email", "token"));
    UUID alert = Params.uuidQuery(ctx, "alert");
    String email = Params.text(ctx, "email", 254);
    String token = Params.text(ctx, "token", 64);
    if (alert == null || email == null || token == null) {
      throw InvalidInputException.parameter(
          alert == null ? "alert" : email == null ? "email" : "token",
          "the link needs the alert, email and token parameters: use it as the e-mail gave it");
    }
    boolean removed = unsubscribe.remove(alert, email, token);
    if (removed) {
      Requests.audit(
          ctx, audit, "alert.unsubscribe", "alert", alert.toString(), Map.of("email", email));
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("alert_id", alert);
    body.put("email", email);
    body.put("unsubscribed", true);
    body.put(
        "message",
        removed
            ? email + " gets no more e-mail from this alert"
            : email + " was not subscribed to this alert (any more)");
    ctx.json(body);
  }

  private ObjectNode answer(AlertRules.Saved saved) {
    var body = AlertJson.of(saved.alert(), json);
    body.set("webhook_secrets", json.valueToTree(saved.webhookSecrets()));
    return body;
  }
}
