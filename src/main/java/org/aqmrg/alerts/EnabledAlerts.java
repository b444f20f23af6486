package org.aqmrg.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.db.Database;

/**
 * What the evaluator works from: the enabled alerts by location, each location's sensors (retired
 * ones left out), and which location each sensor is at. Loaded whole, in two queries.
 */
record EnabledAlerts(
    Map<UUID, List<Alert>> byLocation,
    Map<UUID, List<String>> sensors,
    Map<String, UUID> locationOf) {

  static final EnabledAlerts NONE = new EnabledAlerts(Map.of(), Map.of(), Map.of());

  static EnabledAlerts load(Database database, ObjectMapper json) {
    return database.withHandle(
        "loading the enabled alerts",
        handle -> {
          var byLocation = new HashMap<UUID, List<Alert>>();
          handle
              .createQuery(
                  "SELECT "
                      + AlertRows.COLUMNS
                      + " FROM alerts a"
                      + " WHERE a.enabled AND a.location_id IS NOT NULL")
              .map((rows, context) -> AlertRows.alert(rows, json))
              .forEach(
                  alert ->
                      byLocation
                          .computeIfAbsent(alert.locationId(), id -> new ArrayList<>())
                          .add(alert));
          var sensors = new HashMap<UUID, List<String>>();
          var locationOf = new HashMap<String, UUID>();
          handle
              .createQuery(
                  "SELECT id, location_id FROM sensors WHERE location_id = ANY(?)"
                      + " AND status IS DISTINCT FROM 'retired' ORDER BY id")
              .bind(0, byLocation.keySet().toArray(UUID[]::new))
              .map((rows, context) -> Map.entry(rows.getString(1), rows.getObject(2, UUID.class)))
              .forEach(
                  e -> {
                    sensors.computeIfAbsent(e.getValue(), id -> new ArrayList<>()).add(e.getKey());
                    locationOf.put(e.getKey(), e.getValue());
                  });
          return new EnabledAlerts(byLocation, sensors, locationOf);
        });
  }

  /**
   * What changes whenever a load would give another snapshot: every update of an enabled alert's
   * row gives it a new row version ({@code xmin}), and a sensor's id, place and status are hashed.
   * Cheaper than a load: nothing is parsed.
   */
  static String fingerprint(Database database) {
    return database.withHandle(
        "checking the enabled alerts for changes",
        handle ->
            handle
                .createQuery(
                    "SELECT (SELECT count(*) || ' ' || coalesce(sum(xmin::text::bigint), 0)"
                        + " FROM alerts WHERE enabled AND location_id IS NOT NULL)"
                        + " || ' ' || (SELECT count(*) || ' ' || coalesce(sum(hashtext(id || ' '"
                        + " || coalesce(location_id::text, '') || ' ' || coalesce(status, ''))), 0)"
                        + " FROM sensors)")
                .mapTo(String.class)
                .one());
  }

  List<String> sensorsAt(UUID location) {
    return sensors.getOrDefault(location, List.of());
  }

  /** The same, with {@code alert} in place of the one of its id. */
  EnabledAlerts with(Alert alert) {
    var copy = new HashMap<>(byLocation);
    var list = new ArrayList<>(copy.getOrDefault(alert.locationId(), List.of()));
    list.replaceAll(a -> a.id().equals(alert.id()) ? alert : a);
    copy.put(alert.locationId(), List.copyOf(list));
    return new EnabledAlerts(copy, sensors, locationOf);
  }
}
