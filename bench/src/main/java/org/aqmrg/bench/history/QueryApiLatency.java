package org.aqmrg.bench.history;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.bench.auth.Interleaved;
import org.aqmrg.bench.auth.Machine;
import org.aqmrg.bench.ingest.TestServices;
import org.aqmrg.ratelimit.RateLimiter;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.rollups.Rollups;

/**
 * Issue 21's speed question: the seed's {@code range(start: -1h) |> filter(…)} for one sensor and
 * a 7-day {@code aggregateWindow(every: 1h, fn: mean)} for one location, through {@code POST
 * /api/v2/query}: p50 within 1.5 times the same question asked of the platform's JSON history API
 * (the baseline), in the same run, on each time-series backend. The same two questions through
 * InfluxQL ({@code GET /query}) are timed beside them.
 *
 * <p>It registers one location with {@code --sensors} sensors (3 by default), writes one reading a
 * minute per sensor with all seven fields through each backend's own {@code ReadingStore.write},
 * from 7 days and 2 hours ago to 3 hours ahead (so the last hour stays full while the run lasts),
 * rebuilds the hourly and daily rollups of that range with the platform's own rebuild (what {@code
 * ./aqmrg rollups rebuild} runs; the rollup worker is off, so nothing recomputes during the run),
 * lets InfluxDB finish its compactions, checks that InfluxQL's hourly means equal the JSON API's,
 * then times every variant of both backends round-robin ({@link Interleaved}), the sensor of
 * question 1 taking turns. Every timed request checks its answer ({@link QueryRequests}). Progress
 * goes to standard error, the results as markdown to standard output; everything it creates is
 * dropped at the end.
 */
public final class QueryApiLatency {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
  private static final List<String> ROUTES =
      List.of(Site.ROUTE, "/api/v1/locations/{id}/readings", "/api/v2/query", "/query");

  private final QueryApiOptions options;
  private final TestServices services;
  private final String name = "bench_query_" + STAMP.format(Instant.now());
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
  private final Instant from = now.minus(Duration.ofDays(7)).minus(Duration.ofHours(2));
  private final Instant until = now.plus(Duration.ofHours(3));
  private final UUID location = UUID.randomUUID();
  private final String locationName = "Query bench Yaba";
  private final List<String> sensorIds = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<String> notes = new ArrayList<>();

