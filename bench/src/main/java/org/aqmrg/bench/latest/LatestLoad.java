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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.aqmrg.bench.auth.Machine;
import org.aqmrg.bench.ingest.TestServices;
import org.aqmrg.config.Platform;
import org.aqmrg.config.Settings;
import org.aqmrg.http.WebApp;
import org.aqmrg.ratelimit.RateLimiter;

/**
 * Issue 5's first read-speed question: {@code GET /api/v1/sensors/{id}/latest} under load with
 * Redis as the cache, p99 at most 5 ms at 2,000 requests per second on loopback.
 *
 * <p>The load is <b>open</b> (constant arrival rate, as wrk2 makes it): one dispatcher thread sends
 * request {@code i} at {@code start + i / rate} with {@code HttpClient.sendAsync} (HTTP/1.1, as
 * many keep-alive connections as are busy at once), whether or not earlier answers have come, and
 * each latency is measured from the request's <i>intended</i> send time, so a stall of the server
 * (or of the generator) shows in the percentiles instead of slowing the load down (no coordinated
 * omission). Latencies go into HdrHistograms (3 significant digits). Every answer must be 200 with
 * the sensor's reading in it, or the run fails.
 *
 * <p>It starts the real platform in process ({@code Platform.start} + {@code WebApp}) on 127.0.0.1
 * with a fresh PostgreSQL database and the test Redis as cache, the anonymous rate limit raised
 * out of reach (callers are anonymous, as a public dashboard is), registers one sensor and writes
 * one reading through {@code POST /api/v2/write}, so {@code sensor:{id}:latest} is in Redis.
 * Baseline in the same run, same rate and client: {@code GET /health/live}, the same server and
 * routing with no rate limit, no cache and no store. Rounds alternate baseline and latest, after
 * one unreported warm-up of each.
 */
public final class LatestLoad {
  private static final String USAGE =
      """
      Usage: bench/run org.aqmrg.bench.latest.LatestLoad [options]
        --rate N      requests per second (default 2000)
        --seconds N   measured seconds per round and target (default 20)
        --rounds N    measured rounds per target (default 3)
        --warmup N    unreported seconds per target first (default 10)
      Needs the test servers: scripts/test-services start; eval "$(scripts/test-services env)"\
      """;
  private static final String SENSOR = "LAG-BENCH-LATEST-01";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private LatestLoad() {}

