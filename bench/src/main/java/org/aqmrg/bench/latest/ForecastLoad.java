package org.aqmrg.bench.latest;

import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.aqmrg.app.Platform;
import org.aqmrg.bench.auth.Machine;
import org.aqmrg.bench.ingest.TestServices;
import org.aqmrg.config.Settings;
import org.aqmrg.http.WebApp;
import org.aqmrg.predictions.Forecast;
import org.aqmrg.predictions.ForecastStore;
import org.aqmrg.predictions.influx.InfluxForecastStore;
import org.aqmrg.predictions.postgres.PostgresForecastStore;
import org.aqmrg.readings.influx.InfluxReadingStore;

/**
 * Forecasts: how fast the forecasting pipeline's batches of 10,000 forecasts (100 locations × 4
 * pollutants × 25 hours, each batch a new issue) are stored through {@code POST
 * /api/v1/predictions} on each backend (target: at least 50,000 per second), against the same
 * forecasts written straight to the same store adapters (the baseline: no HTTP, no JSON, no checks,
 * no cache); then how fast a location's 72-hour forecast is read from the cache, {@code GET
 * /api/v1/locations/{id}/forecast?pollutant=pm25}, at 1,000 requests per second (target: p99 at
 * most 5 ms), against {@code GET /health/live} at the same rate, with the open-load generator of
 * {@link LatestLoad}. Writes go first on PostgreSQL, then on InfluxDB with Redis as cache, where
 * the reads run.
 */
public final class ForecastLoad {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
  private static final int LOCATIONS = 100;
  private static final List<String> POLLUTANTS = List.of("pm25", "pm10", "no2", "o3");
  private static final int HOURS = 25;
  private static final int BATCHES = 10;

  private ForecastLoad() {}

  public static void main(String[] args) throws Exception {
    var options = LatestLoad.Options.parse(args, 1000);
    var services = TestServices.fromEnvironment(System.getenv());
    progress(Machine.describe() + "; load average " + Machine.loadAverage());
    var rows = new ArrayList<String>();
    for (String backend : List.of("postgres", "influxdb")) {
      String name = "bench_forecasts_" + STAMP.format(Instant.now()) + "_" + backend.charAt(0);
      services.createDatabase(name);
      boolean influx = backend.equals("influxdb");
      if (influx) {
        services.createInfluxDatabase(name);
      }
      try {
        var env = new java.util.HashMap<>(services.platformEnv(name, backend, influx ? name : null));
        env.put("AQMRG_RATE_LIMIT_ANONYMOUS", "10000000");
        env.put("AQMRG_RATE_LIMIT_TOKEN", "10000000");
        env.put("AQMRG_ALERTS", "off");
        env.put("AQMRG_ROLLUPS", "off");
        try (var platform = Platform.start(Settings.from(env))) {
          rows.add(writes(platform, backend));
          if (influx) {
            reads(platform, options);
          }
        }
      } finally {
        services.dropDatabase(name);
        if (influx) {
          services.dropInfluxDatabase(name);
        }
        progress("dropped " + name);
      }
    }
    System.out.println();
    System.out.println(
        "| backend | platform forecasts/s (median of " + BATCHES + " batches) | batch ms min–max"
            + " | adapters directly forecasts/s (baseline) | platform / baseline | ≥ 50,000/s |");
    System.out.println("|---|---:|---:|---:|---:|---|");
    rows.forEach(System.out::println);
  }

  private static List<UUID> locations(Platform platform, String prefix, int count)
      throws Exception {
    var ids = new ArrayList<UUID>();
    try (var connection = platform.database().dataSource().getConnection();
        var insert =
            connection.prepareStatement(
                "INSERT INTO locations (id, name, city, country, latitude, longitude)"
                    + " VALUES (?, ?, 'Lagos', 'NG', 6.5, 3.3)")) {
      for (int i = 0; i < count; i++) {
        UUID id = UUID.randomUUID();
        insert.setObject(1, id);
        insert.setString(2, prefix + " " + i);
        insert.executeUpdate();
        ids.add(id);
      }
    }
    return ids;
  }

  private static List<Forecast> batch(List<UUID> locations, Instant issued, int hours) {
    Instant first = issued.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
    var batch = new ArrayList<Forecast>();
    for (UUID location : locations) {
      for (String pollutant : POLLUTANTS) {
        for (int h = 0; h < hours; h++) {
          double value = 20 + (h * 7 + pollutant.length()) % 30;
          batch.add(
              new Forecast(
                  location, pollutant, first.plus(Duration.ofHours(h)), value, value - 5,
                  value + 5, 0.9, "xgb", "2026.12.1", issued));
        }
      }
    }
    return batch;
  }

