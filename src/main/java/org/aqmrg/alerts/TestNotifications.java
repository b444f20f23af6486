package org.aqmrg.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aqmrg.db.Database;
import org.aqmrg.notify.Notification.Channel;
import org.aqmrg.notify.Outgoing;

/**
 * Test notifications of an alert ({@code ./aqmrg alerts test ID}): one per channel, sent at once
 * rather than through the outbox, so that an operator sees whether each receiver takes what the
 * platform sends. A test webhook has {@code "event": "test"} and is signed like any other.
 */
public final class TestNotifications {
  private final Database database;
  private final ObjectMapper json;

  public TestNotifications(Database database, ObjectMapper json) {
    this.database = database;
    this.json = json;
  }

  /** The alert, or empty when there is none with that id. */
  public Optional<Alert> alert(UUID id) {
    return database.withHandle(
        "reading an alert",
        handle ->
            handle
                .createQuery("SELECT " + AlertRows.COLUMNS + " FROM alerts a WHERE a.id = ?")
                .bind(0, id)
                .map((rows, context) -> AlertRows.alert(rows, json))
                .findOne());
  }

  /** One test notification per webhook and e-mail of {@code alert}, each with a new id. */
  public List<Outgoing> of(Alert alert) {
    var outgoing = new ArrayList<Outgoing>();
    String name = alert.name() == null ? alert.id().toString() : alert.name();
    for (Channels.Webhook webhook : alert.channels().webhooks()) {
      var body = new LinkedHashMap<String, Object>();
      body.put("alert_id", alert.id().toString());
      body.put("alert_name", name);
      body.put("event", "test");
      body.put("occurred_at", Instant.now().toString());
      body.put("location", Map.of("id", alert.locationId().toString()));
      body.put("pollutant", alert.pollutant());
      body.put("measure", alert.measure().key());
      body.put("threshold", alert.threshold());
      body.put("state", alert.state().key());
      body.put("details", Map.of("test", true));
      outgoing.add(
          new Outgoing(
              UUID.randomUUID(),
              alert.id(),
              Channel.WEBHOOK,
              webhook.url(),
              webhook.id(),
              write(body),
              0));
    }
    for (String email : alert.channels().emails()) {
      var text =
          "This is a test notification of the alert \"%s\" (%s) of the AQMRG air-quality platform."
                  .formatted(name, alert.id())
              + "\n\nNothing happened at the location: an operator checked that e-mail reaches you."
              + "\nWhen the alert fires, a message like this one says what, where, the value and"
              + " the threshold.\n";
      var payload = Map.of("subject", "AQMRG test notification: " + name, "text", text);
      outgoing.add(
          new Outgoing(
              UUID.randomUUID(), alert.id(), Channel.EMAIL, email, null, write(payload), 0));
    }
    return outgoing;
  }

  private String write(Object payload) {
    try {
      return json.writeValueAsString(payload);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("maps of strings and numbers are always serialisable", e);
    }
  }
}
