package org.aqmrg.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aqmrg.config.AlertSettings;
import org.aqmrg.db.Database;
import org.aqmrg.error.ConflictException;
import org.aqmrg.error.NotFoundException;
import org.aqmrg.notify.WebhookTargets;
import org.aqmrg.registry.RegistryLookup;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The alert rules of the seed's {@code alerts} table: their owner creates, lists, changes and
 * deletes them, an admin any of them; someone else's alert is not found, so its existence does not
 * leak. Each webhook gets its own signing secret, returned once by the call that added it and kept
 * in {@code alert_webhook_secrets}.
 */
public final class AlertRules {
  private static final String RULE =
      "name, location_id, kind, pollutant, measure, threshold, for_s, clear_deadband,"
          + " clear_for_s, sensor_id, offline_after_s, enabled, notification_channels";

  /** Who asks: the signed-in user, and whether an admin. */
  public record Viewer(UUID userId, boolean admin) {}

  /** An alert as saved, with the secrets of the webhooks this call added (webhook id → secret). */
  public record Saved(Alert alert, Map<String, String> webhookSecrets) {}

  private final Database database;
  private final ObjectMapper json;
  private final AlertChecks checks;
  private final AlertListener listener;
  private final int maxPerUser;

  /** The rules as the platform runs them: at most 200 alerts per user. */
  public static AlertRules of(
      Database database,
      ObjectMapper json,
      RegistryLookup registry,
      AlertSettings settings,
      AlertListener listener) {
    var checks =
        new AlertChecks(
            registry::sensorsAt,
            new WebhookTargets(settings.webhookAllowedNetworks()),
            settings.smtp().isPresent());
    return new AlertRules(database, json, checks, listener, 200);
  }

  AlertRules(
      Database database,
      ObjectMapper json,
      AlertChecks checks,
      AlertListener listener,
      int maxPerUser) {
    this.database = database;
    this.json = json;
    this.checks = checks;
    this.listener = listener;
    this.maxPerUser = maxPerUser;
  }

  public Saved create(Viewer viewer, JsonNode body) {
    var alert = withWebhookIds(normalised(AlertInput.apply(blank(viewer.userId()), body)));
    var secrets = new LinkedHashMap<String, String>();
    UUID id =
        database.inTransaction(
            "creating an alert",
            handle -> {
              // The owner's row is locked so that two creations at once cannot pass the limit.
              handle
                  .createQuery("SELECT 1 FROM users WHERE id = ? FOR UPDATE")
                  .bind(0, viewer.userId())
                  .mapTo(Integer.class)
                  .findOne();
              int count =
                  handle
                      .createQuery("SELECT count(*) FROM alerts WHERE user_id = ?")
                      .bind(0, viewer.userId())
                      .mapTo(Integer.class)
                      .one();
              if (count >= maxPerUser) {
                throw new ConflictException(
                    "a user has at most " + maxPerUser + " alerts; delete one first",
                    Map.of("limit", maxPerUser));
              }
              var insert =
                  handle.createQuery(
                      "INSERT INTO alerts ("
                          + RULE
                          + ", user_id) VALUES"
                          + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) RETURNING id");
              bindRule(insert, alert).bind(13, viewer.userId());
              UUID created = insert.mapTo(UUID.class).one();
              secrets.putAll(WebhookSecrets.store(handle, created, alert.channels()));
              return created;
            });
    listener.changed(id);
    return new Saved(get(id), secrets);
  }

