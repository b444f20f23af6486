package org.aqmrg.notify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.aqmrg.config.Settings;
import org.aqmrg.db.Database;
import org.aqmrg.db.Migrations;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.notify.Notification.Channel;
import org.aqmrg.testing.TestServers;

/**
 * A fresh migrated database with one user, one location and one alert, whose outbox tests fill with
 * {@link Outbox#enqueue} as a transition would.
 */
public final class OutboxFixture implements AutoCloseable {
  public final String name;
  final RelationalDatabase database;
  final Outbox outbox;
  public final UUID alertId;

  public OutboxFixture(String purpose) {
    name = TestServers.createDatabase(purpose);
    database = RelationalDatabase.open(Settings.from(TestServers.platformEnv(name)));
    new Migrations(database.dataSource()).migrate();
    outbox = new Outbox(sql());
    alertId =
        sql()
            .inTransaction(
                "inserting an alert",
                handle -> {
                  UUID user =
                      handle
                          .createQuery(
                              "INSERT INTO users (email, password_hash)"
                                  + " VALUES ('owner@example.org', 'x') RETURNING id")
                          .mapTo(UUID.class)
                          .one();
                  UUID location =
                      handle
                          .createQuery(
                              "INSERT INTO locations (name, city, country, latitude, longitude)"
                                  + " VALUES ('Ikeja school', 'Lagos', 'NG', 6.6, 3.35)"
                                  + " RETURNING id")
                          .mapTo(UUID.class)
                          .one();
                  return handle
                      .createQuery(
                          "INSERT INTO alerts (user_id, location_id, name, pollutant, threshold)"
                              + " VALUES (?, ?, 'PM2.5 at Ikeja', 'pm25', 35) RETURNING id")
                      .bind(0, user)
                      .bind(1, location)
                      .mapTo(UUID.class)
                      .one();
                });
  }

  public Database sql() {
    return database.sql();
  }

  /** Stores the webhook's signing secret as the alerts API would. */
  public void secret(String webhookId, String secret) {
    sql()
        .useHandle(
            "storing a secret",
            handle ->
                handle.execute(
                    "INSERT INTO alert_webhook_secrets (alert_id, webhook_id, secret)"
                        + " VALUES (?, ?, ?)",
                    alertId,
                    webhookId,
                    secret));
  }

  /** The webhooks' secrets as stored, for the sender. */
  SigningSecrets secrets() {
    return (alert, webhook) ->
        sql()
            .withHandle(
                "reading a secret",
                handle ->
                    handle
                        .createQuery(
                            "SELECT secret FROM alert_webhook_secrets"
                                + " WHERE alert_id = ? AND webhook_id = ?")
                        .bind(0, alert)
                        .bind(1, webhook)
                        .mapTo(String.class)
                        .findOne());
  }

  /** Enqueues one webhook notification per url in one transaction; returns their delivery ids. */
  List<UUID> webhooks(String webhookId, String payload, String... urls) {
    var notifications = new ArrayList<Notification>();
    for (String url : urls) {
      notifications.add(
          new Notification(alertId, 1, Instant.now(), Channel.WEBHOOK, url, webhookId, payload));
    }
    return enqueue(notifications);
  }

  List<UUID> emails(String payload, String... addresses) {
    var notifications = new ArrayList<Notification>();
    for (String address : addresses) {
      notifications.add(
          new Notification(alertId, 1, Instant.now(), Channel.EMAIL, address, null, payload));
    }
    return enqueue(notifications);
  }

  /** The ids in the order of {@code notifications}, whose targets differ. */
  private List<UUID> enqueue(List<Notification> notifications) {
    return sql()
        .inTransaction(
            "enqueueing",
            handle -> {
              Outbox.enqueue(handle, notifications);
              // now() is the transaction's start: the rows just inserted, no others
              var ids =
                  handle
                      .createQuery(
                          "SELECT target, id FROM alert_deliveries WHERE created_at = now()")
                      .map(
                          (rows, context) ->
                              Map.entry(rows.getString(1), rows.getObject(2, UUID.class)))
                      .list()
                      .stream()
                      .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
              return notifications.stream().map(n -> ids.get(n.target())).toList();
            });
  }

  /** The delivery log row of {@code id}. */
  Delivery delivery(UUID id) {
    return outbox.forAlert(alertId, 10_000).stream()
        .filter(d -> d.id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Override
  public void close() {
    database.close();
  }
}