  record Options(int rate, int seconds, int rounds, int warmup) {
    static Options parse(String[] args) {
      var values = new LinkedHashMap<String, Integer>();
      values.put("--rate", 2000);
      values.put("--seconds", 20);
      values.put("--rounds", 3);
      values.put("--warmup", 10);
      for (int i = 0; i < args.length; i++) {
        if (!values.containsKey(args[i]) || i + 1 >= args.length) {
          throw new IllegalArgumentException("unknown option or missing value: '" + args[i] + "'");
        }
        try {
          int value = Integer.parseInt(args[i + 1]);
          if (value < 1 || value > 100_000) {
            throw new NumberFormatException();
          }
          values.put(args[i], value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              args[i] + " must be a number from 1 to 100000, got '" + args[i + 1] + "'");
        }
        i++;
      }
      return new Options(
          values.get("--rate"), values.get("--seconds"), values.get("--rounds"),
          values.get("--warmup"));
    }
  }

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help")) {
      System.out.println(USAGE);
      return;
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("LatestLoad: " + e.getMessage() + "\n" + USAGE);
      System.exit(2);
      return;
    }
    var services = TestServices.fromEnvironment(System.getenv());
    String database = "bench_latest_" + STAMP.format(Instant.now());
    progress(Machine.describe() + "; load average " + Machine.loadAverage());
    services.createDatabase(database);
    try {
      var env = new java.util.HashMap<>(services.platformEnv(database, "postgres", null));
      env.put("AQMRG_RATE_LIMIT_ANONYMOUS", "10000000");
      env.put("AQMRG_RATE_LIMIT_TOKEN", "10000000");
      try (var platform = Platform.start(Settings.from(env))) {
        run(platform, options);
      }
    } finally {
      services.dropDatabase(database);
      progress("dropped database " + database);
    }
  }

  private static void run(Platform platform, Options options) throws Exception {
    try (var connection = platform.database().dataSource().getConnection();
        var insert =
            connection.prepareStatement(
                "INSERT INTO sensors (id, name, status) VALUES (?, 'bench', 'active')")) {
      insert.setString(1, SENSOR);
      insert.executeUpdate();
    }
    var token =
        platform.web().tokens().create(null, "bench", List.of("write:readings"), List.of(), null);
    Javalin app = WebApp.create(platform.web()).start("127.0.0.1", 0);
    var client =
        HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    String base = "http://127.0.0.1:" + app.port();
    try {
      long nanos = Instant.now().minusSeconds(30).getEpochSecond() * 1_000_000_000L;
      var write =
          client.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v2/write?bucket=sensor_data&precision=ns"))
                  .header("Authorization", "Token " + token.secret())
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "air_quality,sensor_id=" + SENSOR
                              + " pm25=35.2,pm10=45.8,temperature=28.5,humidity=78,co=0.6,"
                              + "no2=21.4,o3=18.9 " + nanos))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (write.statusCode() != 204) {
        throw new IllegalStateException("writing the reading failed: " + write.body());
      }
      if (platform.cache().get("sensor:" + SENSOR + ":latest").isEmpty()) {
        throw new IllegalStateException("the reading is not in the latest-value cache");
      }
      var targets = new LinkedHashMap<String, Target>();
      targets.put(
          "GET /health/live (baseline: no rate limit, no cache, no store)",
          new Target(request(base + "/health/live"), "\"up\""));
      targets.put(
          "GET /api/v1/sensors/{id}/latest (anonymous; rate limit and reading from Redis)",
          new Target(request(base + "/api/v1/sensors/" + SENSOR + "/latest"), "\"pm25\":35.2"));

      for (var entry : targets.entrySet()) {
        progress("warm-up: " + entry.getKey());
        drive(client, entry.getValue(), options.rate(), options.warmup(), new ConcurrentHistogram(3));
      }
      var totals = new LinkedHashMap<String, Histogram>();
      var rounds = new ArrayList<String>();
      targets.keySet().forEach(name -> totals.put(name, new ConcurrentHistogram(3)));
      for (int round = 1; round <= options.rounds(); round++) {
        for (var entry : targets.entrySet()) {
          Thread.sleep(2_000);
          String load = Machine.loadAverage();
          var histogram = new ConcurrentHistogram(3);
          var result = drive(client, entry.getValue(), options.rate(), options.seconds(), histogram);
          totals.get(entry.getKey()).add(histogram);
          rounds.add(
              row(entry.getKey() + ", round " + round, histogram, result) + " " + load + " |");
          progress(
              "round %d %s: p99 %.2f ms, achieved %.0f/s"
                  .formatted(round, entry.getKey(), ms(histogram, 99), result.achievedRate()));
        }
      }
      report(options, totals, rounds);
    } finally {
      app.stop();
      platform.cache().delete("sensor:" + SENSOR + ":latest");
      platform.cache().delete(RateLimiter.key("ip:127.0.0.1", "/api/v1/sensors/{id}/latest"));
      platform.cache().delete(RateLimiter.key("token:" + token.token().id(), "/api/v2/write"));
    }
  }

  private record Target(HttpRequest request, String expected) {}

  private record Result(long sent, double achievedRate, long maxDispatchLagMicros) {}

  private static HttpRequest request(String uri) {
    return HttpRequest.newBuilder(URI.create(uri)).timeout(TIMEOUT).GET().build();
  }

  /**
   * Sends {@code rate × seconds} requests at their intended times and records each latency from
   * its intended time; fails on the first wrong answer.
   */
  private static Result drive(
      HttpClient client, Target target, int rate, int seconds, Histogram histogram)
      throws Exception {
    long total = (long) rate * seconds;
    double period = 1e9 / rate;
    var failure = new AtomicReference<Throwable>();
    var maxLag = new AtomicLong();
    var pending = new ArrayList<CompletableFuture<?>>((int) Math.min(total, 1_000_000));
    long start = System.nanoTime() + 10_000_000;
    for (long i = 0; i < total && failure.get() == null; i++) {
      long intended = start + (long) (i * period);
      long wait = intended - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      long lag = System.nanoTime() - intended;
      if (lag > maxLag.get()) {
        maxLag.set(lag);
      }
      pending.add(
          client
              .sendAsync(target.request(), HttpResponse.BodyHandlers.ofString())
              .whenComplete(
                  (response, error) -> {
                    long latency = System.nanoTime() - intended;
                    if (error != null) {
                      failure.compareAndSet(null, error);
                    } else if (response.statusCode() != 200
                        || !response.body().contains(target.expected())) {
                      failure.compareAndSet(
                          null,
                          new IllegalStateException(
                              "answer " + response.statusCode() + ": " + response.body()));
                    } else {
                      histogram.recordValue(TimeUnit.NANOSECONDS.toMicros(latency));
                    }
                  }));
    }
    long sentBy = System.nanoTime();
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
        .exceptionally(e -> null)
        .get(60, TimeUnit.SECONDS);
    if (failure.get() != null) {
      throw new IllegalStateException("a request failed", failure.get());
    }
    double achieved = pending.size() / ((sentBy - start) / 1e9);
    return new Result(pending.size(), achieved, TimeUnit.NANOSECONDS.toMicros(maxLag.get()));
  }

  private static void report(Options options, Map<String, Histogram> totals, List<String> rounds) {
    var out = System.out;
    out.println("### Latest value under load (" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
    out.println();
    out.printf(
        Locale.ROOT,
        "Open load at %,d requests/s, %d s per round and target, %d rounds, after %d s warm-up"
            + " per target; %s.%n%n",
        options.rate(), options.seconds(), options.rounds(), options.warmup(),
        Machine.describe());
    out.println("| target, all rounds | requests | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |");
    out.println("|---|---:|---:|---:|---:|---:|---:|");
    totals.forEach(
        (name, h) ->
            out.printf(
                Locale.ROOT,
                "| %s | %,d | %.2f | %.2f | %.2f | %.2f | %.2f |%n",
                name, h.getTotalCount(), ms(h, 50), ms(h, 90), ms(h, 99), ms(h, 99.9),
                h.getMaxValue() / 1000.0));
    out.println();
    out.println(
        "| round | requests | p50 ms | p99 ms | p99.9 ms | max ms | achieved rate /s |"
            + " dispatcher's worst lag ms | load average before |");
    out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|");
    rounds.forEach(out::println);
  }

  private static String row(String name, Histogram h, Result result) {
    return String.format(
        Locale.ROOT,
        "| %s | %,d | %.2f | %.2f | %.2f | %.2f | %,.0f | %.2f |",
        name, h.getTotalCount(), ms(h, 50), ms(h, 99), ms(h, 99.9), h.getMaxValue() / 1000.0,
        result.achievedRate(), result.maxDispatchLagMicros() / 1000.0);
  }

  private static double ms(Histogram h, double percentile) {
    return h.getValueAtPercentile(percentile) / 1000.0;
  }

  private static void progress(String message) {
    System.err.println("LatestLoad: " + message);
  }
}
