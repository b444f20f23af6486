package org.aqmrg.bench.latest;

import io.javalin.Javalin;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.aqmrg.bench.auth.Machine;
import org.aqmrg.bench.ingest.TestServices;
import org.aqmrg.app.Platform;
import org.aqmrg.config.Settings;
import org.aqmrg.http.WebApp;
import org.aqmrg.ratelimit.RateLimiter;

/**
 * How fast the latest value is read: {@code GET /api/v1/sensors/{id}/latest} under load with
 * Redis as the cache, p99 at most 5 ms at 2,000 requests per second on loopback.
 *
 * <p>The load is <b>open</b> (constant arrival rate, as wrk2 makes it): request {@code i} is due at
 * {@code start + i / rate}; {@code --connections} keep-alive HTTP/1.1 connections on plain
 * blocking sockets, one thread each, take the due requests in turn, and each latency is measured
 * from the request's <i>due</i> time, so a stall of the server (or of the generator) shows in the
 * percentiles instead of slowing the load down (no coordinated omission). Latencies go into
 * HdrHistograms (3 significant digits). Every answer must be 200 with the sensor's reading in it,
 * or the run fails. (A first version used {@code java.net.http.HttpClient.sendAsync}; on these 2
 * cores it could not itself send 2,000 requests per second.)
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
        --connections N  keep-alive connections, one thread each (default 4)
      Needs the test servers: scripts/test-services start; eval "$(scripts/test-services env)"\
      """;
  private static final String SENSOR = "LAG-BENCH-LATEST-01";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);


  private LatestLoad() {}

  record Options(int rate, int seconds, int rounds, int warmup, int connections) {
    static Options parse(String[] args) {
      return parse(args, 2000);
    }

    static Options parse(String[] args, int rate) {
      var values = new LinkedHashMap<String, Integer>();
      values.put("--rate", rate);
      values.put("--seconds", 20);
      values.put("--rounds", 3);
      values.put("--warmup", 10);
      values.put("--connections", 4);
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
          values.get("--warmup"),
          values.get("--connections"));
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
      platform.web().latest().awaitOffers(); // written to the cache just after the answer
      if (platform.cache().get("sensor:" + SENSOR + ":latest").isEmpty()) {
        throw new IllegalStateException("the reading is not in the latest-value cache");
      }
      var targets = new LinkedHashMap<String, Target>();
      targets.put(
          "GET /health/live (baseline: no rate limit, no cache, no store)",
          new Target("/health/live", "\"up\""));
      targets.put(
          "GET /api/v1/sensors/{id}/latest (anonymous: rate limit counted in process and synced to Redis every 100 ms; reading from Redis, reused 1 s)",
          new Target("/api/v1/sensors/" + SENSOR + "/latest", "\"pm25\":35.2"));

      measure(URI.create(base), targets, options, "Latest value under load");
    } finally {
      app.stop();
      platform.cache().delete("sensor:" + SENSOR + ":latest");
      platform.cache().delete(RateLimiter.key("ip:127.0.0.1", "/api/v1/sensors/{id}/latest"));
      platform.cache().delete(RateLimiter.key("token:" + token.token().id(), "/api/v2/write"));
    }
  }


  /**
   * Drives each target at the options' rate: one warm-up each, then the rounds, alternating the
   * targets, and prints the report under {@code title}.
   */
  static void measure(URI base, Map<String, Target> targets, Options options, String title)
      throws Exception {
    for (var entry : targets.entrySet()) {
      progress("warm-up: " + entry.getKey());
      drive(
          base,
          entry.getValue(),
          options.rate(),
          options.warmup(),
          options.connections(),
          new ConcurrentHistogram(3));
    }
    var totals = new LinkedHashMap<String, Histogram>();
    var rounds = new ArrayList<String>();
    targets.keySet().forEach(name -> totals.put(name, new ConcurrentHistogram(3)));
    for (int round = 1; round <= options.rounds(); round++) {
      for (var entry : targets.entrySet()) {
        Thread.sleep(2_000);
        String load = Machine.loadAverage();
        var histogram = new ConcurrentHistogram(3);
        var result =
            drive(
                base,
                entry.getValue(),
                options.rate(),
                options.seconds(),
                options.connections(),
                histogram);
        totals.get(entry.getKey()).add(histogram);
        rounds.add(
            row(entry.getKey() + ", round " + round, histogram, result) + " " + load + " |");
        progress(
            "round %d %s: p99 %.2f ms, achieved %.0f/s"
                .formatted(round, entry.getKey(), ms(histogram, 99), result.achievedRate()));
      }
    }
    report(title, options, totals, rounds);
  }

  record Target(String path, String expected) {}

  private record Result(long sent, double achievedRate, long maxDispatchLagMicros) {}

  /**
   * Sends {@code rate × seconds} requests at their intended times over {@code connections}
   * keep-alive connections and records each latency from its intended time; fails on the first
   * wrong answer. Each connection's thread takes the next slot of the schedule, waits for its time
   * (or sends at once when it is already late) and reads the whole answer, so a slow answer delays
   * the slots after it on that connection and their lateness shows in their latencies, as in wrk2.
   */
  private static Result drive(
      URI base, Target target, int rate, int seconds, int connections, Histogram histogram)
      throws Exception {
    long total = (long) rate * seconds;
    double period = 1e9 / rate;
    var next = new AtomicLong();
    var maxLag = new AtomicLong();
    var failure = new AtomicReference<Throwable>();
    long start = System.nanoTime() + 20_000_000;
    byte[] request =
        ("GET " + target.path() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    var threads = new ArrayList<Thread>();
    for (int c = 0; c < connections; c++) {
      var thread =
          new Thread(
                  () -> {
                    try (var socket = new Socket(base.getHost(), base.getPort())) {
                      socket.setTcpNoDelay(true);
                      var in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                      var out = socket.getOutputStream();
                      for (long i = next.getAndIncrement();
                          i < total && failure.get() == null;
                          i = next.getAndIncrement()) {
                        long intended = start + (long) (i * period);
                        long wait = intended - System.nanoTime();
                        if (wait > 0) {
                          LockSupport.parkNanos(wait);
                        }
                        maxLag.accumulateAndGet(System.nanoTime() - intended, Math::max);
                        out.write(request);
                        out.flush();
                        Answer answer = Answer.read(in);
                        long latency = System.nanoTime() - intended;
                        if (answer.status() != 200 || !answer.body().contains(target.expected())) {
                          throw new IllegalStateException(
                              "answer " + answer.status() + ": " + answer.body());
                        }
                        histogram.recordValue(TimeUnit.NANOSECONDS.toMicros(latency));
                      }
                    } catch (Exception e) {
                      failure.compareAndSet(null, e);
                    }
                  },
              "load-" + c);
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    long end = System.nanoTime();
    if (failure.get() != null) {
      throw new IllegalStateException("a request failed", failure.get());
    }
    double achieved = histogram.getTotalCount() / ((end - start) / 1e9);
    return new Result(histogram.getTotalCount(), achieved, maxLag.get() / 1000);
  }

  /** An HTTP/1.1 answer with a {@code Content-Length} or chunked body. */
  private record Answer(int status, String body) {
    static Answer read(BufferedInputStream in) throws IOException {
      String statusLine = line(in);
      String[] parts = statusLine.split(" ", 3);
      if (parts.length < 2) {
        throw new IOException("not an HTTP answer: '" + statusLine + "'");
      }
      int status = Integer.parseInt(parts[1]);
      long length = -1;
      boolean chunked = false;
      for (String header = line(in); !header.isEmpty(); header = line(in)) {
        String lower = header.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-length:")) {
          length = Long.parseLong(lower.substring(15).trim());
        } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
          chunked = true;
        }
      }
      var body = new ByteArrayOutputStream();
      if (chunked) {
        for (int size = Integer.parseInt(line(in).trim(), 16); size > 0;
            size = Integer.parseInt(line(in).trim(), 16)) {
          body.write(in.readNBytes(size));
          line(in);
        }
        line(in);
      } else if (length >= 0) {
        body.write(in.readNBytes((int) length));
      } else {
        throw new IOException("an answer without Content-Length or chunks");
      }
      return new Answer(status, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(BufferedInputStream in) throws IOException {
      var text = new StringBuilder();
      for (int b = in.read(); b != '\n'; b = in.read()) {
        if (b < 0) {
          throw new IOException("the server closed the connection");
        }
        if (b != '\r') {
          text.append((char) b);
        }
      }
      return text.toString();
    }
  }

  private static void report(
      String title, Options options, Map<String, Histogram> totals, List<String> rounds) {
    var out = System.out;
    out.println("### " + title + " (" + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")");
    out.println();
    out.printf(
        Locale.ROOT,
        "Open load at %,d requests/s over %d keep-alive connections, %d s per round and target,"
            + " %d rounds, after %d s warm-up per target; %s.%n%n",
        options.rate(), options.connections(), options.seconds(), options.rounds(), options.warmup(),
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
