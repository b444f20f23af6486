package org.aqmrg.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.aqmrg.cache.redis.RedisCache;
import org.aqmrg.config.Settings;
import org.aqmrg.db.Migrations;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.ingest.LatestReadings;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.StoreWriter;
import org.aqmrg.readings.postgres.PostgresReadingStore;
import org.aqmrg.rollups.AqiReports;
import org.aqmrg.rollups.postgres.PostgresRollupStore;
import org.aqmrg.testing.TestServers;

/**
 * A migrated database of its own with one user, the test Redis, the PostgreSQL time series written
 * through the real write path (store writer, then the latest values, which tell the evaluators),
 * alert rows inserted as SQL, and evaluators that run one pass when the test says so, on a clock
 * the test moves.
 */
final class AlertFixture implements AutoCloseable {
  static final String CHANNELS =
      "{\"webhooks\": [{\"id\": \"w1\", \"url\": \"https://example.org/hook\"}],"
          + " \"emails\": [\"someone@example.org\"]}";

  final ObjectMapper json = new ObjectMapper();
  final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
  final RelationalDatabase database;
  final RedisCache cache;
  final PostgresReadingStore store;
  final PostgresRollupStore rollups;
  final UUID user;
  private final StoreWriter writer;
  private final List<LatestReadings> instances = new ArrayList<>();

  AlertFixture(String purpose) {
    String name = TestServers.createDatabase(purpose);
    var settings = Settings.from(TestServers.fullPlatformEnv(name));
    database = RelationalDatabase.open(settings);
    new Migrations(database.dataSource()).migrate();
    cache = new RedisCache(settings.redis());
    store = new PostgresReadingStore(database.sql(), "test " + name);
    rollups = new PostgresRollupStore(database.sql(), "test " + name);
    writer = new StoreWriter(store);
    user =
        UUID.fromString(
            sql(
                "INSERT INTO users (email, password_hash, role) VALUES ('"
                    + prefix()
                    + "@test.dev', 'x', 'public') RETURNING id"));
  }

  private static String prefix() {
    return "ev-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A location of its own for one test, with two sensors. */
  record Place(UUID location, String sensorA, String sensorB) {
    List<String> sensors() {
      return List.of(sensorA, sensorB);
    }
  }

  Place place() {
    String prefix = prefix();
    var place = new Place(UUID.randomUUID(), prefix + "-a", prefix + "-b");
    execute(
        "INSERT INTO locations (id, name, city, country, latitude, longitude) VALUES ('"
            + place.location()
            + "', 'Ikeja "
            + prefix
            + "', 'Lagos', 'NG', 6.6, 3.35)");
    for (String sensor : place.sensors()) {
      execute(
          "INSERT INTO sensors (id, name, location_id) VALUES ('"
              + sensor
              + "', 'one', '"
              + place.location()
              + "')");
    }
    return place;
  }

  /** One instance's evaluator, with latest values of its own on the shared Redis; not started. */
  Instance instance(Runnable wake) {
    var latest = new LatestReadings(cache, store, json);
    instances.add(latest);
    var transitions =
        new Transitions(
            database.sql(),
            cache,
            new Messages(json, Optional.of("https://aq.example.org")),
            json,
            wake);
    var measures = new Measures(rollups, new AqiReports(rollups, clock), clock);
    var evaluator = new AlertEvaluator(database.sql(), json, latest, measures, transitions, clock);
    latest.whenOffered(evaluator::offered);
    return new Instance(latest, evaluator);
  }

  Instance instance() {
    return instance(() -> {});
  }

  /** An evaluator and the latest values that tell it of writes. */
  record Instance(LatestReadings latest, AlertEvaluator evaluator) {
    void pass() {
      evaluator.evaluateOnce();
    }

    void changed(UUID alert) {
      evaluator.changed(alert);
    }
  }

  /** Inserts an alert on PM2.5 at the location with these extra columns and values. */
  UUID alert(Place place, double threshold, String columns, String values) {
    return UUID.fromString(
        sql(
            "INSERT INTO alerts (user_id, location_id, name, pollutant, threshold,"
                + " notification_channels"
                + (columns.isEmpty() ? "" : ", " + columns)
                + ") VALUES ('"
                + user
                + "', '"
                + place.location()
                + "', 'School', 'pm25', "
                + threshold
                + ", '"
                + CHANNELS
                + "'"
                + (values.isEmpty() ? "" : ", " + values)
                + ") RETURNING id"));
  }

  /** Writes PM2.5 of one sensor at the clock's time, as ingest does, through {@code via}. */
  void write(Instance via, String sensor, double pm25) {
    write(via, sensor, pm25, clock.instant());
  }

  void write(Instance via, String sensor, double pm25, Instant at) {
    Reading reading =
        Reading.builder(sensor, at.toEpochMilli() * 1_000_000L)
            .location("Ikeja")
            .set(Field.PM25, pm25)
            .build();
    writer.submit(List.of(reading)).join();
    via.latest().offerLater(List.of(reading));
    via.latest().awaitOffers();
  }

  /** Rolls up the hour from the raw readings of the place's sensors, as the rollup worker does. */
  void rollUp(Place place, Instant hour) {
    rollups.writeHours(rollups.aggregateRaw(place.sensors(), hour, hour.plusSeconds(3600)));
  }

  String state(UUID alert) {
    return sql("SELECT state FROM alerts WHERE id = '" + alert + "'");
  }

  boolean pending(UUID alert) {
    return sql("SELECT pending_since FROM alerts WHERE id = '" + alert + "'") != null;
  }

  List<String> events(UUID alert) {
    return database
        .sql()
        .withHandle(
            "events",
            handle ->
                handle
                    .createQuery("SELECT kind FROM alert_events WHERE alert_id = ? ORDER BY id")
                    .bind(0, alert)
                    .mapTo(String.class)
                    .list());
  }

  int deliveries(UUID alert) {
    return Integer.parseInt(
        sql("SELECT count(*) FROM alert_deliveries WHERE alert_id = '" + alert + "'"));
  }

  String sql(String statement) {
    return database
        .sql()
        .withHandle(
            "test fixture",
            handle -> handle.createQuery(statement).mapTo(String.class).findOne().orElse(null));
  }

  void execute(String statement) {
    database.sql().useHandle("test fixture", handle -> handle.execute(statement));
  }

  @Override
  public void close() {
    instances.forEach(LatestReadings::close);
    writer.close();
    store.close();
    cache.close();
    database.close();
  }
}
