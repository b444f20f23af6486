package org.aqmrg.rollups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.aqmrg.app.Platform;
import org.aqmrg.config.Settings;
import org.aqmrg.identity.Principal;
import org.aqmrg.ingest.lineprotocol.Precision;
import org.aqmrg.readings.Field;
import org.aqmrg.registry.RegistryLookup;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Rollups through the real write path on each time-series backend: readings go through ingest and
 * the store writer, whose hook marks their hours; two workers on the same database (the platform's
 * own is off) roll them up, counted by a wrapping store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RollupsContract {
  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final List<Field> PM25 = List.of(Field.PM25);

  /** The platform's settings on the test servers, with their own database. */
  abstract Map<String, String> env(String database);

  private Platform platform;
  private final List<RollupWorker> workers = new ArrayList<>();
  private final Map<HourKey, AtomicInteger> computed = new ConcurrentHashMap<>();
  private final String prefix = "RU-" + getClass().getSimpleName() + "-" + System.nanoTime() + "-";
  private int sensors;

  @BeforeAll
  void start() {
    var env = new java.util.HashMap<>(env(TestServers.createDatabase("rollups")));
    env.put("AQMRG_ROLLUPS", "off");
    platform = Platform.start(Settings.from(env));
    var counting = new Counting(platform.rollups());
    for (int i = 0; i < 2; i++) {
      var rollups =
          new Rollups(counting, platform.readings(), new RegistryLookup(platform.database().sql()));
      workers.add(RollupWorker.start(new HourMarks(platform.database().sql()), rollups));
    }
  }

  @AfterAll
  void stop() {
    workers.forEach(RollupWorker::close);
    platform.close();
  }

  /** A new registered sensor, at a location in {@code zone} when given, with this metadata. */
  private String sensor(String zone, String metadata) {
    String id = prefix + ++sensors;
    platform
        .database()
        .sql()
        .useHandle(
            "registering a sensor",
            h -> {
              String location = null;
              if (zone != null) {
                location =
                    h.createQuery(
                            "INSERT INTO locations (name, city, country, latitude, longitude,"
                                + " timezone) VALUES (?, 'Lagos', 'NG', 6.5, 3.4, ?) RETURNING"
                                + " id::text")
                        .bind(0, id)
                        .bind(1, zone)
                        .mapTo(String.class)
                        .one();
              }
              h.createUpdate(
                      "INSERT INTO sensors (id, name, status, metadata, location_id) VALUES (?, ?,"
                          + " 'active', ?::jsonb, ?::uuid)")
                  .bind(0, id)
                  .bind(1, id)
                  .bind(2, metadata)
                  .bind(3, location)
                  .execute();
            });
    return id;
  }

  private String sensor() {
    return sensor(null, null);
  }

  private static String line(String sensor, Instant time, double pm25) {
    long ns = time.getEpochSecond() * 1_000_000_000L + time.getNano();
    return "air_quality,sensor_id=" + sensor + " pm25=" + pm25 + " " + ns;
  }

  /** Writes readings of {@code sensor} every {@code every} from {@code from} for one hour. */
  private void writeHour(String sensor, Instant from, Duration every, double value) {
    var lines = new ArrayList<String>();
    for (Instant t = from; t.isBefore(from.plus(Duration.ofHours(1))); t = t.plus(every)) {
      lines.add(line(sensor, t, value));
    }
    write(lines);
  }

  private void write(List<String> lines) {
    var result =
        platform
            .web()
            .ingest()
            .writeLineProtocol(
                Principal.OPERATOR,
                String.join("\n", lines).getBytes(StandardCharsets.UTF_8),
                Precision.NS);
    assertThat(result.rejected()).isEmpty();
  }

  private HourlyStatistics awaitHour(String sensor, Instant hour, long count) {
    return await()
        .atMost(DEADLINE)
        .until(
            () ->
                platform
                    .rollups()
                    .hours(List.of(sensor), hour, hour.plusSeconds(3_600), PM25)
                    .stream()
                    .map(h -> h.fields().get(Field.PM25))
                    .filter(h -> h.count() == count)
                    .findFirst()
                    .orElse(null),
            h -> h != null);
  }

  private DailyStatistics awaitDay(String sensor, Instant start, long count) {
    return await()
        .atMost(DEADLINE)
        .until(
            () ->
                platform.rollups().days(List.of(sensor), start, start.plusSeconds(1), PM25).stream()
                    .map(d -> d.fields().get(Field.PM25))
                    .filter(d -> d.count() == count)
                    .findFirst()
                    .orElse(null),
            d -> d != null);
  }

  private static Instant hoursAgo(int hours) {
    return Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(hours));
  }

  @Test
  void a_backlog_written_a_week_late_is_rolled_up_hour_and_day_within_seconds() {
    String sensor = sensor(null, "{\"reporting_interval_s\": 60}");
    Instant hour = hoursAgo(7 * 24);
    writeHour(sensor, hour, Duration.ofMinutes(1), 12.5);

    var stats = awaitHour(sensor, hour, 60);
    assertThat(stats.mean()).isEqualTo(12.5);
    assertThat(stats.coverage()).isEqualTo(100.0);
    Instant day =
        LocalDate.ofInstant(hour, ZoneId.of("UTC")).atStartOfDay(ZoneId.of("UTC")).toInstant();
    var daily = awaitDay(sensor, day, 60);
    assertThat(daily.hoursWithData()).isEqualTo(1);
    assertThat(daily.validHours()).isEqualTo(1);
  }

  @Test
  void a_point_that_replaces_a_stored_one_changes_the_hour() {
    String sensor = sensor();
    Instant hour = hoursAgo(30);
    write(List.of(line(sensor, hour, 10), line(sensor, hour.plusSeconds(600), 20)));
    assertThat(awaitHour(sensor, hour, 2).mean()).isEqualTo(15.0);

    write(List.of(line(sensor, hour.plusSeconds(600), 40)));

    await().atMost(DEADLINE).until(() -> awaitHour(sensor, hour, 2).mean(), mean -> mean == 25.0);
  }

  @Test
  void coverage_comes_from_the_metadata_interval() {
    String sensor = sensor(null, "{\"reporting_interval_s\": 120}");
    Instant hour = hoursAgo(50);
    writeHour(sensor, hour, Duration.ofMinutes(4), 5);

    var stats = awaitHour(sensor, hour, 15);
    assertThat(stats.interval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(stats.coverage()).isEqualTo(50.0);
  }

  @Test
  void without_a_metadata_interval_coverage_comes_from_the_estimated_one() {
    String sensor = sensor();
    Instant hour = hoursAgo(60);
    writeHour(sensor, hour.minus(Duration.ofHours(1)), Duration.ofMinutes(2), 5);
    writeHour(sensor, hour, Duration.ofMinutes(4), 5);

    var stats = awaitHour(sensor, hour, 15);
    assertThat(stats.interval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(stats.coverage()).isEqualTo(50.0);
  }

  @Test
  void a_sensor_in_lagos_has_its_hours_from_23_utc_in_the_next_local_day() {
    String sensor = sensor("Africa/Lagos", "{\"reporting_interval_s\": 600}");
    Instant late = hoursAgo(72).truncatedTo(ChronoUnit.DAYS).plus(Duration.ofHours(23));
    writeHour(sensor, late.minus(Duration.ofHours(1)), Duration.ofMinutes(10), 1);
    writeHour(sensor, late, Duration.ofMinutes(10), 3);

    var next = awaitDay(sensor, late, 6);
    assertThat(next.day()).isEqualTo(LocalDate.ofInstant(late, ZoneId.of("UTC")).plusDays(1));
    assertThat(next.zone()).isEqualTo(ZoneId.of("Africa/Lagos"));
    assertThat(next.mean()).isEqualTo(3.0);
    assertThat(awaitDay(sensor, late.minus(Duration.ofDays(1)), 6).mean()).isEqualTo(1.0);
  }

  @Test
  void two_workers_over_many_marks_compute_every_marked_hour_exactly_once() {
    var sensors = new ArrayList<String>();
    var lines = new ArrayList<String>();
    var keys = new ArrayList<HourKey>();
    for (int s = 0; s < 10; s++) {
      String sensor = sensor();
      sensors.add(sensor);
      for (int h = 1; h <= 100; h++) {
        Instant hour = hoursAgo(24 * 10 + h);
        lines.add(line(sensor, hour.plusSeconds(60), h));
        keys.add(new HourKey(sensor, hour));
      }
    }
    write(lines);

    await().atMost(DEADLINE).until(() -> keys.stream().allMatch(computed::containsKey));
    assertThat(keys).allSatisfy(k -> assertThat(computed.get(k)).as(k.toString()).hasValue(1));
    assertThat(computed.keySet().stream().filter(k -> sensors.contains(k.sensorId())))
        .hasSize(keys.size());
  }

  /** A rollup store that counts, by sensor and hour, the hours written through it. */
  private final class Counting implements RollupStore {
    private final RollupStore store;

    Counting(RollupStore store) {
      this.store = store;
    }

    @Override
    public List<SensorHour> aggregateRaw(Collection<String> ids, Instant from, Instant to) {
      return store.aggregateRaw(ids, from, to);
    }

    @Override
    public void writeHours(Collection<SensorHour> hours) {
      store.writeHours(hours);
      hours.forEach(
          h ->
              computed
                  .computeIfAbsent(new HourKey(h.sensorId(), h.hour()), k -> new AtomicInteger())
                  .incrementAndGet());
    }

    @Override
    public List<SensorHour> hours(
        Collection<String> ids, Instant from, Instant to, Collection<Field> fields) {
      return store.hours(ids, from, to, fields);
    }

    @Override
    public void writeDays(Collection<SensorDay> days) {
      store.writeDays(days);
    }

    @Override
    public List<SensorDay> days(
        Collection<String> ids, Instant from, Instant to, Collection<Field> fields) {
      return store.days(ids, from, to, fields);
    }

    @Override
    public int enforceRetention(Instant now) {
      return store.enforceRetention(now);
    }
  }
}
