package org.aqmrg.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aqmrg.notify.Notification;
import org.aqmrg.readings.Field;

/**
 * What an alert event says to each of its channels: the webhook's JSON body and the e-mail's
 * subject and plain text (what happened, where, the value with its unit, the threshold, when, and
 * how to stop the e-mails).
 */
final class Messages {
  private final ObjectMapper json;
  private final Optional<String> publicUrl;

  Messages(ObjectMapper json, Optional<String> publicUrl) {
    this.json = json;
    this.publicUrl = publicUrl;
  }

  /** An event as the messages tell it. */
  record Event(
      long id,
      String kind,
      Instant at,
      Double value,
      String locationName,
      Map<String, Object> details) {}

  List<Notification> of(Alert alert, Event event, String unsubscribeKey) {
    var out = new ArrayList<Notification>();
    String body = webhookBody(alert, event);
    for (var hook : alert.channels().webhooks()) {
      out.add(
          new Notification(
              alert.id(),
              event.id(),
              event.at(),
              Notification.Channel.WEBHOOK,
              hook.url(),
              hook.id(),
              body));
    }
    for (String email : alert.channels().emails()) {
      out.add(
          new Notification(
              alert.id(),
              event.id(),
              event.at(),
              Notification.Channel.EMAIL,
              email,
              null,
              email(alert, event, email, unsubscribeKey)));
    }
    return out;
  }

  String webhookBody(Alert alert, Event event) {
    ObjectNode body = json.createObjectNode();
    body.put("alert_id", alert.id().toString());
    body.put("alert_name", alert.name());
    body.put("event_id", event.id());
    body.put("event", event.kind());
    body.put("occurred_at", event.at().toString());
    var location = body.putObject("location");
    location.put("id", alert.locationId().toString());
    location.put("name", event.locationName());
    body.put("kind", alert.kind().key());
    if (alert.kind() == Alert.Kind.THRESHOLD) {
      body.put("pollutant", alert.pollutant());
      body.put("measure", alert.measure().key());
      if (event.value() != null) {
        body.put("value", event.value());
      } else {
        body.putNull("value");
      }
      body.put("threshold", alert.threshold());
      body.put("unit", unit(alert));
    } else {
      body.put("offline_after_s", alert.offlineAfter().toSeconds());
    }
    body.put("state", event.kind().equals("cleared") ? "normal" : "triggered");
    body.set("details", json.valueToTree(event.details()));
    return body.toString();
  }

  private String email(Alert alert, Event event, String to, String unsubscribeKey) {
    String where = event.locationName() != null ? event.locationName() : alert.locationId() + "";
    String what = alert.name() != null ? alert.name() : describe(alert);
    String subject =
        switch (event.kind()) {
          case "fired" -> "Alert: " + what + " at " + where;
          case "offline" -> "Offline: no data from " + where;
          case "cleared" -> "Cleared: " + what + " at " + where;
          default -> "Alert " + event.kind() + ": " + what + " at " + where;
        };
    var text = new StringBuilder();
    text.append(subject).append("\n\n");
    if (alert.kind() == Alert.Kind.THRESHOLD) {
      text.append(alert.pollutant()).append(" (").append(alert.measure().key()).append(") ");
      text.append(event.kind().equals("cleared") ? "is back below " : "went above ");
      text.append(number(alert.threshold())).append(' ').append(unit(alert)).append(".\n");
      if (event.value() != null) {
        text.append("Value: ").append(number(event.value())).append(' ').append(unit(alert));
        text.append('\n');
      }
      text.append("Threshold: ").append(number(alert.threshold())).append(' ');
      text.append(unit(alert)).append('\n');
    } else {
      text.append(
          event.kind().equals("cleared")
              ? "Data is arriving again.\n"
              : "Nothing was received for " + alert.offlineAfter().toMinutes() + " minutes.\n");
    }
    text.append("Location: ").append(where).append('\n');
    text.append("When: ").append(event.at()).append(" (UTC)\n\n");
    var link = Unsubscribe.link(publicUrl, alert.id(), unsubscribeKey, to);
    text.append("You receive this because ").append(to).append(" is a recipient of alert ");
    text.append(alert.id()).append(".\n");
    text.append(
        link.map(url -> "To stop these e-mails, open " + url + "\n")
            .orElse(
                "To stop these e-mails, ask the alert's owner to remove your address, or disable"
                    + " the alert (PATCH /api/v1/alerts/"
                    + alert.id()
                    + " with {\"enabled\": false}).\n"));
    ObjectNode payload = json.createObjectNode();
    payload.put("subject", subject);
    payload.put("text", text.toString());
    link.ifPresent(url -> payload.put("unsubscribe_url", url));
    return payload.toString();
  }

  private static String describe(Alert alert) {
    return alert.kind() == Alert.Kind.OFFLINE
        ? "sensor offline"
        : alert.pollutant() + " above " + number(alert.threshold());
  }

  static String unit(Alert alert) {
    if (alert.measure() == Alert.Measure.NOWCAST_AQI) {
      return "AQI";
    }
    return Field.of(alert.pollutant()).map(Field::unit).orElse("");
  }

  private static String number(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? String.valueOf((long) value)
        : String.valueOf(Math.round(value * 100) / 100.0);
  }
}