  private static String json(List<Forecast> batch) {
    var out = new StringBuilder(batch.size() * 260).append('[');
    for (Forecast f : batch) {
      out.append(out.length() == 1 ? "" : ",")
          .append("{\"location_id\":\"").append(f.locationId())
          .append("\",\"pollutant\":\"").append(f.pollutant())
          .append("\",\"target_time\":\"").append(f.targetTime())
          .append("\",\"value\":").append(f.value())
          .append(",\"lower\":").append(f.lower())
          .append(",\"upper\":").append(f.upper())
          .append(",\"interval_level\":0.9,\"model_name\":\"xgb\",\"model_version\":\"2026.12.1\"")
          .append(",\"issued_at\":\"").append(f.issuedAt()).append("\"}");
    }
    return out.append(']').toString();
  }

  private static String writes(Platform platform, String backend) throws Exception {
    var locations = locations(platform, "bench", LOCATIONS);
    var token =
        platform.web().tokens().create(null, "bench", List.of("write:predictions"), List.of(), null);
    Javalin app = WebApp.create(platform.web()).start("127.0.0.1", 0);
    var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create("http://127.0.0.1:" + app.port() + "/api/v1/predictions");
    ForecastStore table =
        new PostgresForecastStore(platform.database().sql(), "bench PostgreSQL");
    List<ForecastStore> stores =
        platform.readings() instanceof InfluxReadingStore influx
            ? List.of(table, new InfluxForecastStore(influx))
            : List.of(table);
    // Issues on the hour, as an hourly pipeline's: the platform's the even hours back from now,
    // the baseline's the odd ones, all with targets in the cached future or the recent past.
    Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS);
    double[] platformMs = new double[BATCHES];
    double[] directMs = new double[BATCHES];
    try {
      for (int i = -2; i < BATCHES; i++) {
        // Each batch is a new issue (new rows), as an hourly pipeline's are.
        String body = json(batch(locations, base.minus(Duration.ofHours(2L * (i + 2))), HOURS));
        var direct = batch(locations, base.minus(Duration.ofHours(2L * (i + 2) + 1)), HOURS);
        var request =
            HttpRequest.newBuilder(uri)
                .header("Authorization", "Token " + token.secret())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long t0 = System.nanoTime();
        var answer = client.send(request, HttpResponse.BodyHandlers.ofString());
        long t1 = System.nanoTime();
        if (answer.statusCode() != 204) {
          throw new IllegalStateException("POST answered " + answer.statusCode() + ": " + answer.body());
        }
        for (ForecastStore store : stores) {
          store.write(direct);
        }
        long t2 = System.nanoTime();
        if (i >= 0) {
          platformMs[i] = (t1 - t0) / 1e6;
          directMs[i] = (t2 - t1) / 1e6;
          progress(
              "%s batch %d: platform %.0f ms, adapters directly %.0f ms"
                  .formatted(backend, i + 1, platformMs[i], directMs[i]));
        }
      }
    } finally {
      app.stop();
    }
    int n = locations.size() * POLLUTANTS.size() * HOURS;
    double platformRate = n / (median(platformMs) / 1000);
    double directRate = n / (median(directMs) / 1000);
    Arrays.sort(platformMs);
    return String.format(
        Locale.ROOT,
        "| %s | %,.0f | %.0f–%.0f | %,.0f | %.2f | %s |",
        backend, platformRate, platformMs[0], platformMs[BATCHES - 1], directRate,
        platformRate / directRate, platformRate >= 50_000 ? "yes" : "**no**");
  }

  private static void reads(Platform platform, LatestLoad.Options options) throws Exception {
    var location = locations(platform, "bench read", 1).get(0);
    Instant issued = Instant.now().minus(Duration.ofMinutes(1)).truncatedTo(ChronoUnit.SECONDS);
    var forecast = batch(List.of(location), issued, 80);
    var token =
        platform.web().tokens().create(null, "bench-read", List.of("write:predictions"), List.of(), null);
    Javalin app = WebApp.create(platform.web()).start("127.0.0.1", 0);
    try {
      var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      var answer =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/api/v1/predictions"))
                  .header("Authorization", "Token " + token.secret())
                  .POST(HttpRequest.BodyPublishers.ofString(json(forecast)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 204) {
        throw new IllegalStateException("writing the forecast failed: " + answer.body());
      }
      var targets = new LinkedHashMap<String, LatestLoad.Target>();
      targets.put(
          "GET /health/live (baseline)", new LatestLoad.Target("/health/live", "\"up\""));
      targets.put(
          "GET /api/v1/locations/{id}/forecast?pollutant=pm25 (72 hours from the cache: the"
              + " prediction:{location_id}:{timestamp} entries of Redis, reused 1 s in process)",
          new LatestLoad.Target(
              "/api/v1/locations/" + location + "/forecast?pollutant=pm25",
              "\"model_name\":\"xgb\""));
      LatestLoad.measure(
          URI.create("http://127.0.0.1:" + app.port()),
          targets,
          options,
          "A location's 72-hour forecast under load");
    } finally {
      app.stop();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void progress(String message) {
    System.err.println("ForecastLoad: " + message);
  }
}
