package org.aqmrg.bench.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
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
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.aqmrg.bench.auth.Interleaved;
import org.aqmrg.bench.auth.Machine;
import org.aqmrg.bench.ingest.TestServices;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.ReadingStore;

/**
 * The history read-speed question: hourly means of one sensor over 7 days, from 1,000,000 stored
 * raw points: p50 at most 50 ms on each adapter, with the same query sent straight to InfluxDB in
 * the same run as the baseline.
 *
 * <p>It loads {@code sensors × days × 1,440} readings (one per sensor and minute, all seven fields)
 * through each adapter's own {@code write}: into a fresh InfluxDB database and into {@code
 * sensor_data} of a fresh PostgreSQL database, which both of the real platforms it starts share for
 * the registry. It then waits for InfluxDB's compactions to finish and runs {@code VACUUM ANALYZE
 * sensor_data} (what autovacuum reaches on its own), checks that all points are stored and that
 * the three answers agree, and times, round-robin ({@link Interleaved}), the hourly means of all
 * seven fields of one sensor (a different one each round, the same for every variant) over the
 * whole range:
 *
 * <ol>
 *   <li>InfluxDB straight: {@code POST /query} with the InfluxQL the platform sends, answer parsed;
 *   <li>the platform on InfluxDB and on PostgreSQL over HTTP: {@code GET
 *       /api/v1/sensors/{id}/readings?every=1h&fn=mean&from=…&to=…} with a {@code read:all} token
 *       (guard, Redis rate limit, registry lookup, store, JSON), answer parsed;
 *   <li>each adapter's {@code ReadingStore.query} in process: the store's share of that;
 *   <li>for reference, {@code GET /api/v1/auth/me} with the same token: the same server and guard
 *       without any history work, i.e. the platform's fixed cost per request.
 * </ol>
 *
 * <p>Each answer must hold one window per hour of the range, or the run fails. Everything it
 * creates (two databases, its Redis keys) is removed at the end. Progress goes to standard error,
 * the results as markdown to standard output.
 */
public final class HistoryLatency {
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HistoryOptions options;
  private final TestServices services;
  private final String name = "bench_history_" + STAMP.format(Instant.now());
  private final Instant from;
  private final Instant to;
  private final Dataset data;
  private final List<String> sensorIds;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final List<String> notes = new ArrayList<>();

