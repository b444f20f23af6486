package org.aqmrg.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.aqmrg.error.InvalidInputException;

/**
 * Reads the JSON body of a create or a change into an {@link Alert}: only the properties the body
 * gives change, each checked for its type here (a 400 naming it); whether the whole makes sense is
 * {@link AlertChecks}' to say.
 */
final class AlertInput {
  static final Set<String> PROPERTIES =
      Set.of(
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
          "enabled",
          "notification_channels");

  private AlertInput() {}

  /** {@code base} with the properties of {@code body} applied. */
  static Alert apply(Alert base, JsonNode body) {
    if (body == null || !body.isObject()) {
      throw InvalidInputException.field("body", "the body must be a JSON object");
    }
    body.fieldNames()
        .forEachRemaining(
            name -> {
              if (!PROPERTIES.contains(name)) {
                throw InvalidInputException.field(
                    name, "unknown property " + name, Map.of("allowed", PROPERTIES));
              }
            });
    var a = base;
    var o = (ObjectNode) body;
    String kind = text(o, "kind", a.kind().key());
    var parsedKind =
        Alert.Kind.of(kind)
            .orElseThrow(() -> InvalidInputException.field("kind", "kind is threshold or offline"));
    String measure = text(o, "measure", a.measure().key());
    var parsedMeasure =
        Alert.Measure.of(measure)
            .orElseThrow(
                () ->
                    InvalidInputException.field(
                        "measure", "measure is latest, hourly_mean or nowcast_aqi"));
    Integer offlineAfter =
        o.has("offline_after_s")
            ? integer(o, "offline_after_s")
            : a.offlineAfter() == null ? null : (int) a.offlineAfter().toSeconds();
    return new Alert(
        a.id(),
        a.userId(),
        text(o, "name", a.name()),
        o.has("location_id") ? uuid(o, "location_id") : a.locationId(),
        parsedKind,
        text(o, "pollutant", a.pollutant()),
        parsedMeasure,
        o.has("threshold") ? number(o, "threshold") : a.threshold(),
        o.has("for_s") ? seconds(o, "for_s") : a.holdFor(),
        o.has("clear_deadband") ? number(o, "clear_deadband") : a.clearDeadband(),
        o.has("clear_for_s") ? seconds(o, "clear_for_s") : a.clearFor(),
        text(o, "sensor_id", a.sensorId()),
        offlineAfter == null ? null : Duration.ofSeconds(offlineAfter),
        o.has("enabled") ? bool(o, "enabled") : a.enabled(),
        o.has("notification_channels")
            ? channels(o.get("notification_channels"), a.channels())
            : a.channels(),
        a.state(),
        a.stateChangedAt(),
        a.pendingSince(),
        a.acknowledgedAt(),
        a.acknowledgedBy(),
        a.createdAt(),
        a.updatedAt());
  }

  private static String text(ObjectNode o, String name, String fallback) {
    if (!o.has(name)) {
      return fallback;
    }
    var node = o.get(name);
    if (node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw InvalidInputException.field(name, name + " must be a string");
    }
    return node.asText();
  }

  private static UUID uuid(ObjectNode o, String name) {
    String text = text(o, name, null);
    try {
      return text == null ? null : UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.field(name, name + " must be a UUID, got '" + text + "'");
    }
  }

  private static double number(ObjectNode o, String name) {
    var node = o.get(name);
    if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
      throw InvalidInputException.field(name, name + " must be a number");
    }
    return node.asDouble();
  }

  private static Integer integer(ObjectNode o, String name) {
    var node = o.get(name);
    if (node.isNull()) {
      return null;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      throw InvalidInputException.field(name, name + " must be a whole number of seconds");
    }
    return node.asInt();
  }

  private static Duration seconds(ObjectNode o, String name) {
    Integer value = integer(o, name);
    if (value == null) {
      throw InvalidInputException.field(name, name + " must be a whole number of seconds");
    }
    return Duration.ofSeconds(value);
  }

  private static boolean bool(ObjectNode o, String name) {
    var node = o.get(name);
    if (!node.isBoolean()) {
      throw InvalidInputException.field(name, name + " must be true or false");
    }
    return node.asBoolean();
  }

  /**
   * The channels of the body; a webhook whose url the alert already has keeps its id (and so its
   * secret), a new url gets a new id.
   */
  static Channels channels(JsonNode node, Channels before) {
    String field = "notification_channels";
    if (node.isNull()) {
      return Channels.NONE;
    }
    if (!node.isObject()) {
      throw InvalidInputException.field(
          field,
          field
              + " must be an object such as {\"webhooks\": [{\"url\": \"https://…\"}],"
              + " \"emails\": [\"someone@example.org\"]}");
    }
    var names = new ArrayList<String>();
    node.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      if (!name.equals("webhooks") && !name.equals("emails")) {
        throw InvalidInputException.field(
            field + "." + name, "unknown channel " + name + "; use webhooks or emails");
      }
    }
    var webhooks = new ArrayList<Channels.Webhook>();
    var hooks = node.path("webhooks");
    if (!hooks.isMissingNode() && !hooks.isArray()) {
      throw InvalidInputException.field(field + ".webhooks", "webhooks must be an array");
    }
    for (int i = 0; i < hooks.size(); i++) {
      String at = field + ".webhooks[" + i + "]";
      var hook = hooks.get(i);
      if (!hook.isObject() || !hook.path("url").isTextual() || hook.size() != 1) {
        throw InvalidInputException.field(
            at, at + " must be an object with one property, url, a string");
      }
      String url = hook.get("url").asText();
      String id =
          before.webhooks().stream()
              .filter(w -> w.url().equals(url))
              .map(Channels.Webhook::id)
              .findFirst()
              .orElse(null);
      webhooks.add(new Channels.Webhook(id, url));
    }
    var emails = new ArrayList<String>();
    var mails = node.path("emails");
    if (!mails.isMissingNode() && !mails.isArray()) {
      throw InvalidInputException.field(field + ".emails", "emails must be an array of strings");
    }
    for (int i = 0; i < mails.size(); i++) {
      if (!mails.get(i).isTextual()) {
        throw InvalidInputException.field(
            field + ".emails[" + i + "]", "an e-mail address must be a string");
      }
      emails.add(mails.get(i).asText());
    }
    return new Channels(List.copyOf(webhooks), List.copyOf(emails));
  }
}
