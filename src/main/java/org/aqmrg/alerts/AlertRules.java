package org.aqmrg.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aqmrg.db.Database;
import org.aqmrg.error.ConflictException;
import org.aqmrg.error.ForbiddenException;
import org.aqmrg.error.NotFoundException;
import org.aqmrg.identity.Principal;
import org.aqmrg.identity.Role;
import org.aqmrg.notify.SigningSecrets;
import org.jdbi.v3.core.Handle;

/**
 * The alert rules of table {@code alerts}: a user creates, lists, reads, changes and deletes their
 * own; an admin all of them. Someone else's alert is answered as unknown (404), so that its
 * existence does not leak. A webhook's signing secret is made when the webhook is first saved and
 * returned only in that answer ({@link Saved#webhookSecrets}); a webhook whose URL a change keeps
 * keeps its id and secret. After each committed change the {@link AlertListener} is told.
 */
public final class AlertRules implements SigningSecrets {
  /** How many alerts one user may have. */
  public static final int MAX_PER_USER = 200;

  private final Database database;
  private final ObjectMapper json;
  private final ChannelChecks channels;
  private final AlertListener listener;
  private final int maxPerUser;
  private final WebhookSecrets secrets = new WebhookSecrets();

  public AlertRules(
      Database database,
      ObjectMapper json,
      ChannelChecks channels,
      AlertListener listener,
      int maxPerUser) {
    this.database = database;
    this.json = json;
    this.channels = channels;
    this.listener = listener;
    this.maxPerUser = maxPerUser;
  }

  /**
   * An alert as saved, and the secrets of the webhooks this save created (webhook id to {@code
   * whsec_…}), shown to the caller this once.
   */
  public record Saved(Alert alert, Map<String, String> webhookSecrets) {}