  private HistoryLatency(HistoryOptions options, TestServices services) {
    this.options = options;
    this.services = services;
    this.to = Instant.now().truncatedTo(ChronoUnit.HOURS);
    this.from = to.minus(Duration.ofDays(options.days()));
    this.data = new Dataset(options, from);
    this.sensorIds = data.sensorIds();
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--help")) {
      System.out.println(HistoryOptions.USAGE);
      return;
    }
    HistoryOptions options;
    TestServices services;
    try {
      options = HistoryOptions.parse(args);
      services = TestServices.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("HistoryLatency: " + e.getMessage());
      System.err.println(HistoryOptions.USAGE);
      System.exit(2);
      return;
    }
    int status;
    try {
      status = new HistoryLatency(options, services).run();
    } catch (Exception e) {
      System.err.println("HistoryLatency failed: " + describe(e));
      status = 1;
    }
    // Client, pool and driver threads must not keep the program alive once it is done.
    System.exit(status);
  }

  /** An exception and its causes, one per line. */
  private static String describe(Throwable e) {
    var text = new StringBuilder(e.toString());
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append("\n  caused by ").append(cause);
    }
    return text.toString();
  }

  private int run() throws Exception {
    System.err.printf(
        "HistoryLatency: %,d points per store (%d sensors x %d days x 1,440), %s%n",
        options.points(), options.sensors(), options.days(), services);
    Deque<Runnable> cleanup = new ArrayDeque<>();
    try {
      services.createDatabase(name);
      cleanup.push(() -> services.dropDatabase(name));
      cleanup.push(() -> services.dropInfluxDatabase(name));
      try (var influx = Site.start("InfluxDB", services.platformEnv(name, "influxdb", name));
          var postgres = Site.start("PostgreSQL", services.platformEnv(name, "postgres", null))) {
        data.register(postgres);
        var loads = data.load(List.of(influx, postgres));
        notes.addAll(data.settle(services, name, postgres));
        validate(influx, postgres);
        var variants = variants(influx, postgres);
        var conditions =
            Interleaved.run("history", variants, options.warmup(), options.rounds());
        report(loads, variants, conditions);
      }
      return 0;
    } finally {
      while (!cleanup.isEmpty()) {
        try {
          cleanup.pop().run();
        } catch (RuntimeException e) {
          System.err.println("HistoryLatency: cleaning up failed: " + e.getMessage());
        }
      }
    }
  }

  private int windows() {
    return options.days() * 24;
  }

  /** The InfluxQL the platform's adapter sends for the query, as a client would send it. */
  private String influxQl(String sensorId) {
    var select = new StringBuilder("SELECT ");
    for (Field field : Field.values()) {
      select
          .append(field.ordinal() == 0 ? "" : ", ")
          .append("mean(\"")
          .append(field.key())
          .append("\") AS \"")
          .append(field.key())
          .append('"');
    }
    return select
        + " FROM \""
        + name
        + "\".\"sensor_data\".\"air_quality\" WHERE (\"sensor_id\" = '"
        + sensorId
        + "') AND time >= "
        + nanos(from)
        + " AND time < "
        + nanos(to)
        + " GROUP BY time(3600s) fill(none)";
  }

  private static long nanos(Instant time) {
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }

  /** Straight to InfluxDB; returns the rows [time, 7 means]. */
  private JsonNode direct(String sensorId) throws IOException, InterruptedException {
    String form =
        "db="
            + name
            + "&epoch=ns&q="
            + URLEncoder.encode(influxQl(sensorId), StandardCharsets.UTF_8);
    var request =
        HttpRequest.newBuilder(services.influx().resolve("/query"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode values =
        JSON.readTree(response.body()).path("results").path(0).path("series").path(0).path("values");
    check("InfluxDB", response.statusCode(), values.size());
    return values;
  }

  /** Through the platform's HTTP API; returns {@code data}. */
  private JsonNode platform(Site site, String sensorId) throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + site.app().port()
                        + "/api/v1/sensors/"
                        + sensorId
                        + "/readings?every=1h&fn=mean&from="
                        + from
                        + "&to="
                        + to))
            .header("Authorization", site.authorization())
            .build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    JsonNode data = JSON.readTree(response.body()).path("data");
    check("the platform on " + site.label(), response.statusCode(), data.size());
    return data;
  }

  private int inProcess(Site site, String sensorId) {
    int[] rows = {0};
    site.store()
        .query(
            new Query.Windowed(
                List.of(sensorId),
                from,
                to,
                List.of(Field.values()),
                Duration.ofHours(1),
                Query.Aggregate.MEAN),
            row -> rows[0]++);
    check(site.label() + " store", 200, rows[0]);
    return rows[0];
  }

  private void check(String what, int status, int rows) {
    if (status != 200 || rows != windows()) {
      throw new IllegalStateException(
          what + " answered " + status + " with " + rows + " windows, expected " + windows());
    }
  }

  /** The three answers for one sensor agree, window by window and field by field. */
  private void validate(Site influx, Site postgres) throws Exception {
    String sensor = sensorIds.get(0);
    JsonNode direct = direct(sensor);
    JsonNode viaInflux = platform(influx, sensor);
    JsonNode viaPostgres = platform(postgres, sensor);
    double worst = 0;
    for (int w = 0; w < windows(); w++) {
      for (Field field : Field.values()) {
        double expected = direct.path(w).path(field.ordinal() + 1).asDouble();
        for (JsonNode answer : List.of(viaInflux, viaPostgres)) {
          double actual = answer.path(w).path(field.key()).asDouble();
          worst = Math.max(worst, Math.abs(actual - expected) / Math.max(1e-9, Math.abs(expected)));
        }
      }
    }
    if (worst > 1e-9) {
      throw new IllegalStateException("the answers differ, by up to " + worst + " (relative)");
    }
    notes.add(
        "The three answers for "
            + sensor
            + " agree: "
            + windows()
            + " windows x 7 fields, largest relative difference "
            + worst
            + ".");
  }

  private List<Interleaved.Variant> variants(Site influx, Site postgres) {
    // Each variant draws the same sequence of sensors, so every round asks all of them the same.
    var variants = new ArrayList<Interleaved.Variant>();
    variants.add(variant("InfluxDB straight: POST /query (baseline)", this::direct));
    variants.add(variant("platform on InfluxDB: GET …/readings", id -> platform(influx, id)));
    variants.add(variant("platform on PostgreSQL: GET …/readings", id -> platform(postgres, id)));
    variants.add(variant("InfluxReadingStore.query, in process", id -> inProcess(influx, id)));
    variants.add(variant("PostgresReadingStore.query, in process", id -> inProcess(postgres, id)));
    variants.add(variant("reference: GET /api/v1/auth/me, same token", id -> me(postgres)));
    return variants;
  }

  /** A request through the same server and guard that does no history work: the fixed cost. */
  private JsonNode me(Site site) throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + site.app().port() + "/api/v1/auth/me"))
            .header("Authorization", site.authorization())
            .build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("GET /api/v1/auth/me answered " + response.statusCode());
    }
    return JSON.readTree(response.body());
  }

  private interface Ask {
    Object ask(String sensorId) throws Exception;
  }

  private Interleaved.Variant variant(String label, Ask ask) {
    var random = new Random(5);
    return new Interleaved.Variant(
        label, () -> ask.ask(sensorIds.get(random.nextInt(sensorIds.size()))));
  }

  private void report(
      Map<String, Double> loads,
      List<Interleaved.Variant> variants,
      Interleaved.Conditions conditions) {
    var out = System.out;
    out.printf("### Run %s%n%n", Instant.now().truncatedTo(ChronoUnit.SECONDS));
    out.printf("- Machine: %s%n", Machine.describe());
    out.printf(
        "- Data: %,d points in each store (%d sensors x %d days x 1,440, all seven fields);"
            + " query range %s to %s (%d hourly windows)%n",
        options.points(), options.sensors(), options.days(), from, to, windows());
    loads.forEach(
        (store, seconds) ->
            out.printf(
                Locale.ROOT,
                "- Loaded through the %s adapter in %.1f s (%,.0f points/s)%n",
                store,
                seconds,
                options.points() / seconds));
    out.printf(
        Locale.ROOT,
        "- Measured: %d rounds after %d warm-up, %.1f s; load average %s -> %s; %d GCs, %d ms%n",
        options.rounds(),
        options.warmup(),
        conditions.seconds(),
        conditions.loadBefore(),
        conditions.loadAfter(),
        conditions.gcCount(),
        conditions.gcMillis());
    notes.forEach(note -> out.println("- " + note));
    out.println();
    out.println("| variant | count | p50 ms | p90 ms | p99 ms | max ms | p50 ≤ 50 ms |");
    out.println("|---|---:|---:|---:|---:|---:|---|");
    for (var variant : variants) {
      Histogram h = variant.nanos;
      out.printf(
          "| %s | %d | %s | %s | %s | %s | %s |%n",
          variant.name,
          h.getTotalCount(),
          millis(h.getValueAtPercentile(50)),
          millis(h.getValueAtPercentile(90)),
          millis(h.getValueAtPercentile(99)),
          millis(h.getMaxValue()),
          variant.name.startsWith("reference")
              ? "(no target)"
              : h.getValueAtPercentile(50) <= 50_000_000L ? "yes" : "**no**");
    }
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }
}
