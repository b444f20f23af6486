package org.aqmrg.bench.history;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.bench.ingest.TestServices;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;

/**
 * The benchmark's readings: one per sensor and minute over {@code days} days ending at {@code to},
 * all seven fields, plausible and reproducible; loaded through each adapter's own {@code write}
 * in batches of 5,000, then left to settle.
 */
final class Dataset {
  private static final int BATCH = 5_000;

  private final HistoryOptions options;
  private final List<String> sensorIds = new ArrayList<>();
  private final Instant from;

  Dataset(HistoryOptions options, Instant from) {
    this.options = options;
    this.from = from;
    for (int i = 0; i < options.sensors(); i++) {
      sensorIds.add("bench-h-%04d".formatted(i));
    }
  }

  List<String> sensorIds() {
    return sensorIds;
  }

  /** Registers the sensors (the registry both platforms share). */
  void register(Site site) throws SQLException {
    try (var connection = site.platform().database().dataSource().getConnection();
        var insert =
            connection.prepareStatement(
                "INSERT INTO sensors (id, name, status) VALUES (?, ?, 'active')")) {
      for (String id : sensorIds) {
        insert.setString(1, id);
        insert.setString(2, "bench " + id);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Writes every reading to each site's store, minute by minute; returns seconds per site. */
  Map<String, Double> load(List<Site> sites) {
    long minutes = options.days() * 1440L;
    long[] nanos = new long[sites.size()];
    var batch = new ArrayList<Reading>(BATCH);
    long written = 0;
    for (long minute = 0; minute < minutes; minute++) {
      for (int sensor = 0; sensor < sensorIds.size(); sensor++) {
        batch.add(reading(sensor, minute));
        if (batch.size() == BATCH || (minute == minutes - 1 && sensor == sensorIds.size() - 1)) {
          for (int i = 0; i < sites.size(); i++) {
            long start = System.nanoTime();
            sites.get(i).store().write(batch);
            nanos[i] += System.nanoTime() - start;
          }
          written += batch.size();
          batch.clear();
          if (written % 100_000 < BATCH) {
            System.err.printf("HistoryLatency: loaded %,d of %,d%n", written, options.points());
          }
        }
      }
    }
    var seconds = new LinkedHashMap<String, Double>();
    for (int i = 0; i < sites.size(); i++) {
      seconds.put(sites.get(i).label(), nanos[i] / 1e9);
    }
    return seconds;
  }

  /** Values vary by sensor and minute; sensors are a few milliseconds apart. */
  private Reading reading(int sensor, long minute) {
    long nanos = (from.getEpochSecond() + minute * 60) * 1_000_000_000L + sensor * 3_000_000L;
    long mix = (sensor * 7919L + minute * 104_729L) % 10_000;
    return Reading.builder(sensorIds.get(sensor), nanos)
        .set(Field.PM25, mix / 20.0)
        .set(Field.PM10, mix / 10.0)
        .set(Field.TEMPERATURE, 20 + (minute % 150) / 10.0)
        .set(Field.HUMIDITY, 40 + (minute % 500) / 10.0)
        .set(Field.CO, (mix % 50) / 10.0)
        .set(Field.NO2, (mix % 400) / 2.0)
        .set(Field.O3, (minute % 300) / 4.0)
        .build();
  }

  /**
   * Lets InfluxDB finish its compactions, runs {@code VACUUM ANALYZE sensor_data} (what autovacuum
   * reaches on its own) and checks that both stores hold every point; returns notes for the report.
   */
  List<String> settle(TestServices services, String influxDatabase, Site postgres)
      throws SQLException, InterruptedException {
    var notes = new ArrayList<String>();
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    int quiet = 0;
    while (quiet < 3 && System.nanoTime() < deadline) {
      quiet = services.influxCompactionsPending() == 0 ? quiet + 1 : 0;
      Thread.sleep(1_000);
    }
    if (quiet < 3) {
      notes.add("InfluxDB still had compactions pending after 5 minutes; measured anyway.");
    }
    long rows;
    try (var connection = postgres.platform().database().dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute("VACUUM ANALYZE sensor_data");
      try (var count = statement.executeQuery("SELECT count(*) FROM sensor_data")) {
        count.next();
        rows = count.getLong(1);
      }
    }
    long points = services.influxCount(influxDatabase);
    if (points != options.points() || rows != options.points()) {
      throw new IllegalStateException(
          "stored %,d points in InfluxDB and %,d rows in PostgreSQL, expected %,d"
              .formatted(points, rows, options.points()));
    }
    return notes;
  }
}
