package org.aqmrg.bench.ingest;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.aqmrg.ingest.Validator;

/**
 * Ingest throughput of the platform against InfluxDB's own, and of its PostgreSQL adapter, on one
 * load: 1,000,000 points of 200 sensors in 200 line-protocol bodies of 5,000 lines (see {@link
 * Points}), posted uncompressed by 1 and 2 writer threads. Issue targets: the platform on InfluxDB
 * at least 0.9 times InfluxDB's direct rate; the PostgreSQL adapter at least 100,000 points/s; a
 * steady heap under sustained ingest.
 *
 * <p>Phases, in one JVM that holds both the platform and the load generator:
 *
 * <ol>
 *   <li>{@code influxdb}: the real platform ({@code Platform.start} + {@code WebApp}) on 127.0.0.1
 *       with InfluxDB as time series and Redis as cache; for each writer count, rounds of InfluxDB
 *       direct (a fresh database per round) then the platform (its database emptied before each
 *       round), each round with its own time shift, after an unreported warm-up of each until the
 *       JIT is quiet ({@link Runner#warmUp}); before
 *       each run InfluxDB is left to finish its compactions and the machine to settle;
 *   <li>{@code paired}: the same comparison with both sides taking turns every few bodies
 *       ({@code --turn-bodies}) within one round, so that both meet the same InfluxDB ({@link
 *       Runner#pairedRun});
 *   <li>{@code breakdown}: the same platform's ingest parts in process, one body at a time, each
 *       step timed ({@link Breakdown});
 *   <li>{@code memory}: several rounds in a row through the platform with the most writers, the
 *       heap watched after every collection and measured after a full one between rounds;
 *   <li>{@code postgres}: a second platform with PostgreSQL as time series: for each writer count,
 *       rounds over HTTP and of the adapter alone ({@link AdapterLoad}), each into an emptied
 *       {@code sensor_data}, then its breakdown.
 * </ol>
 *
 * <p>Every answer must be 204 and every round's points must all be stored (counted afterwards);
 * otherwise the run fails. It creates its own PostgreSQL and InfluxDB databases and drops them at
 * the end, deletes its Redis keys, and touches only loopback. Progress goes to standard error, the
 * results as markdown to standard output.
 */
public final class IngestLoad {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
  private static final long QUIET_LIMIT_SECONDS = 180;

  /** Lines in each of the small requests of a warm-up. */
  static final int WARMUP_LINES = 20;

  /** A warm-up ends when the JIT compiler uses fewer cores than this while the bodies go in. */
  static final double JIT_QUIET_CORES = 0.03;

  static final int MAX_WARMUP_PASSES = 5;

  /** Most unreported rounds of both sides after the warm-up passes ({@link Runner#warmUpRounds}). */
  static final int MAX_WARMUP_ROUNDS = 5;

  private IngestLoad() {}

