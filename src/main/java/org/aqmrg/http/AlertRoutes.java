package org.aqmrg.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aqmrg.alerts.Alert;
import org.aqmrg.alerts.AlertEvents;
import org.aqmrg.alerts.AlertRules;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.error.ForbiddenException;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.identity.Principal;
import org.aqmrg.identity.Role;
import org.aqmrg.notify.Outbox;

/**
 * {@code /api/v1/alerts}: a signed-in user's alert rules, their events and deliveries; an admin's
 * view takes in everyone's. Someone else's alert answers 404.
 */
final class AlertRoutes {
  private final AlertRules rules;
  private final AlertEvents events;
  private final Outbox outbox;
  private final AuditLog audit;
  private final ObjectMapper json;

  AlertRoutes(
      AlertRules rules, AlertEvents events, Outbox outbox, AuditLog audit, ObjectMapper json) {
    this.rules = rules;
    this.events = events;
    this.outbox = outbox;
    this.audit = audit;
    this.json = json;
  }

  static AlertRules.Viewer viewer(Context ctx) {
    Principal principal = Requests.principal(ctx);
    return new AlertRules.Viewer(
        principal.userId(),
        principal.kind() == Principal.Kind.SESSION && principal.role() == Role.ADMIN);
  }

  void list(Context ctx) {
    Params.allowOnly(ctx, List.of("user_id", "limit", "offset"));
    var paging = Paging.of(ctx);
    var owner = Optional.ofNullable(Params.uuidQuery(ctx, "user_id"));
    ctx.json(
        Map.of(
            "alerts",
            rules.list(viewer(ctx), owner, paging.limit(), paging.offset()).stream()
                .map(AlertJson::of)
                .toList(),
            "limit",
            paging.limit(),
            "offset",
            paging.offset()));
  }

  void create(Context ctx) {
    var saved = rules.create(viewer(ctx), Json.read(ctx, json, JsonNode.class));
    Requests.audit(
        ctx, audit, "alert.create", "alert", saved.alert().id().toString(), summary(saved.alert()));
    ctx.status(201).json(answer(saved));
  }

  void get(Context ctx) {
    ctx.json(AlertJson.of(rules.find(viewer(ctx), UserRoutes.id(ctx))));
  }

  void change(Context ctx) {
    var id = UserRoutes.id(ctx);
    var saved = rules.change(viewer(ctx), id, Json.read(ctx, json, JsonNode.class));
    Requests.audit(ctx, audit, "alert.change", "alert", id.toString(), summary(saved.alert()));
    ctx.json(answer(saved));
  }

  void delete(Context ctx) {
    var id = UserRoutes.id(ctx);
    var deleted = rules.delete(viewer(ctx), id);
    Requests.audit(ctx, audit, "alert.delete", "alert", id.toString(), summary(deleted));
    ctx.status(204);
  }

  void events(Context ctx) {
    Params.allowOnly(ctx, List.of("limit", "offset"));
    var alert = rules.find(viewer(ctx), UserRoutes.id(ctx));
    var paging = Paging.of(ctx);
    ctx.json(
        Map.of(
            "events",
            events.list(alert.id(), paging.limit(), paging.offset()),
            "limit",
            paging.limit(),
            "offset",
            paging.offset()));
  }

  void acknowledge(Context ctx) {
    var alert = rules.find(viewer(ctx), UserRoutes.id(ctx));
    var event = events.acknowledge(alert, Requests.principal(ctx).userId());
    Requests.audit(ctx, audit, "alert.ack", "alert", alert.id().toString(), Map.of());
    ctx.json(event);
  }

  void deliveries(Context ctx) {
    Params.allowOnly(ctx, List.of("limit", "offset"));
    var alert = rules.find(viewer(ctx), UserRoutes.id(ctx));
    var paging = Paging.of(ctx);
    ctx.json(
        Map.of("deliveries", outbox.forAlert(alert.id(), paging.limit()), "limit", paging.limit()));
  }

  /** Public: the link of an alert e-mail. A wrong alert, address or token all answer 403 alike. */
  void unsubscribe(Context ctx) {
    Params.allowOnly(ctx, List.of("alert", "email", "token"));
    var alert = Params.uuidQuery(ctx, "alert");
    String email = Params.text(ctx, "email", 254);
    String token = Params.text(ctx, "token", 128);
    if (alert == null || email == null || token == null) {
      throw InvalidInputException.parameter(
          alert == null ? "alert" : email == null ? "email" : "token",
          "the link needs alert, email and token; open the link from the e-mail as it is");
    }
    if (!rules.unsubscribe(alert, email, token)) {
      throw new ForbiddenException(
          "this unsubscribe link is not valid (or the address was already removed)", Map.of());
    }
    ctx.json(Map.of("unsubscribed", email, "alert_id", alert.toString()));
  }

  private static Map<String, Object> answer(AlertRules.Saved saved) {
    var body = new LinkedHashMap<String, Object>();
    body.put("alert", AlertJson.of(saved.alert()));
    body.put("webhook_secrets", saved.webhookSecrets());
    return body;
  }

  /** What the audit trail keeps of an alert: never a secret. */
  private static Map<String, Object> summary(Alert alert) {
    var details = new LinkedHashMap<String, Object>();
    details.put("location_id", String.valueOf(alert.locationId()));
    details.put("kind", alert.kind().key());
    details.put("pollutant", alert.pollutant());
    details.put("threshold", alert.threshold());
    details.put("enabled", alert.enabled());
    details.put("webhooks", alert.channels().webhooks().size());
    details.put("emails", alert.channels().emails().size());
    return details;
  }
}