  /**
   * Creates an alert owned by the caller from the JSON of a create; 400 naming the field for bad
   * input, 409 when the caller has {@code maxPerUser} alerts already.
   */
  public Saved create(Principal caller, ObjectNode body) {
    UUID owner =
        caller
            .user()
            .orElseThrow(
                () -> new ForbiddenException("alerts belong to a user: sign in as one", Map.of()));
    AlertDraft parsed = AlertDraft.parse(body);
    var requested = channels.check(body.get(AlertDraft.CHANNELS));
    Saved saved =
        database.inTransaction(
            "creating an alert",
            handle -> {
              // Locks the owner's row so that two creates at once cannot both pass the limit.
              handle
                  .createQuery("SELECT id FROM users WHERE id = ? FOR UPDATE")
                  .bind(0, owner)
                  .mapTo(UUID.class)
                  .one();
              long count =
                  handle
                      .createQuery("SELECT count(*) FROM alerts WHERE user_id = ?")
                      .bind(0, owner)
                      .mapTo(Long.class)
                      .one();
              if (count >= maxPerUser) {
                throw ConflictException.on(
                    "user_id",
                    "a user may have at most " + maxPerUser + " alerts; delete one first");
              }
              AlertDraft rule = AlertValidator.check(parsed, new HandlePlaces(handle));
              var made = secrets.assign(Channels.NONE, requested);
              UUID id =
                  RuleColumns.bind(
                          handle.createQuery(
                              "INSERT INTO alerts (name, location_id, kind, pollutant, measure,"
                                  + " threshold, for_s, clear_deadband, clear_for_s, sensor_id,"
                                  + " offline_after_s, enabled, notification_channels, user_id)"
                                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)"
                                  + " RETURNING id"),
                          rule,
                          made.channels(),
                          json)
                      .bind(13, owner)
                      .mapTo(UUID.class)
                      .one();
              WebhookSecrets.store(handle, id, made.secrets());
              return new Saved(read(handle, id, false).orElseThrow(), made.secrets());
            });
    listener.changed(saved.alert().id());
    return saved;
  }

  /**
   * The caller's alerts, oldest first; an admin's are everyone's, or {@code userId}'s when given. A
   * non-admin asking for another user's gets 403.
   */
  public List<Alert> list(Principal caller, UUID userId, int limit, int offset) {
    UUID owner = userId;
    if (!admin(caller)) {
      if (userId != null && !userId.equals(caller.userId())) {
        throw new ForbiddenException(
            "only an admin lists the alerts of other users", Map.of("parameter", "user_id"));
      }
      owner = caller.userId();
    }
    UUID filter = owner;
    return database.withHandle(
        "listing alerts",
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + AlertRows.COLUMNS
                        + " FROM alerts a WHERE (CAST(? AS uuid) IS NULL OR a.user_id = ?)"
                        + " ORDER BY a.created_at, a.id LIMIT ? OFFSET ?")
                .bind(0, filter)
                .bind(1, filter)
                .bind(2, limit)
                .bind(3, offset)
                .map((rows, context) -> AlertRows.alert(rows, json))
                .list());
  }

  /** The alert, if the caller may see it; else 404 as for an unknown id. */
  public Alert find(Principal caller, UUID id) {
    return visible(
        caller, id, database.withHandle("reading alert " + id, handle -> read(handle, id, false)));
  }

  /**
   * Changes the fields {@code patch} gives, the others kept, and checks the rule as a whole. Given
   * channels replace the stored ones, each URL checked anew; a kept URL keeps its webhook id and
   * secret, a new one gets new ones. A changed rule restarts any duration running toward a
   * transition.
   */
  public Saved change(Principal caller, UUID id, ObjectNode patch) {
    // Resolving the webhooks' hosts takes time: done before the row is locked.
    var requested =
        patch.has(AlertDraft.CHANNELS) ? channels.check(patch.get(AlertDraft.CHANNELS)) : null;
    Saved saved =
        database.inTransaction(
            "changing alert " + id,
            handle -> {
              Alert stored = visible(caller, id, read(handle, id, true));
              AlertDraft rule =
                  AlertValidator.check(
                      AlertDraft.parse(AlertDraft.patched(AlertDraft.fields(stored, json), patch)),
                      new HandlePlaces(handle));
              var made =
                  requested == null
                      ? new WebhookSecrets.Made(stored.channels(), Map.of())
                      : secrets.assign(stored.channels(), requested);
              RuleColumns.bind(
                      handle.createUpdate(
                          "UPDATE alerts SET name = ?, location_id = ?, kind = ?, pollutant = ?,"
                              + " measure = ?, threshold = ?, for_s = ?, clear_deadband = ?,"
                              + " clear_for_s = ?, sensor_id = ?, offline_after_s = ?,"
                              + " enabled = ?, notification_channels = ?::jsonb,"
                              + " pending_since = NULL WHERE id = ?"),
                      rule,
                      made.channels(),
                      json)
                  .bind(13, id)
                  .execute();
              WebhookSecrets.keepOnly(handle, id, made.channels());
              WebhookSecrets.store(handle, id, made.secrets());
              return new Saved(read(handle, id, false).orElseThrow(), made.secrets());
            });
    listener.changed(id);
    return saved;
  }

  /** Deletes the alert with its secrets and delivery log; its events stay. */
  public Alert delete(Principal caller, UUID id) {
    Alert deleted =
        database.inTransaction(
            "deleting alert " + id,
            handle -> {
              Alert stored = visible(caller, id, read(handle, id, true));
              handle.createUpdate("DELETE FROM alerts WHERE id = ?").bind(0, id).execute();
              return stored;
            });
    listener.changed(id);
    return deleted;
  }

  @Override
  public Optional<String> secret(UUID alertId, String webhookId) {
    return database.withHandle(
        "reading a webhook secret of alert " + alertId,
        handle ->
            handle
                .createQuery(
                    "SELECT secret FROM alert_webhook_secrets WHERE alert_id = ? AND webhook_id = ?")
                .bind(0, alertId)
                .bind(1, webhookId)
                .mapTo(String.class)
                .findOne());
  }

  /** Admins manage every alert; an operator at the command line counts as one. */
  static boolean admin(Principal caller) {
    return caller.role() == Role.ADMIN;
  }

  private static Alert visible(Principal caller, UUID id, Optional<Alert> alert) {
    return alert
        .filter(a -> admin(caller) || a.userId().equals(caller.userId()))
        .orElseThrow(() -> NotFoundException.of("alert", id.toString()));
  }

  private Optional<Alert> read(Handle handle, UUID id, boolean lock) {
    return handle
        .createQuery(
            "SELECT "
                + AlertRows.COLUMNS
                + " FROM alerts a WHERE a.id = ?"
                + (lock ? " FOR UPDATE" : ""))
        .bind(0, id)
        .map((rows, context) -> AlertRows.alert(rows, json))
        .findOne();
  }
}