  public static void main(String[] args) {
    if (List.of(args).contains("--help")) {
      System.out.println(Options.USAGE);
      return;
    }
    Options options;
    TestServices services;
    try {
      options = Options.parse(args);
      services = TestServices.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("IngestLoad: " + e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    int status = 0;
    try {
      status = new Runner(options, services).run();
    } catch (Exception | OutOfMemoryError e) {
      System.err.println("IngestLoad failed: " + describe(e));
      status = 1;
    }
    // Client, pool and driver threads must not keep the program alive once it is done.
    System.exit(status);
  }

  /** One run: the state the phases share. */
  private static final class Runner {
    private final Options options;
    private final TestServices services;
    private final String stamp =
        STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)).toLowerCase(Locale.ROOT);
    private final Cleanup cleanup = new Cleanup();
    private final CpuMeter cpu = new CpuMeter("bench_ingest_" + stamp);
    private final HttpLoad load;
    private Points points;
    private int nextShift;
    private int failures;

    private final List<Report.Run> direct = new ArrayList<>();
    private final List<Report.Run> platform = new ArrayList<>();
    private final List<Report.Paired> paired = new ArrayList<>();
    private final List<Report.Run> postgresHttp = new ArrayList<>();
    private final List<Report.Run> adapter = new ArrayList<>();
    private final List<Double> adapterStoreOnly = new ArrayList<>();
    private final List<Report.MemoryRound> memory = new ArrayList<>();
    private Breakdown.Result influxBreakdown;
    private Breakdown.Result postgresBreakdown;
    private long harnessLiveBytes;

    Runner(Options options, TestServices services) {
      this.options = options;
      this.services = services;
      this.load = new HttpLoad(options.maxWriters());
    }

    int run() throws Exception {
      String loadAtStart = Machine.loadAverage();
      Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      progress(
          Machine.describe()
              + "; "
              + Machine.cpus()
              + "; "
              + services
              + "; load average "
              + loadAtStart);
      long firstSecond = (Instant.now().getEpochSecond() - 3 * 3600) * 1_000_000_000L;
      long t0 = System.nanoTime();
      points = Points.generate(firstSecond, 20_240_101L);
      progress(
          "generated %,d points in %d bodies, %,d bytes, in %.1f s"
              .formatted(
                  Points.POINTS, Points.BODIES, points.bytes(), (System.nanoTime() - t0) / 1e9));
      harnessLiveBytes = HeapWatch.liveAfterFullGc();
      Exception failure = null;
      try {
        if (options.has("influxdb")
            || options.has("paired")
            || options.has("breakdown") || options.has("memory")) {
          influxPlatform();
        }
        if (options.has("postgres")) {
          postgresPlatform();
        }
      } catch (Exception e) {
        failure = e;
      } finally {
        var cleanupFailures = cleanup.run();
        cleanup.done();
        cleanupFailures.forEach(IngestLoad::progress);
        failures += cleanupFailures.size();
      }
      print(started, loadAtStart, failure);
      if (failure != null) {
        throw failure;
      }
      return failures == 0 ? 0 : 1;
    }

    // --- the platform on InfluxDB -----------------------------------------------------------

    private void influxPlatform() throws Exception {
      String relational = "bench_ingest_" + stamp + "_influx";
      String series = "bench_" + stamp;
      services.createDatabase(relational);
      cleanup.add(
          "dropped PostgreSQL database " + relational, () -> services.dropDatabase(relational));
      cleanup.add("dropped InfluxDB database " + series, () -> services.dropInfluxDatabase(series));
      var env = services.platformEnv(relational, "influxdb", series);
      try (var put = PlatformUnderTest.start(env, points.sensorIds())) {
        progress("platform on InfluxDB listening on 127.0.0.1:" + put.port() + "; warming up");
        shiftForNextRound();
        warmUp(put.writeUri(), put.authorization());
        directRun(0, options.maxWriters(), true);
        if (options.has("influxdb") || options.has("paired")) {
          warmUpRounds(put, series);
        }

        if (options.has("influxdb")) {
          for (int writers : options.writers()) {
            for (int round = 1; round <= options.rounds(); round++) {
              shiftForNextRound();
              direct.add(directRun(round, writers, false));
              emptyPlatformDatabase(put, series);
              platform.add(
                  timed(
                      "platform on InfluxDB", round, writers, put.writeUri(), put.authorization()));
              expect("platform's InfluxDB database", services.influxCount(series), Points.POINTS);
            }
          }
        }
        if (options.has("paired")) {
          for (int writers : options.writers()) {
            for (int round = 1; round <= options.rounds(); round++) {
              shiftForNextRound();
              paired.add(pairedRun(put, series, round, writers));
            }
          }
        }
        if (options.has("breakdown")) {
          shiftForNextRound();
          emptyPlatformDatabase(put, series);
          String plain = "bench_" + stamp + "_parts_plain";
          String gzip = "bench_" + stamp + "_parts_gzip";
          for (String db : List.of(plain, gzip)) {
            services.createInfluxDatabase(db);
            cleanup.add("dropped InfluxDB database " + db, () -> services.dropInfluxDatabase(db));
          }
          progress("breakdown on InfluxDB: one body at a time, in process");
          influxBreakdown =
              Breakdown.run(
                  put.platform(), put.principal(), points, services, new String[] {plain, gzip});
          expect("platform's InfluxDB database", services.influxCount(series), Points.POINTS);
        }
        if (options.has("memory")) {
          emptyPlatformDatabase(put, series);
          sustained(put.writeUri(), put.authorization());
          expect(
              "platform's InfluxDB database",
              services.influxCount(series),
              options.memoryRounds() * Points.POINTS);
        }
      }
    }

    /**
     * Unreported rounds of InfluxDB direct then the platform, done and checked as the measured
     * ones, until the JIT compiler threads use less than {@value #JIT_QUIET_CORES} cores in the
     * platform's part (at most {@value #MAX_WARMUP_ROUNDS} rounds). The warm-up passes send bodies
     * back to back; a round also has what comes between rounds (the platform's database created
     * anew through its InfluxDB client, its connections to InfluxDB idle while the direct round
     * runs), and the first measured rounds used to pay for the JIT compiling the write path again
     * after that: 0.04-0.16 cores in the platform's first rounds, falling from round to round but
     * not always below the threshold within the limit. LogCompilation named InfluxHttp.retrying
     * and Jetty's request handling, recompiled after deoptimisation.
     */
    private void warmUpRounds(PlatformUnderTest put, String series) throws Exception {
      int writers = options.maxWriters();
      for (int round = 1; round <= MAX_WARMUP_ROUNDS; round++) {
        shiftForNextRound();
        Report.Run direct = directRun(-round, writers, false); // "round -1": warm-up round 1
        emptyPlatformDatabase(put, series);
        Report.Run platform =
            timed(
                "warm-up round: platform on InfluxDB",
                round,
                writers,
                put.writeUri(),
                put.authorization());
        expect("platform's InfluxDB database", services.influxCount(series), Points.POINTS);
        double jit = platform.cpu().cores(platform.cpu().jitSeconds());
        progress(
            "  warm-up round %d: platform / direct %.2f, JIT %.2f cores in the platform's part"
                .formatted(round, platform.pointsPerSecond() / direct.pointsPerSecond(), jit));
        if (jit < JIT_QUIET_CORES) {
          return;
        }
      }
    }

    /**
     * Drops the platform's InfluxDB database and has the platform create it again with its buckets,
     * so that each measured round writes into an empty database, as the direct rounds do (without
     * it, InfluxDB works harder on the platform's runs the more rounds it holds).
     */
    private void emptyPlatformDatabase(PlatformUnderTest put, String series) {
      services.dropInfluxDatabase(series);
      put.platform().readings().createBuckets();
    }

    /**
     * InfluxDB direct and the platform taking turns every {@code --turn-bodies} bodies with the
     * same bodies, each into its own empty database, the side that goes first alternating from
     * turn to turn; each side's rate is its points over the sum of its turns. Both sides then meet
     * the same state of InfluxDB and of the machine, which sequential rounds do not: there the
     * direct rate alone moves by 20 to 40 % from one round to the next with the same code. A
     * platform turn lasts until its latest values are in the cache; with {@code --settle on},
     * InfluxDB is left to finish its background work after every turn, untimed ({@link
     * #influxSettled}).
     */
    private Report.Paired pairedRun(
        PlatformUnderTest put, String series, int round, int writers) throws Exception {
      String database = "bench_" + stamp + "_paired_" + writers + "w" + round;
      services.createInfluxDatabase(database);
      cleanup.add(
          "dropped InfluxDB database " + database, () -> services.dropInfluxDatabase(database));
      URI direct = URI.create(services.influx() + "/write?db=" + database + "&precision=ns");
      emptyPlatformDatabase(put, series);
      pause();
      String loadBefore = Machine.loadAverage();
      progress(
          "paired, %d writer(s), round %d (load %s)".formatted(writers, round, loadBefore));
      long directNanos = 0;
      long platformNanos = 0;
      // CPU seconds of influxd and of this JVM in each side's turns, [0] direct and [1] platform.
      double[] influxSeconds = new double[2];
      double[] jvmSeconds = new double[2];
      int turnBodies = options.turnBodies();
      for (int from = 0, turn = 0; from < Points.BODIES; from += turnBodies, turn++) {
        int to = Math.min(Points.BODIES, from + turnBodies);
        for (int side = 0; side < 2; side++) {
          boolean toDirect = (side == 0) == (turn % 2 == 0);
          var before = cpu.sample();
          HttpLoad.Outcome outcome =
              toDirect
                  ? load.post(direct, null, points, writers, from, to)
                  : load.post(put.writeUri(), put.authorization(), points, writers, from, to);
          check(toDirect ? "InfluxDB direct, paired" : "platform, paired", outcome);
          if (toDirect) {
            directNanos += outcome.nanos();
          } else {
            // The platform's turn lasts until its latest values are written too.
            long waiting = System.nanoTime();
            put.platform().web().latest().awaitOffers();
            platformNanos += outcome.nanos() + System.nanoTime() - waiting;
          }
          var usage = cpu.sample().minus(before, outcome.nanos());
          influxSeconds[toDirect ? 0 : 1] += usage.influxSeconds();
          jvmSeconds[toDirect ? 0 : 1] += usage.jvmSeconds();
          if (options.settle()) {
            influxSettled();
          }
        }
      }
      expect("direct database " + database, services.influxCount(database), Points.POINTS);
      expect("platform's InfluxDB database", services.influxCount(series), Points.POINTS);
      services.dropInfluxDatabase(database);
      var result =
          new Report.Paired(
              writers,
              round,
              Points.POINTS * 1e9 / directNanos,
              Points.POINTS * 1e9 / platformNanos,
              influxSeconds[0] * 1e6 / Points.POINTS,
              influxSeconds[1] * 1e6 / Points.POINTS,
              jvmSeconds[0] * 1e6 / Points.POINTS,
              jvmSeconds[1] * 1e6 / Points.POINTS,
              loadBefore);
      progress(
          "  direct %s points/s, platform %s points/s: %.2f; influxd %.2f and %.2f µs per point"
              .formatted(
                  Report.rate(result.directPointsPerSecond()),
                  Report.rate(result.platformPointsPerSecond()),
                  result.ratio(),
                  result.directInfluxMicros(),
                  result.platformInfluxMicros()));
      return result;
    }

    /**
     * Waits, untimed, until influxd has been nearly idle (at most 1 tick, 10 ms of CPU, in each of
     * two 50 ms intervals; at most 3 s), so that the background work a turn leaves behind (WAL and
     * cache snapshots, compactions, Go's garbage collection) is not paid by the other side's turn.
     */
    private void influxSettled() throws InterruptedException {
      long deadline = System.nanoTime() + 3_000_000_000L;
      long before = cpu.sample().influx();
      int quiet = 0;
      while (quiet < 2 && System.nanoTime() < deadline) {
        Thread.sleep(50);
        long now = cpu.sample().influx();
        quiet = now - before <= 1 ? quiet + 1 : 0;
        before = now;
      }
    }

    /** InfluxDB direct into a fresh database, dropped once its points are counted. */
    private Report.Run directRun(int round, int writers, boolean warmUp) throws Exception {
      // Rounds below 1 are the unreported warm-up rounds.
      String database =
          "bench_"
              + stamp
              + "_direct_"
              + (warmUp ? "warmup" : writers + "w" + (round < 1 ? "warmup" + -round : round));
      services.createInfluxDatabase(database);
      cleanup.add(
          "dropped InfluxDB database " + database, () -> services.dropInfluxDatabase(database));
      URI uri = URI.create(services.influx() + "/write?db=" + database + "&precision=ns");
      Report.Run run = null;
      if (warmUp) {
        warmUp(uri, null);
      } else {
        run =
            round < 1
                ? timed("warm-up round: InfluxDB direct", -round, writers, uri, null)
                : timed("InfluxDB direct", round, writers, uri, null);
      }
      expect("direct database " + database, services.influxCount(database), Points.POINTS);
      services.dropInfluxDatabase(database);
      return run;
    }

    private void sustained(URI uri, String auth) throws Exception {
      int writers = options.maxWriters();
      try (var heap = new HeapWatch()) {
        long live = HeapWatch.liveAfterFullGc();
        progress(
            "sustained run: heap in use after full GC before it %.0f MB (max heap %.0f MB)"
                .formatted(live / 1e6, HeapWatch.maxHeap() / 1e6));
        for (int round = 1; round <= options.memoryRounds(); round++) {
          shiftForNextRound();
          heap.reset();
          Report.Run run = timed("sustained, platform on InfluxDB", round, writers, uri, auth);
          var figures = heap.figures();
          live = HeapWatch.liveAfterFullGc();
          memory.add(new Report.MemoryRound(round, run, figures, live));
          progress(
              "  heap: max after GC %.0f MB, %d GCs, %d ms paused; after full GC %.0f MB"
                  .formatted(
                      figures.maxAfterGcBytes() / 1e6,
                      figures.collections(),
                      figures.pauseMillis(),
                      live / 1e6));
        }
      }
    }

    // --- the platform on PostgreSQL ---------------------------------------------------------

    private void postgresPlatform() throws Exception {
      String database = "bench_ingest_" + stamp + "_pg";
      services.createDatabase(database);
      cleanup.add("dropped PostgreSQL database " + database, () -> services.dropDatabase(database));
      var env = services.platformEnv(database, "postgres", null);
      try (var put = PlatformUnderTest.start(env, points.sensorIds())) {
        var validator = AdapterLoad.validator(put.platform().settings().ingest().maxFuture());
        progress("platform on PostgreSQL listening on 127.0.0.1:" + put.port() + "; warming up");
        shiftForNextRound();
        warmUp(put.writeUri(), put.authorization());
        expect("sensor_data", put.rows(), Points.POINTS);
        for (int writers : options.writers()) {
          for (int round = 1; round <= options.rounds(); round++) {
            shiftForNextRound();
            put.truncate();
            postgresHttp.add(
                timed(
                    "platform on PostgreSQL", round, writers, put.writeUri(), put.authorization()));
            expect("sensor_data", put.rows(), Points.POINTS);
            put.truncate();
            adapter.add(adapterRun(put, validator, round, writers));
            expect("sensor_data", put.rows(), Points.POINTS);
          }
        }
        if (options.has("breakdown")) {
          put.truncate();
          shiftForNextRound();
          progress("breakdown on PostgreSQL: one body at a time, in process");
          postgresBreakdown =
              Breakdown.run(put.platform(), put.principal(), points, services, null);
          expect("sensor_data", put.rows(), Breakdown.POSTGRES_WRITES_PER_BODY * Points.POINTS);
        }
      }
    }

    private Report.Run adapterRun(
        PlatformUnderTest put, Validator validator, int round, int writers)
        throws InterruptedException {
      pause();
      String loadBefore = Machine.loadAverage();
      progress(
          "adapter alone, %d writer(s), round %d (load %s)".formatted(writers, round, loadBefore));
      var before = cpu.sample();
      var outcome = AdapterLoad.run(put.platform().readings(), validator, points, writers);
      var usage = cpu.sample().minus(before, outcome.nanos());
      adapterStoreOnly.add(outcome.storeOnlyPointsPerSecond());
      progress(
          ("  %s points/s (inside write only: %s); CPU: JVM %.2f (JIT %.2f), postgres %.2f,"
                  + " other %.2f cores")
              .formatted(
                  Report.rate(outcome.pointsPerSecond()),
                  Report.rate(outcome.storeOnlyPointsPerSecond()),
                  usage.cores(usage.jvmSeconds()),
                  usage.cores(usage.jitSeconds()),
                  usage.cores(usage.postgresSeconds()),
                  usage.cores(usage.otherSeconds())));
      return new Report.Run(
          "adapter", writers, round, outcome.pointsPerSecond(), Double.NaN, usage, loadBefore);
    }

    // --- shared steps -----------------------------------------------------------------------

    /** A measured run: a pause, then every body posted once; any answer but 204 fails it. */
    private Report.Run timed(String target, int round, int writers, URI uri, String auth)
        throws InterruptedException {
      pause();
      String loadBefore = Machine.loadAverage();
      progress(
          "%s, %d writer(s), round %d (load %s)".formatted(target, writers, round, loadBefore));
      var before = cpu.sample();
      var outcome = load.post(uri, auth, points, writers);
      var usage = cpu.sample().minus(before, outcome.nanos());
      check(target, outcome);
      progress(
          ("  %s points/s, median %.1f ms per body; CPU: JVM %.2f (JIT %.2f), influxd %.2f,"
                  + " postgres %.2f, other %.2f cores; machine %.0f%% busy")
              .formatted(
                  Report.rate(outcome.pointsPerSecond()),
                  outcome.medianRequestMillis(),
                  usage.cores(usage.jvmSeconds()),
                  usage.cores(usage.jitSeconds()),
                  usage.cores(usage.influxSeconds()),
                  usage.cores(usage.postgresSeconds()),
                  usage.cores(usage.otherSeconds()),
                  usage.machineBusyPercent()));
      return new Report.Run(
          target,
          writers,
          round,
          outcome.pointsPerSecond(),
          outcome.medianRequestMillis(),
          usage,
          loadBefore);
    }

    /**
     * Unreported runs with the most writers, checked as the rest, so that the measured rounds meet
     * compiled code, as in a server that has run for a while. Each pass sends {@code
     * --warmup-requests} small requests, which take the code that runs once per request (HTTP,
     * authentication, rate limit, the clients of the store and the cache) towards the JIT's
     * thresholds (thousands of calls), then every body once, for the code that runs per line and
     * the large-body branches. Passes repeat until the JIT compiler threads use less than {@value
     * #JIT_QUIET_CORES} cores during the bodies, at most {@value #MAX_WARMUP_PASSES} passes.
     */
    private void warmUp(URI uri, String auth) throws InterruptedException {
      int requests = options.warmupRequests();
      List<java.nio.ByteBuffer> pieces =
          requests > 0 ? points.pieces(WARMUP_LINES, requests) : List.of();
      for (int pass = 1; pass <= MAX_WARMUP_PASSES; pass++) {
        if (requests > 0) {
          var outcome =
              load.post(uri, auth, pieces::get, requests, WARMUP_LINES, options.maxWriters());
          check("warm-up " + uri.getPath(), outcome);
        }
        var before = cpu.sample();
        var outcome = load.post(uri, auth, points, options.maxWriters());
        var usage = cpu.sample().minus(before, outcome.nanos());
        check("warm-up " + uri.getPath(), outcome);
        double jit = usage.cores(usage.jitSeconds());
        progress(
            "  warm-up %s, pass %d: %,d requests of %d lines, then the bodies at %s points/s"
                    .formatted(
                        uri.getPath(),
                        pass,
                        requests,
                        WARMUP_LINES,
                        Report.rate(outcome.pointsPerSecond()))
                + " (JIT %.2f cores)".formatted(jit));
        if (jit < JIT_QUIET_CORES || requests == 0) {
          return;
        }
      }
    }

    private void check(String target, HttpLoad.Outcome outcome) {
      if (outcome.failures() > 0) {
        failures++;
        progress(
            "  %s: %d of %d answers were not 204: %s; first: %s"
                .formatted(
                    target,
                    outcome.failures(),
                    Points.BODIES,
                    outcome.statuses(),
                    outcome.errors()));
        throw new IllegalStateException(
            target + ": " + outcome.failures() + " answers were not 204");
      }
    }

    private void shiftForNextRound() {
      if (nextShift > Points.MAX_SHIFT_MILLIS) {
        throw new IllegalStateException("more rounds than distinct time shifts");
      }
      points.shift(nextShift++);
    }

    private void expect(String what, long actual, long expected) {
      if (actual != expected) {
        failures++;
        throw new IllegalStateException(
            what + " holds " + actual + " points, expected " + expected);
      }
    }

    /**
     * Waits until InfluxDB has finished compacting what earlier runs wrote (at most 180 s), then
     * the pause. Direct databases are dropped right after their run, so their compactions never
     * happen, while the platform's database keeps its data: without this wait, platform runs would
     * pay for compacting earlier rounds and direct runs would not.
     */
    private void pause() throws InterruptedException {
      long began = System.nanoTime();
      long deadline = began + QUIET_LIMIT_SECONDS * 1_000_000_000L;
      int quietPolls = 0;
      while (quietPolls < 2 && System.nanoTime() < deadline) {
        quietPolls = services.influxCompactionsPending() == 0 ? quietPolls + 1 : 0;
        Thread.sleep(500);
      }
      long waited = (System.nanoTime() - began) / 1_000_000_000L;
      if (quietPolls < 2) {
        progress("InfluxDB still compacting after " + waited + " s; measuring anyway");
      } else if (waited > 2) {
        progress("waited " + waited + " s for InfluxDB's compactions to finish");
      }
      Thread.sleep(options.pause() * 1000L);
    }

    // --- the report ---------------------------------------------------------------------------

    private void print(Instant started, String loadAtStart, Exception failure) {
      var report = new Report(System.out);
      report.line("## Ingest: results of one run");
      report.line("");
      report.line(
          "- started %s, load average at start %s, at end %s"
              .formatted(started, loadAtStart, Machine.loadAverage()));
      report.line("- " + Machine.describe() + "; " + Machine.cpus() + "; " + Machine.jvm());
      report.line(
          "- load: %,d points, %d bodies of %,d lines, %,d bytes; first point %s; pause %d s"
              .formatted(
                  Points.POINTS,
                  Points.BODIES,
                  Points.LINES_PER_BODY,
                  points.bytes(),
                  Instant.ofEpochSecond(0, points.firstNanos()).truncatedTo(ChronoUnit.SECONDS),
                  options.pause()));
      report.line(
          "- heap in use after full GC before any platform started (the JVM and the load generator;"
              + " the bodies are direct buffers, off the heap): "
              + Math.round(harnessLiveBytes / 1e6)
              + " MB");
      if (!platform.isEmpty()) {
        report.heading("Platform on InfluxDB against InfluxDB direct (same bodies, uncompressed)");
        report.influxComparison(direct, platform, options.writers());
      }
      if (!paired.isEmpty()) {
        report.heading(
            "Paired: InfluxDB direct and the platform taking turns every %d bodies%s"
                .formatted(
                    options.turnBodies(),
                    options.settle() ? ", InfluxDB settling between turns" : ""));
        report.paired(paired, options.writers());
      }
      if (influxBreakdown != null) {
        report.heading("Where the time goes on InfluxDB (in process, one body at a time)");
        report.breakdown(influxBreakdown, true);
      }
      if (!memory.isEmpty()) {
        report.heading(
            "Heap during sustained ingest (platform on InfluxDB, %d writers)"
                .formatted(options.maxWriters()));
        report.memory(memory);
      }
      if (!postgresHttp.isEmpty()) {
        report.heading("Platform on PostgreSQL, and its adapter alone");
        report.postgres(postgresHttp, adapter, adapterStoreOnly, options.writers());
      }
      if (postgresBreakdown != null) {
        report.heading("Where the time goes on PostgreSQL (in process, one body at a time)");
        report.breakdown(postgresBreakdown, false);
      }
      report.line("");
      if (failure != null) {
        report.line("**The run failed:** " + describe(failure));
      } else if (failures > 0) {
        report.line("**" + failures + " failure(s):** see standard error.");
      } else {
        report.line("Every answer was 204 and every point was stored.");
      }
    }
  }

  private static void progress(String line) {
    System.err.println("IngestLoad: " + line);
  }

  /** The message of an exception and of each cause, never a stack trace. */
  private static String describe(Throwable e) {
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