  public List<Alert> list(Viewer viewer, Optional<UUID> owner, int limit, int offset) {
    Optional<UUID> only = viewer.admin() ? owner : Optional.of(viewer.userId());
    return database.withHandle(
        "listing alerts",
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + AlertRows.COLUMNS
                        + " FROM alerts a"
                        + " WHERE (?::uuid IS NULL OR a.user_id = ?::uuid)"
                        + " ORDER BY a.created_at, a.id LIMIT ? OFFSET ?")
                .bind(0, only.orElse(null))
                .bind(1, only.orElse(null))
                .bind(2, limit)
                .bind(3, offset)
                .map((rows, context) -> AlertRows.alert(rows, json))
                .list());
  }

  /** The alert, when it exists and {@code viewer} may see it; else not found. */
  public Alert find(Viewer viewer, UUID id) {
    return load(id)
        .filter(alert -> viewer.admin() || alert.userId().equals(viewer.userId()))
        .orElseThrow(() -> NotFoundException.of("alert", id.toString()));
  }

  /** The properties of {@code body} changed; the webhooks it adds get their secrets. */
  public Saved change(Viewer viewer, UUID id, JsonNode body) {
    var before = find(viewer, id);
    var alert = withWebhookIds(normalised(AlertInput.apply(before, body)));
    var secrets =
        database.inTransaction(
            "changing alert " + id,
            handle -> {
              var update =
                  handle.createUpdate(
                      "UPDATE alerts SET ("
                          + RULE
                          + ", pending_since) ="
                          + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, NULL) WHERE id = ?");
              bindRule(update, alert).bind(13, id);
              if (update.execute() == 0) {
                throw NotFoundException.of("alert", id.toString());
              }
              var kept = alert.channels().webhooks().stream().map(Channels.Webhook::id).toList();
              handle
                  .createUpdate(
                      "DELETE FROM alert_webhook_secrets WHERE alert_id = ?"
                          + " AND NOT (webhook_id = ANY(?))")
                  .bind(0, id)
                  .bind(1, kept.toArray(String[]::new))
                  .execute();
              return WebhookSecrets.store(handle, id, alert.channels());
            });
    listener.changed(id);
    return new Saved(get(id), secrets);
  }

  public Alert delete(Viewer viewer, UUID id) {
    var alert = find(viewer, id);
    database.useHandle(
        "deleting alert " + id,
        handle -> handle.createUpdate("DELETE FROM alerts WHERE id = ?").bind(0, id).execute());
    listener.changed(id);
    return alert;
  }

  /**
   * Takes {@code email} off the alert when {@code token} is its unsubscribe token; false when the
   * alert, the address or the token is not right (which of them is not told).
   */
  public boolean unsubscribe(UUID id, String email, String token) {
    var key = unsubscribeKey(id);
    var alert = load(id);
    if (key.isEmpty() || alert.isEmpty() || !Unsubscribe.matches(key.get(), email, token)) {
      return false;
    }
    var channels = alert.get().channels();
    var emails = channels.emails().stream().filter(e -> !e.equalsIgnoreCase(email)).toList();
    if (emails.size() == channels.emails().size()) {
      return false;
    }
    var remaining = AlertRows.channelsJson(new Channels(channels.webhooks(), emails), json);
    database.useHandle(
        "unsubscribing from alert " + id,
        handle ->
            handle
                .createUpdate("UPDATE alerts SET notification_channels = ?::jsonb WHERE id = ?")
                .bind(0, remaining)
                .bind(1, id)
                .execute());
    listener.changed(id);
    return true;
  }

  /** The key of the alert's unsubscribe tokens. */
  public Optional<String> unsubscribeKey(UUID id) {
    return database.withHandle(
        "reading an alert's unsubscribe key",
        handle ->
            handle
                .createQuery("SELECT unsubscribe_key FROM alerts WHERE id = ?")
                .bind(0, id)
                .mapTo(String.class)
                .findOne());
  }

  Optional<Alert> load(UUID id) {
    return database.withHandle(
        "reading alert " + id,
        handle ->
            handle
                .createQuery("SELECT " + AlertRows.COLUMNS + " FROM alerts a WHERE a.id = ?")
                .bind(0, id)
                .map((rows, context) -> AlertRows.alert(rows, json))
                .findOne());
  }

  private Alert get(UUID id) {
    return load(id).orElseThrow(() -> NotFoundException.of("alert", id.toString()));
  }

  /** Checked; an offline alert watches no pollutant and has no threshold. */
  private Alert normalised(Alert alert) {
    if (alert.kind() == Alert.Kind.THRESHOLD && Double.isNaN(alert.threshold())) {
      throw org.aqmrg.error.InvalidInputException.field("threshold", "threshold is required");
    }
    if (alert.kind() == Alert.Kind.OFFLINE) {
      alert =
          new Alert(
              alert.id(),
              alert.userId(),
              alert.name(),
              alert.locationId(),
              alert.kind(),
              Alert.ANY_POLLUTANT,
              Alert.Measure.LATEST,
              0,
              Duration.ZERO,
              0,
              Duration.ZERO,
              alert.sensorId(),
              alert.offlineAfter(),
              alert.enabled(),
              alert.channels(),
              alert.state(),
              alert.stateChangedAt(),
              alert.pendingSince(),
              alert.acknowledgedAt(),
              alert.acknowledgedBy(),
              alert.createdAt(),
              alert.updatedAt());
    }
    checks.check(alert);
    return alert;
  }

  private <S extends SqlStatement<S>> S bindRule(S statement, Alert alert) {
    return statement
        .bind(0, alert.name())
        .bind(1, alert.locationId())
        .bind(2, alert.kind().key())
        .bind(3, alert.pollutant())
        .bind(4, alert.measure().key())
        .bind(5, alert.threshold())
        .bind(6, (int) alert.holdFor().toSeconds())
        .bind(7, alert.clearDeadband())
        .bind(8, (int) alert.clearFor().toSeconds())
        .bind(9, alert.sensorId())
        .bind(10, alert.offlineAfter() == null ? null : (int) alert.offlineAfter().toSeconds())
        .bind(11, alert.enabled())
        .bind(12, AlertRows.channelsJson(alert.channels(), json));
  }

  private static Alert blank(UUID owner) {
    return new Alert(
        null,
        owner,
        null,
        null,
        Alert.Kind.THRESHOLD,
        null,
        Alert.Measure.LATEST,
        Double.NaN,
        Duration.ZERO,
        0,
        Duration.ZERO,
        null,
        null,
        true,
        Channels.NONE,
        Alert.State.NORMAL,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** Webhooks new to the alert get an id. */
  private static Alert withWebhookIds(Alert alert) {
    var hooks = new ArrayList<Channels.Webhook>();
    for (var hook : alert.channels().webhooks()) {
      hooks.add(
          hook.id() != null
              ? hook
              : new Channels.Webhook("wh_" + WebhookSecrets.random(9), hook.url()));
    }
    return alert.withChannels(new Channels(hooks, alert.channels().emails()));
  }
}
