package org.aqmrg.bench.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The alert rules of the alert benchmark, written as rows: {@link #LOCATIONS} locations with two of
 * the load's sensors each, ten rules at each (1,000 in all) of the kinds a network runs (PM2.5 above
 * WHO-like and EPA-like limits, with and without a duration and a deadband, PM10, NO2, O3, CO, the
 * hourly mean, the NowCast AQI, an offline alarm), each with a webhook to the bulk receiver; and one
 * probe location, with a sensor of its own, whose PM2.5 rule fires above 100 at once and clears
 * below, with a webhook to the probe receiver.
 */
final class AlertSet {
  static final int LOCATIONS = 100;
  static final String PROBE_SENSOR = "bench-probe";

  /** pollutant, measure, threshold, for_s, clear_deadband, clear_for_s, offline_after_s. */
  private static final Object[][] RULES = {
    {"pm25", "latest", 35, 0, 5, 0, null},
    {"pm25", "latest", 55, 900, 5, 900, null},
    {"pm25", "latest", 150, 0, 0, 0, null},
    {"pm10", "latest", 150, 900, 10, 900, null},
    {"no2", "latest", 100, 0, 0, 0, null},
    {"o3", "latest", 70, 600, 0, 600, null},
    {"co", "latest", 9, 0, 0, 0, null},
    {"pm25", "hourly_mean", 55, 0, 0, 0, null},
    {"aqi", "nowcast_aqi", 150, 0, 0, 0, null},
    {"*", "latest", 0, 0, 0, 0, 7200},
  };

  private static final int HELD_S = 900;

  private AlertSet() {}

  /**
   * The probe rule's id.
   *
   * @param held whether every threshold rule holds its condition 15 minutes before it fires or
   *     clears (then none does within a round); otherwise the rules as listed, some of which fire
   *     and clear on the next reading
   */
  static UUID install(
      Connection sql, List<String> sensors, String bulkUrl, String probeUrl, boolean held)
      throws SQLException {
    UUID owner = UUID.randomUUID();
    try (var user =
        sql.prepareStatement(
            "INSERT INTO users (id, email, password_hash, role) VALUES (?, ?, 'x', 'public')")) {
      user.setObject(1, owner);
      user.setString(2, "alerts-" + owner + "@bench.test");
      user.executeUpdate();
    }
    var locations = new ArrayList<UUID>();
    for (int i = 0; i <= LOCATIONS; i++) {
      UUID location = UUID.randomUUID();
      locations.add(location);
      try (var insert =
          sql.prepareStatement(
              "INSERT INTO locations (id, name, city, country, latitude, longitude, timezone)"
                  + " VALUES (?, ?, 'Lagos', 'NG', 6.5, 3.4, 'Africa/Lagos')")) {
        insert.setObject(1, location);
        insert.setString(2, i == LOCATIONS ? "probe" : "site " + i);
        insert.executeUpdate();
      }
    }
    try (var place = sql.prepareStatement("UPDATE sensors SET location_id = ? WHERE id = ?")) {
      for (int i = 0; i < sensors.size(); i++) {
        place.setObject(1, locations.get(i % LOCATIONS));
        place.setString(2, sensors.get(i));
        place.addBatch();
      }
      place.executeBatch();
    }
    try (var probe =
        sql.prepareStatement(
            "INSERT INTO sensors (id, name, status, location_id) VALUES (?, 'probe', 'active', ?)")) {
      probe.setString(1, PROBE_SENSOR);
      probe.setObject(2, locations.get(LOCATIONS));
      probe.executeUpdate();
    }
    for (int i = 0; i < LOCATIONS; i++) {
      for (Object[] rule : RULES) {
        Object[] inserted = rule.clone();
        if (held && rule[6] == null) {
          inserted[3] = Math.max((Integer) rule[3], HELD_S);
          inserted[5] = Math.max((Integer) rule[5], HELD_S);
        }
        insert(sql, owner, locations.get(i), inserted, bulkUrl);
      }
    }
    return insert(
        sql, owner, locations.get(LOCATIONS), new Object[] {"pm25", "latest", 100, 0, 0, 0, null}, probeUrl);
  }

  private static UUID insert(Connection sql, UUID owner, UUID location, Object[] rule, String url)
      throws SQLException {
    UUID id = UUID.randomUUID();
    boolean offline = rule[6] != null;
    try (var alert =
        sql.prepareStatement(
            "INSERT INTO alerts (id, user_id, location_id, name, kind, pollutant, measure,"
                + " threshold, for_s, clear_deadband, clear_for_s, offline_after_s,"
                + " notification_channels) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
      alert.setObject(1, id);
      alert.setObject(2, owner);
      alert.setObject(3, location);
      alert.setString(4, rule[0] + " " + rule[1] + " above " + rule[2]);
      alert.setString(5, offline ? "offline" : "threshold");
      alert.setString(6, (String) rule[0]);
      alert.setString(7, (String) rule[1]);
      alert.setInt(8, (Integer) rule[2]);
      alert.setInt(9, (Integer) rule[3]);
      alert.setInt(10, (Integer) rule[4]);
      alert.setInt(11, (Integer) rule[5]);
      alert.setObject(12, rule[6]);
      alert.setString(
          13, "{\"webhooks\": [{\"id\": \"w1\", \"url\": \"" + url + "\"}], \"emails\": []}");
      alert.executeUpdate();
    }
    try (var secret =
        sql.prepareStatement(
            "INSERT INTO alert_webhook_secrets (alert_id, webhook_id, secret) VALUES (?, 'w1', ?)")) {
      secret.setObject(1, id);
      secret.setString(2, "whsec_bench_" + id);
      secret.executeUpdate();
    }
    return id;
  }
}
