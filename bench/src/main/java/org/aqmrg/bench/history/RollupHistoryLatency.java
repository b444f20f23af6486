package org.aqmrg.bench.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.HdrHistogram.Histogram;
import org.aqmrg.bench.auth.Interleaved;
import org.aqmrg.bench.auth.Machine;
import org.aqmrg.bench.ingest.TestServices;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.rollups.DailyStatistics;
import org.aqmrg.rollups.HourlyStatistics;
import org.aqmrg.rollups.SensorDay;
import org.aqmrg.rollups.SensorHour;

/**
 * Long-range history from the rollups: a year of hourly means and ten years of daily means for one
 * location with five sensors, through the platform's HTTP API on each backend. Target: p50 at most
 * 50 ms each. Baseline in the same run: the same location's hourly means computed by the store
 * from raw readings over the 30 days the raw data covers (InfluxQL {@code GROUP BY time(1h)},
 * SQL {@code date_trunc('hour', time)}), sent straight to the store.
 *
 * <p>It registers a location in Lagos ({@code Africa/Lagos}) with five sensors, writes into each
 * backend's rollup tiers a year of hourly rollups (all seven fields, 60 readings an hour) and ten
 * years of daily rollups computed from 24 such hours a day, and 30 days of raw readings (one a
 * minute per sensor, all seven fields), each through the adapters' own writes. Each answer must hold
 * one window per hour (or day) of its range, or the run fails. Progress goes to standard error, the
 * results as markdown to standard output. Everything it creates is dropped at the end.
 */
public final class RollupHistoryLatency {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ZoneId LAGOS = ZoneId.of("Africa/Lagos");
  private static final int SENSORS = 5;
  private static final int HOURLY_DAYS = 365;
  private static final int DAILY_YEARS = 10;
  private static final int RAW_DAYS = 30;

  private final TestServices services;
  private final int warmup;
  private final int rounds;
  private final String name = "bench_rollups_" + STAMP.format(Instant.now());
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
  private final Instant hourlyFrom = now.minus(Duration.ofDays(HOURLY_DAYS));
  private final LocalDate today = LocalDate.ofInstant(now, LAGOS);
  private final LocalDate firstDay = today.minusYears(DAILY_YEARS);
  private final Instant rawFrom = now.minus(Duration.ofDays(RAW_DAYS));
  private final UUID location = UUID.randomUUID();
  private final List<String> sensorIds = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  private RollupHistoryLatency(TestServices services, int warmup, int rounds) {
    this.services = services;
    this.warmup = warmup;
    this.rounds = rounds;
    for (int s = 1; s <= SENSORS; s++) {
      sensorIds.add("LAG-RLP-%03d".formatted(s));
    }
  }

