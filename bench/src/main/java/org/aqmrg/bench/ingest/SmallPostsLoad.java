package org.aqmrg.bench.ingest;

import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Many small posts at once: {@code --clients} (200) concurrent keep-alive HTTP/1.1 clients, each a
 * device posting {@code --lines} (10) readings of its sensor per request (see {@link SmallBodies}:
 * the ingest benchmark's 200 sensors and seven fields), closed loop. How many points per second,
 * and what latency per request, does the platform on InfluxDB take, against the same posts sent
 * straight to InfluxDB's {@code /write} in the same run? Issue target: at least twice InfluxDB
 * direct, p99 at most 20 ms. With {@code --target postgres}, the platform on PostgreSQL alone.
 *
 * <p>Each round has both sides, the one that goes first alternating, each with the same client
 * code, the same number of posts and the same bodies (timestamps apart), into an empty database: a
 * fresh one for InfluxDB direct (the platform's raw retention policy), the platform's own emptied
 * and its buckets made again. The platform runs in this JVM ({@link PlatformUnderTest}: the test
 * services' PostgreSQL, InfluxDB and Redis as cache, a {@code write:readings} token). Both sides
 * get the same request head but for the path and query: InfluxDB, whose authentication is off,
 * ignores the {@code Authorization} header. Every answer must be 204 and the store must hold,
 * counted after each run, at least the points acknowledged; otherwise the run fails. Unreported
 * warm-up rounds ({@code --warmup}) go first, done and checked alike.
 *
 * <p>The client ({@link KeepAliveClients}) is one thread with a selector driving all connections,
 * with no allocation per request: on two cores a thread per connection would make hundreds of
 * threads compete with the servers, and {@code java.net.http} costs several times more CPU per
 * request (the latest-values benchmark could not send 2,000 requests/s with it). Its CPU (thread
 * CPU time) is reported per request for each side, next to the JVM's remaining CPU (the platform,
 * GC and JIT), influxd's, the PostgreSQL backends' and Redis's, from {@code /proc}.
 *
 * <p>Latency is closed loop: a client sends its next post only when the previous answer is in, so a
 * server stall delays the posts that would have been sent meanwhile instead of timing them
 * (coordinated omission): the percentiles are those of the requests sent, not of a fixed arrival
 * rate, and with 200 clients the mean is 200 / requests per second.
 */
public final class SmallPostsLoad {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
  private static final long QUIET_LIMIT_SECONDS = 60;
  private static final long SEED = 20_240_101L;

  private SmallPostsLoad() {}

  public static void main(String[] args) {
    if (List.of(args).contains("--help")) {
      System.out.println(SmallPostsOptions.USAGE);
      return;
    }
    SmallPostsOptions options;
    TestServices services;
    try {
      options = SmallPostsOptions.parse(args);
      services = TestServices.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("SmallPostsLoad: " + e.getMessage());
      System.err.println(SmallPostsOptions.USAGE);
      System.exit(2);
      return;
    }
    int status;
    try {
      status = new Runner(options, services).run();
    } catch (Exception | OutOfMemoryError e) {
      System.err.println("SmallPostsLoad failed: " + describe(e));
      status = 1;
    }
    System.exit(status);
  }

  /** One run: the state the rounds share. */
  private static final class Runner {
    private final SmallPostsOptions options;
    private final TestServices services;
    private final String stamp =
        STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)).toLowerCase(Locale.ROOT);
    private final Cleanup cleanup = new Cleanup();
    private final CpuMeter cpu;
    private final KeepAliveClients client;
    private final List<SmallPostsReport.SideRun> runs = new ArrayList<>();
    private SmallBodies bodies;
    private int nextShiftMicros;

    Runner(SmallPostsOptions options, TestServices services) {
      this.options = options;
      this.services = services;
      this.cpu = new CpuMeter("bench_small_" + stamp);
      this.client = new KeepAliveClients(options.clientThreads());
    }

    int run() throws Exception {
      String loadAtStart = Machine.loadAverage();
      Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      progress(Machine.describe() + "; " + services + "; load average " + loadAtStart);
      bodies = SmallBodies.create(options.clients(), options.lines(), SEED);
      Exception failure = null;
      try {
        if (options.has("influxdb")) {
          influxdb();
        }
        if (options.has("postgres")) {
          postgres();
        }
      } catch (Exception e) {
        failure = e;
      } finally {
        var failures = cleanup.run();
        cleanup.done();
        failures.forEach(SmallPostsLoad::progress);
        if (failure == null && !failures.isEmpty()) {
          failure = new IllegalStateException("cleaning up failed: " + failures);
        }
      }
      new SmallPostsSummary(new SmallPostsReport(System.out), options, bodies, services)
          .print(runs, started, loadAtStart, failure);
      if (failure != null) {
        throw failure;
      }
      return 0;
    }

    // --- the platform on InfluxDB against InfluxDB direct ------------------------------------

    private void influxdb() throws Exception {
      String relational = "bench_small_" + stamp + "_influx";
      String series = "bench_small_" + stamp;
      services.createDatabase(relational);
      cleanup.add(
          "dropped PostgreSQL database " + relational, () -> services.dropDatabase(relational));
      cleanup.add("dropped InfluxDB database " + series, () -> services.dropInfluxDatabase(series));
      var env = services.platformEnv(relational, "influxdb", series);
      try (var put = PlatformUnderTest.start(env, bodies.sensorIds(), options.spool())) {
        progress("platform on InfluxDB listening on 127.0.0.1:" + put.port());
        emptyPlatformDatabase(put, series);
        var platform =
            KeepAliveClients.Target.of(
                SmallPostsReport.PLATFORM, put.writeUri(), put.authorization());
        for (int i = 0; i < options.warmup() + options.rounds(); i++) {
          int round = i - options.warmup() + 1; // 0 and below: warm-up rounds
          boolean directFirst = i % 2 == 0;
          KeepAliveClients.Budget budget = firstBudget();
          for (int order = 1; order <= 2; order++) {
            boolean direct = directFirst == (order == 1);
            SmallPostsReport.SideRun run =
                direct
                    ? direct(round, order, budget, put.authorization())
                    : platformRun(put, platform, series, round, order, budget);
            budget = KeepAliveClients.Budget.posts(run.outcome().posts());
            if (round >= 1) {
              runs.add(run);
            }
          }
        }
      }
    }

    private SmallPostsReport.SideRun direct(
        int round, int order, KeepAliveClients.Budget budget, String authorization)
        throws Exception {
      String database =
          "bench_small_" + stamp + "_direct_" + (round < 1 ? "warmup" + (1 - round) : round);
      services.createInfluxDatabase(database);
      cleanup.add(
          "dropped InfluxDB database " + database, () -> services.dropInfluxDatabase(database));
      URI uri = URI.create(services.influx() + "/write?db=" + database + "&precision=ns");
      var target = KeepAliveClients.Target.of(SmallPostsReport.DIRECT, uri, authorization);
      var run =
          measure(target, round, order, budget, () -> 0, () -> services.influxCount(database));
      services.dropInfluxDatabase(database);
      return run;
    }

    private SmallPostsReport.SideRun platformRun(
        PlatformUnderTest put,
        KeepAliveClients.Target target,
        String series,
        int round,
        int order,
        KeepAliveClients.Budget budget)
        throws Exception {
      var run =
          measure(
              target, round, order, budget, latestWait(put), () -> services.influxCount(series));
      emptyPlatformDatabase(put, series);
      return run;
    }

    /**
     * Drops the platform's InfluxDB database and has the platform make it again with its buckets,
     * so that its next run writes into an empty database, as InfluxDB direct's do, and nothing of
     * this run is left for InfluxDB to compact during the next.
     */
    private void emptyPlatformDatabase(PlatformUnderTest put, String series) {
      services.dropInfluxDatabase(series);
      put.platform().readings().createBuckets();
    }

    // --- the platform on PostgreSQL ----------------------------------------------------------

    private void postgres() throws Exception {
      String database = "bench_small_" + stamp + "_pg";
      services.createDatabase(database);
      cleanup.add("dropped PostgreSQL database " + database, () -> services.dropDatabase(database));
      var env = services.platformEnv(database, "postgres", null);
      try (var put = PlatformUnderTest.start(env, bodies.sensorIds(), options.spool())) {
        progress("platform on PostgreSQL listening on 127.0.0.1:" + put.port());
        var target =
            KeepAliveClients.Target.of(
                SmallPostsReport.POSTGRES, put.writeUri(), put.authorization());
        KeepAliveClients.Budget budget = firstBudget();
        for (int i = 0; i < options.warmup() + options.rounds(); i++) {
          int round = i - options.warmup() + 1;
          put.truncate();
          var run = measure(target, round, 1, budget, latestWait(put), put::rows);
          budget = KeepAliveClients.Budget.posts(run.outcome().posts());
          if (round >= 1) {
            runs.add(run);
          }
        }
        put.truncate();
      }
    }

    // --- shared steps ------------------------------------------------------------------------

    private KeepAliveClients.Budget firstBudget() {
      return options.seconds() > 0
          ? KeepAliveClients.Budget.seconds(options.seconds())
          : KeepAliveClients.Budget.posts(options.posts());
    }

    /**
     * Waits until the spool has delivered every acknowledged point to the store and the latest
     * values are in the cache; returns how long that took after the last answer.
     */
    private static LongSupplier latestWait(PlatformUnderTest put) {
      return () -> {
        long began = System.nanoTime();
        try {
          put.awaitSpoolDrained();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        put.platform().web().latest().awaitOffers();
        return System.nanoTime() - began;
      };
    }

    /** A checked countable, such as a store's count, that may throw. */
    @FunctionalInterface
    private interface Count {
      long get() throws Exception;
    }

    /**
     * One side's run: a pause, the posts, then (untimed) what {@code afterwards} waits for; every
     * answer must be 204 and {@code stored} must count at least the points acknowledged.
     */
    private SmallPostsReport.SideRun measure(
        KeepAliveClients.Target target,
        int round,
        int order,
        KeepAliveClients.Budget budget,
        LongSupplier afterwards,
        Count stored)
        throws Exception {
      pause();
      String what = round < 1 ? "warm-up round " + (1 - round) : "round " + round;
      String loadBefore = Machine.loadAverage();
      progress("%s, %s (load %s)".formatted(target.name(), what, loadBefore));
      int shift = nextShiftMicros++;
      var before = cpu.sample();
      long redisBefore = redisTicks();
      var outcome = client.run(target, options.clients(), bodies, budget, shift);
      long waited = afterwards.getAsLong();
      var usage = cpu.sample().minus(before, outcome.nanos());
      double redisSeconds = (redisTicks() - redisBefore) * 0.01;
      if (outcome.failures() > 0) {
        throw new IllegalStateException(
            "%s, %s: %,d of %,d posts were not answered 204: %s; first: %s"
                .formatted(
                    target.name(),
                    what,
                    outcome.failures(),
                    outcome.posts(),
                    outcome.statuses(),
                    outcome.errors()));
      }
      long acknowledged = outcome.acknowledged() * options.lines();
      long count = stored.get();
      if (count < acknowledged) {
        throw new IllegalStateException(
            "%s, %s: %,d points acknowledged, only %,d stored"
                .formatted(target.name(), what, acknowledged, count));
      }
      var run =
          new SmallPostsReport.SideRun(
              target.name(),
              round,
              order,
              outcome,
              options.lines(),
              count,
              usage,
              redisSeconds,
              waited / 1e6,
              loadBefore);
      progress(
          ("  %,d posts in %.1f s: %,.0f points/s, p50 %.2f p99 %.2f p99.9 %.2f max %.2f ms; client"
               + " %.1f (user %.1f) µs/req; JVM besides client %.0f µs/req (JIT %.2f cores),"
               + " influxd %.0f, Redis %.0f µs/req; stored %,d; all stored and latest %.0f ms"
               + " after the last answer")
              .formatted(
                  outcome.posts(),
                  outcome.nanos() / 1e9,
                  run.pointsPerSecond(),
                  run.millis(50),
                  run.millis(99),
                  run.millis(99.9),
                  outcome.latencyNanos().getMaxValue() / 1e6,
                  run.clientMicrosPerRequest(),
                  run.clientUserMicrosPerRequest(),
                  run.jvmMicrosPerRequest(),
                  usage.cores(usage.jitSeconds()),
                  run.perRequest(usage.influxSeconds()),
                  run.perRequest(redisSeconds),
                  count,
                  run.latestWaitMillis()));
      return run;
    }

    /**
     * Waits until InfluxDB has no compaction running or queued (at most a minute), then the pause,
     * so that no run pays for the background work of the one before.
     */
    private void pause() throws InterruptedException {
      long deadline = System.nanoTime() + QUIET_LIMIT_SECONDS * 1_000_000_000L;
      int quietPolls = 0;
      while (quietPolls < 2 && System.nanoTime() < deadline) {
        quietPolls = services.influxCompactionsPending() == 0 ? quietPolls + 1 : 0;
        Thread.sleep(250);
      }
      if (quietPolls < 2) {
        progress("InfluxDB still compacting after " + QUIET_LIMIT_SECONDS + " s; measuring anyway");
      }
      Thread.sleep(options.pause() * 1000L);
    }

    /** CPU ticks of the test Redis (the redis-server listening on its port), or 0. */
    private long redisTicks() {
      String port = ":" + services.redisPort();
      long ticks = 0;
      try (DirectoryStream<Path> processes = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
        for (Path process : processes) {
          String command = CpuMeter.commandLine(process);
          if (command.startsWith("redis-server") && command.contains(port)) {
            String stat = Files.readString(process.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
          }
        }
      } catch (java.io.IOException | RuntimeException e) {
        // no /proc, or the process ended: counted as zero
      }
      return ticks;
    }
  }

  static void progress(String line) {
    System.err.println("SmallPostsLoad: " + line);
  }

  /** The message of an exception and of each cause, never a stack trace. */
  static String describe(Throwable e) {
    var text = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append(" <- ")
          .append(cause.getClass().getSimpleName())
          .append(": ")
          .append(cause.getMessage());
    }
    return text.toString();
  }
}