  private QueryApiLatency(QueryApiOptions options, TestServices services) {
    this.options = options;
    this.services = services;
    for (int s = 1; s <= options.sensors(); s++) {
      sensorIds.add("LAG-QRY-%03d".formatted(s));
    }
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--help")) {
      System.out.println(QueryApiOptions.USAGE);
      return;
    }
    QueryApiOptions options;
    TestServices services;
    try {
      options = QueryApiOptions.parse(args);
      services = TestServices.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("QueryApiLatency: " + e.getMessage());
      System.err.println(QueryApiOptions.USAGE);
      System.exit(2);
      return;
    }
    int status = 0;
    try {
      new QueryApiLatency(options, services).run();
    } catch (Exception e) {
      System.err.println("QueryApiLatency failed: " + describe(e));
      status = 1;
    }
    // Client, pool and driver threads must not keep the program alive once it is done.
    System.exit(status);
  }

  private static String describe(Throwable e) {
    var text = new StringBuilder(e.toString());
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append("\n  caused by ").append(cause);
    }
    return text.toString();
  }

  private void run() throws Exception {
    Deque<Runnable> cleanup = new ArrayDeque<>();
    try {
      services.createDatabase(name);
      cleanup.push(() -> services.dropDatabase(name));
      var sites = new ArrayList<QueryRequests>();
      for (String backend : options.backends()) {
        boolean influx = backend.equals("influxdb");
        if (influx) {
          services.createInfluxDatabase(name);
          cleanup.push(() -> services.dropInfluxDatabase(name));
        }
        var env = services.platformEnv(name, backend, influx ? name : null);
        env.put("AQMRG_ROLLUPS", "off");
        Site site = Site.start(influx ? "InfluxDB" : "PostgreSQL", env);
        cleanup.push(() -> close(site));
        if (sites.isEmpty()) {
          register(site);
        }
        sites.add(
            new QueryRequests(
                site, influx ? name : "aqmrg", location, locationName, sensorIds.size(), http));
      }
      for (QueryRequests q : sites) {
        load(q.site());
      }
      settle();
      for (QueryRequests q : sites) {
        validate(q);
      }
      var variants = variants(sites);
      var conditions =
          Interleaved.run("query API", variants, options.warmup(), options.rounds());
      var report = new QueryApiReport(System.out);
      report.line("- Machine: " + Machine.describe());
      report.line(
          "- Data: one location, %d sensors, one reading a minute with 7 fields, %s to %s; hourly"
                  .formatted(sensorIds.size(), from, until)
              + " rollups rebuilt");
      report.conditions(options.rounds(), options.warmup(), variants.size(), conditions);
      notes.forEach(n -> report.line("- " + n));
      report.questions(variants);
      if (options.breakdown()) {
        var parts = new ArrayList<Interleaved.Variant>();
        for (QueryRequests q : sites) {
          parts.addAll(new FluxBreakdown(q, location, sensorIds).variants());
        }
        int rounds = Math.max(1, options.rounds() / 2);
        int warmup = options.warmup() / 2;
        var partConditions = Interleaved.run("Flux breakdown", parts, warmup, rounds);
        report.line("");
        report.line("### Where Flux's 7-day question spends its time");
        report.line("");
        report.conditions(rounds, warmup, parts.size(), partConditions);
        report.parts(parts);
      }
    } finally {
      while (!cleanup.isEmpty()) {
        try {
          cleanup.pop().run();
        } catch (RuntimeException e) {
          System.err.println("QueryApiLatency: cleaning up failed: " + e.getMessage());
        }
      }
    }
  }

  private static void close(Site site) {
    try {
      for (String route : ROUTES) {
        site.platform()
            .cache()
            .delete(RateLimiter.key("token:" + site.token().token().id(), route));
      }
    } finally {
      site.close();
    }
  }

  /** The location and its sensors, in the registry both platforms share. */
  private void register(Site site) throws Exception {
    try (var connection = site.platform().database().dataSource().getConnection()) {
      try (var insert =
          connection.prepareStatement(
              "INSERT INTO locations (id, name, city, country, latitude, longitude, timezone)"
                  + " VALUES (?, ?, 'Lagos', 'NG', 6.51, 3.38, 'Africa/Lagos')")) {
        insert.setObject(1, location);
        insert.setString(2, locationName);
        insert.executeUpdate();
      }
      try (var insert =
          connection.prepareStatement(
              "INSERT INTO sensors (id, name, manufacturer, status, location_id)"
                  + " VALUES (?, ?, 'AirGradient', 'active', ?)")) {
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

  /** One reading a minute per sensor over the range, then the rollups of the range rebuilt. */
  private void load(Site site) {
    long started = System.nanoTime();
    var batch = new ArrayList<Reading>();
    long written = 0;
    for (Instant t = from; t.isBefore(until); t = t.plus(Duration.ofMinutes(1))) {
      for (int s = 0; s < sensorIds.size(); s++) {
        batch.add(reading(s, t));
      }
      if (batch.size() >= 5_000) {
        site.store().write(batch);
        written += batch.size();
        batch.clear();
      }
    }
    site.store().write(batch);
    written += batch.size();
    double loaded = (System.nanoTime() - started) / 1e9;
    long hours =
        site.platform().rollupService().rebuild(from, until, sensorIds, Rollups.Progress.NONE);
    System.err.printf(
        Locale.ROOT,
        "QueryApiLatency: %s: %,d readings written in %.1f s, %,d sensor-hours rolled up in"
            + " %.1f s%n",
        site.label(),
        written,
        loaded,
        hours,
        (System.nanoTime() - started) / 1e9 - loaded);
  }

  /** Values vary by sensor and minute, within each field's accepted range. */
  private Reading reading(int sensor, Instant time) {
    long minute = time.getEpochSecond() / 60;
    long mix = (sensor * 7919L + minute * 104_729L) % 10_000;
    long nanos = time.getEpochSecond() * 1_000_000_000L + sensor * 3_000_000L;
    return Reading.builder(sensorIds.get(sensor), nanos)
        .set(Field.PM25, mix / 20.0)
        .set(Field.PM10, mix / 10.0)
        .set(Field.TEMPERATURE, 20 + (minute % 150) / 10.0)
        .set(Field.HUMIDITY, 40 + (minute % 500) / 10.0)
        .set(Field.CO, (mix % 50) / 10.0)
        .set(Field.NO2, (mix % 400) / 2.0)
        .set(Field.O3, (minute % 300) / 4.0)
        .build()
        .withTags(locationName, "AirGradient");
  }

  /** Waits (at most 2 minutes) for InfluxDB to finish compacting what was written. */
  private void settle() throws InterruptedException {
    if (!options.backends().contains("influxdb")) {
      return;
    }
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    int quiet = 0;
    while (quiet < 3 && System.nanoTime() < deadline) {
      quiet = services.influxCompactionsPending() == 0 ? quiet + 1 : 0;
      Thread.sleep(1_000);
    }
    if (quiet < 3) {
      notes.add("InfluxDB still had compactions pending after 2 minutes; measured anyway.");
    }
  }

  /**
   * Every request once, and InfluxQL's hourly means of the location equal to the JSON API's in
   * every whole hour both name (the first and the current hour may differ: the JSON API's windows
   * are the hours that start in the range, InfluxQL's those that overlap it).
   */
  private void validate(QueryRequests q) throws Exception {
    String sensor = sensorIds.get(0);
    int fluxRows = q.fluxLastHourRows(sensor);
    int points = q.influxQlLastHourPoints(sensor);
    int readings = q.jsonLastHourReadings(sensor);
    int fluxWindows = q.fluxWeekRows();
    Map<Instant, Double> influxQl = q.influxQlWeek();
    Map<Instant, Double> json = q.jsonWeek();
    int compared = 0;
    for (var entry : json.entrySet()) {
      Double other = influxQl.get(entry.getKey());
      if (other == null || entry.getKey().isAfter(now.minus(Duration.ofHours(1)))) {
        continue;
      }
      if (Math.abs(other - entry.getValue()) > 1e-9 * Math.max(1, Math.abs(other))) {
        throw new IllegalStateException(
            "%s: the hourly mean of %s is %s by InfluxQL and %s by the JSON API"
                .formatted(q.site().label(), entry.getKey(), other, entry.getValue()));
      }
      compared++;
    }
    if (compared < 160) {
      throw new IllegalStateException(
          q.site().label() + ": only " + compared + " hours in both InfluxQL's and JSON's answer");
    }
    System.err.printf(
        "QueryApiLatency: %s: last hour: Flux %d rows, InfluxQL %d points, JSON %d readings;"
            + " 7 days: Flux %d rows, InfluxQL and JSON agree on %d hourly means%n",
        q.site().label(), fluxRows, points, readings, fluxWindows, compared);
  }

  private List<Interleaved.Variant> variants(List<QueryRequests> sites) {
    var variants = new ArrayList<Interleaved.Variant>();
    for (QueryRequests q : sites) {
      String on = " on " + q.site().label();
      int[] json = {0};
      int[] flux = {0};
      int[] influxQl = {0};
      variants.add(
          new Interleaved.Variant(
              "1h raw: JSON history" + on,
              () -> q.jsonLastHourReadings(QueryRequests.turn(sensorIds, json))));
      variants.add(
          new Interleaved.Variant(
              "1h raw: Flux" + on,
              () -> q.fluxLastHourRows(QueryRequests.turn(sensorIds, flux))));
      variants.add(
          new Interleaved.Variant(
              "1h raw: InfluxQL" + on,
              () -> q.influxQlLastHourPoints(QueryRequests.turn(sensorIds, influxQl))));
      variants.add(new Interleaved.Variant("7d hourly: JSON history" + on, q::jsonWeek));
      variants.add(new Interleaved.Variant("7d hourly: Flux" + on, q::fluxWeekRows));
      variants.add(new Interleaved.Variant("7d hourly: InfluxQL" + on, q::influxQlWeek));
    }
    return variants;
  }
}