  public static void main(String[] args) {
    int warmup = 50;
    int rounds = 300;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: RollupHistoryLatency [--rounds N] [--warmup N]");
          System.exit(2);
        }
      }
    }
    int status = 0;
    try {
      new RollupHistoryLatency(TestServices.fromEnvironment(System.getenv()), warmup, rounds)
          .run();
    } catch (Exception e) {
      System.err.println("RollupHistoryLatency failed: " + e);
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  private void run() throws Exception {
    services.createDatabase(name);
    services.createInfluxDatabase(name);
    try (var influx = Site.start("InfluxDB", services.platformEnv(name, "influxdb", name));
        var postgres = Site.start("PostgreSQL", services.platformEnv(name, "postgres", null))) {
      register(postgres);
      for (Site site : List.of(influx, postgres)) {
        load(site);
      }
      var variants = new ArrayList<Interleaved.Variant>();
      variants.add(
          new Interleaved.Variant(
              "InfluxDB straight: hourly means of 30 days of raw data (baseline)",
              () -> check("InfluxDB", influxBaseline(), RAW_DAYS * 24)));
      variants.add(
          new Interleaved.Variant(
              "PostgreSQL straight: hourly means of 30 days of raw data (baseline)",
              () -> check("PostgreSQL", postgresBaseline(postgres), RAW_DAYS * 24)));
      for (Site site : List.of(influx, postgres)) {
        variants.add(
            new Interleaved.Variant(
                "platform on " + site.label() + ": a year of hourly means, every=1h",
                () -> history(site, "1h", hourlyFrom, now, HOURLY_DAYS * 24)));
        variants.add(
            new Interleaved.Variant(
                "platform on " + site.label() + ": ten years of daily means, every=1d",
                () ->
                    history(
                        site,
                        "1d",
                        firstDay.atStartOfDay(LAGOS).toInstant(),
                        today.atStartOfDay(LAGOS).toInstant(),
                        (int) ChronoUnit.DAYS.between(firstDay, today))));
      }
      var conditions = Interleaved.run("rollup history", variants, warmup, rounds);
      report(variants, conditions);
    } finally {
      services.dropDatabase(name);
      services.dropInfluxDatabase(name);
    }
  }

  private void register(Site site) throws Exception {
    try (var connection = site.platform().database().dataSource().getConnection()) {
      try (var insert =
          connection.prepareStatement(
              "INSERT INTO locations (id, name, city, country, latitude, longitude, timezone)"
                  + " VALUES (?, 'Rollup bench', 'Lagos', 'NG', 6.6, 3.35, 'Africa/Lagos')")) {
        insert.setObject(1, location);
        insert.executeUpdate();
      }
      try (var insert =
          connection.prepareStatement(
              "INSERT INTO sensors (id, name, status, location_id) VALUES (?, ?, 'active', ?)")) {
        for (String id : sensorIds) {
          insert.setString(1, id);
          insert.setString(2, "bench " + id);
          insert.setObject(3, location);
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  /** A year of hours, ten years of days and 30 days of raw readings into one backend. */
  private void load(Site site) {
    long started = System.nanoTime();
    var random = new Random(17);
    var rollups = site.platform().rollups();
    for (String sensor : sensorIds) {
      var hours = new ArrayList<SensorHour>();
      for (Instant hour = hourlyFrom; hour.isBefore(now); hour = hour.plus(Duration.ofHours(1))) {
        hours.add(hour(sensor, hour, random));
        if (hours.size() == 2_000) {
          rollups.writeHours(hours);
          hours.clear();
        }
      }
      rollups.writeHours(hours);
      var days = new ArrayList<SensorDay>();
      for (LocalDate day = firstDay; day.isBefore(today); day = day.plusDays(1)) {
        days.add(day(sensor, day, random));
        if (days.size() == 1_000) {
          rollups.writeDays(days);
          days.clear();
        }
      }
      rollups.writeDays(days);
      var raw = new ArrayList<Reading>();
      for (Instant t = rawFrom; t.isBefore(now); t = t.plus(Duration.ofMinutes(1))) {
        raw.add(reading(sensor, t, random));
        if (raw.size() == 5_000) {
          site.store().write(raw);
          raw.clear();
        }
      }
      site.store().write(raw);
      System.err.printf(
          Locale.ROOT,
          "%s: %s loaded, %.0f s so far%n",
          site.label(),
          sensor,
          (System.nanoTime() - started) / 1e9);
    }
  }

  private static SensorHour hour(String sensor, Instant hour, Random random) {
    var fields = new EnumMap<Field, HourlyStatistics>(Field.class);
    for (Field field : Field.values()) {
      double[] values = new double[60];
      for (int i = 0; i < values.length; i++) {
        values[i] = value(field, random);
      }
      fields.put(field, HourlyStatistics.of(hour, values, Duration.ofMinutes(1)));
    }
    return new SensorHour(sensor, hour, fields);
  }

  private static SensorDay day(String sensor, LocalDate day, Random random) {
    Instant start = day.atStartOfDay(LAGOS).toInstant();
    var fields = new EnumMap<Field, DailyStatistics>(Field.class);
    for (Field field : Field.values()) {
      var hours = new ArrayList<HourlyStatistics>();
      for (int h = 0; h < 24; h++) {
        double[] values = {value(field, random), value(field, random), value(field, random)};
        hours.add(HourlyStatistics.of(start.plus(Duration.ofHours(h)), values, Duration.ofMinutes(20)));
      }
      fields.put(field, DailyStatistics.of(day, LAGOS, hours));
    }
    return new SensorDay(sensor, day, LAGOS, fields);
  }

  private static Reading reading(String sensor, Instant time, Random random) {
    var builder = Reading.builder(sensor, time.getEpochSecond() * 1_000_000_000L);
    for (Field field : Field.values()) {
      builder.set(field, value(field, random));
    }
    return builder.build();
  }

  /** A value inside the field's accepted range, with two decimals. */
  private static double value(Field field, Random random) {
    double v = field == Field.TEMPERATURE ? 20 + 15 * random.nextDouble() : 5 + 60 * random.nextDouble();
    return Math.round(v * 100) / 100.0;
  }

  private int history(Site site, String every, Instant from, Instant to, int windows)
      throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + site.app().port()
                        + "/api/v1/locations/"
                        + location
                        + "/readings?fields=pm25&fn=mean&every="
                        + every
                        + "&from="
                        + from
                        + "&to="
                        + to))
            .header("Authorization", site.authorization())
            .build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode data = JSON.readTree(response.body()).path("data");
    if (response.statusCode() != 200 || data.size() != windows) {
      throw new IllegalStateException(
          site.label()
              + " every="
              + every
              + " answered "
              + response.statusCode()
              + " with "
              + data.size()
              + " windows, expected "
              + windows
              + ": "
              + response.body().substring(0, Math.min(300, response.body().length())));
    }
    return data.size();
  }

  private int influxBaseline() throws Exception {
    var ids = new StringBuilder();
    for (String id : sensorIds) {
      ids.append(ids.length() == 0 ? "" : " OR ").append("\"sensor_id\" = '").append(id).append('\'');
    }
    String q =
        "SELECT mean(\"pm25\") FROM \""
            + name
            + "\".\"sensor_data\".\"air_quality\" WHERE ("
            + ids
            + ") AND time >= "
            + rawFrom.getEpochSecond()
            + "s AND time < "
            + now.getEpochSecond()
            + "s GROUP BY time(1h) fill(none)";
    String form = "db=" + name + "&epoch=ns&q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
    var request =
        HttpRequest.newBuilder(services.influx().resolve("/query"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body())
        .path("results")
        .path(0)
        .path("series")
        .path(0)
        .path("values")
        .size();
  }

  private int postgresBaseline(Site site) throws Exception {
    try (var connection = site.platform().database().dataSource().getConnection();
        var select =
            connection.prepareStatement(
                "SELECT date_trunc('hour', time) AS hour, avg(pm25) FROM sensor_data"
                    + " WHERE sensor_id = ANY(?) AND time >= ? AND time < ?"
                    + " GROUP BY 1 ORDER BY 1")) {
      select.setArray(1, connection.createArrayOf("varchar", sensorIds.toArray()));
      select.setTimestamp(2, Timestamp.from(rawFrom));
      select.setTimestamp(3, Timestamp.from(now));
      int rows = 0;
      try (var result = select.executeQuery()) {
        while (result.next()) {
          rows++;
        }
      }
      return rows;
    }
  }

  private static void check(String what, int rows, int expected) {
    if (rows != expected) {
      throw new IllegalStateException(what + " gave " + rows + " windows, expected " + expected);
    }
  }

  private void report(List<Interleaved.Variant> variants, Interleaved.Conditions conditions) {
    var out = System.out;
    out.printf("- Machine: %s%n", Machine.describe());
    out.printf(
        Locale.ROOT,
        "- Measured: %d rounds after %d warm-up, %.1f s; load average %s -> %s; %d GCs, %d ms%n%n",
        rounds,
        warmup,
        conditions.seconds(),
        conditions.loadBefore(),
        conditions.loadAfter(),
        conditions.gcCount(),
        conditions.gcMillis());
    out.println("| variant | p50 ms | p90 ms | p99 ms | max ms | p50 ≤ 50 ms |");
    out.println("|---|---:|---:|---:|---:|---|");
    for (var variant : variants) {
      Histogram h = variant.nanos;
      out.printf(
          Locale.ROOT,
          "| %s | %.2f | %.2f | %.2f | %.2f | %s |%n",
          variant.name,
          h.getValueAtPercentile(50) / 1e6,
          h.getValueAtPercentile(90) / 1e6,
          h.getValueAtPercentile(99) / 1e6,
          h.getMaxValue() / 1e6,
          variant.name.contains("baseline")
              ? ""
              : h.getValueAtPercentile(50) <= 50_000_000L ? "yes" : "**no**");
    }
  }
}
