package org.aqmrg.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aqmrg.cache.Cache;
import org.aqmrg.db.Database;
import org.aqmrg.notify.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes an alert's state, once: the change is a conditional UPDATE of its row ({@code WHERE state
 * = <the state it had>}), so of two instances that decide the same change only one row matches and
 * only one event is written. The event and its notifications are inserted in the same transaction,
 * so a crash after the change loses none of them; then the seed's {@code alert:{id}:state} follows
 * in the cache and the sender is woken.
 */
final class Transitions {
  private static final Logger log = LoggerFactory.getLogger(Transitions.class);

  private final Database database;
  private final Cache cache;
  private final Messages messages;
  private final ObjectMapper json;
  private final Runnable wake;

  Transitions(Database database, Cache cache, Messages messages, ObjectMapper json, Runnable wake) {
    this.database = database;
    this.cache = cache;
    this.messages = messages;
    this.json = json;
    this.wake = wake;
  }

  /**
   * Moves {@code alert} to {@code to} with the value and details that caused it; empty when another
   * instance (or a change of the rule) got there first.
   */
  Optional<Alert> change(
      Alert alert, Alert.State to, Double value, Map<String, Object> details, Instant now) {
    String kind =
        to == Alert.State.NORMAL
            ? "cleared"
            : alert.kind() == Alert.Kind.OFFLINE ? "offline" : "fired";
    var changed =
        database.inTransaction(
            "recording a change of alert " + alert.id(),
            handle -> {
              var row =
                  handle
                      .createQuery(
                          "UPDATE alerts a SET state = ?, state_changed_at = ?, pending_since = NULL,"
                              + " acknowledged_at = CASE WHEN ? = 'triggered' THEN NULL"
                              + " ELSE acknowledged_at END,"
                              + " acknowledged_by = CASE WHEN ? = 'triggered' THEN NULL"
                              + " ELSE acknowledged_by END"
                              + " WHERE id = ? AND state = ? AND enabled"
                              + " RETURNING "
                              + AlertRows.COLUMNS
                              + ", a.unsubscribe_key,"
                              + " (SELECT name FROM locations WHERE id = a.location_id) AS place")
                      .bind(0, to.key())
                      .bind(1, now)
                      .bind(2, to.key())
                      .bind(3, to.key())
                      .bind(4, alert.id())
                      .bind(5, alert.state().key())
                      .map(
                          (rows, context) ->
                              new Changed(
                                  AlertRows.alert(rows, json),
                                  rows.getString("unsubscribe_key"),
                                  rows.getString("place")))
                      .findOne();
              if (row.isEmpty()) {
                return Optional.<Alert>empty();
              }
              var saved = row.get().alert();
              long eventId = AlertEvents.insert(handle, json, saved, kind, now, value, details);
              var event = new Messages.Event(eventId, kind, now, value, row.get().place(), details);
              Outbox.enqueue(handle, messages.of(saved, event, row.get().unsubscribeKey()));
              return Optional.of(saved);
            });
    changed.ifPresent(
        saved -> {
          mirror(saved.id(), saved.state());
          log.info("Alert {} {} (value {})", saved.id(), kind, value);
          wake.run();
        });
    return changed;
  }

  /**
   * Writes the state to the seed's key, without expiry; the row is the truth, so a failure (or a
   * race with another instance's later change) only lasts until the next reload heals it.
   */
  void mirror(UUID id, Alert.State state) {
    String key = Alert.stateKey(id);
    try {
      for (int attempt = 0; attempt < 3; attempt++) {
        String current = cache.get(key).orElse(null);
        if (state.key().equals(current)
            || !cache
                .compareAndSet(List.of(new Cache.Swap(key, current, state.key(), null)))
                .isEmpty()) {
          return;
        }
      }
    } catch (RuntimeException e) {
      log.warn("Could not write {} to the cache: {}", key, e.getMessage());
    }
  }

  /**
   * Brings the cache's state keys of {@code alerts} in line with their rows (a key lost with the
   * cache, a mirror that failed, an alert that never changed yet), in one read.
   */
  void heal(Collection<Alert> alerts) {
    var keys = alerts.stream().map(a -> Alert.stateKey(a.id())).toList();
    Map<String, String> cached;
    try {
      cached = cache.getAll(keys);
    } catch (RuntimeException e) {
      log.warn("Could not read the alert states from the cache: {}", e.getMessage());
      return;
    }
    for (Alert alert : alerts) {
      if (!alert.state().key().equals(cached.get(Alert.stateKey(alert.id())))) {
        mirror(alert.id(), alert.state());
      }
    }
  }

  private record Changed(Alert alert, String unsubscribeKey, String place) {}
}
