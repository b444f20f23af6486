package org.aqmrg.bench.ingest;

import io.javalin.Javalin;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.aqmrg.config.Platform;
import org.aqmrg.config.Settings;
import org.aqmrg.http.WebApp;
import org.aqmrg.identity.ApiTokens;
import org.aqmrg.identity.Principal;
import org.aqmrg.ratelimit.RateLimiter;

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
 *   <li>{@code influxdb}: the real platform ({@code Platform.start} + {@code WebApp}) on
 *       127.0.0.1 with InfluxDB as time series and Redis as cache; for each writer count, rounds
 *       of InfluxDB direct (a fresh database per round) then the platform, each round with its
 *       own time shift, after one unreported warm-up of each;
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
 * the end, deletes its Redis keys, and touches only loopback. Progress goes to standard error,
 * the results as markdown to standard output.
 */
public final class IngestLoad {
  private static final String USAGE =
      """
      usage: bench/run org.aqmrg.bench.ingest.IngestLoad [--rounds N] [--writers 1,2]
                 [--memory-rounds N] [--phases influxdb,breakdown,memory,postgres] [--pause S]
        --rounds N          measured rounds per target and writer count (default 2, 1 to 10)
        --writers LIST      writer threads to measure (default 1,2; each 1 to 8)
        --memory-rounds N   rounds of the sustained run (default 3, 1 to 10)
        --phases LIST       which phases to run (default all four)
        --pause S           seconds of quiet before each measured run (default 5, 0 to 120)
      Needs the test servers: scripts/test-services start; eval "$(scripts/test-services env)"\
      """;

  private static final Set<String> PHASES = Set.of("influxdb", "breakdown", "memory", "postgres");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");

  private IngestLoad() {}

  record Options(int rounds, List<Integer> writers, int memoryRounds, Set<String> phases, int pause) {
    static Options parse(String[] args) {
      int rounds = 2;
      List<Integer> writers = List.of(1, 2);
      int memoryRounds = 3;
      Set<String> phases = PHASES;
      int pause = 5;
      for (int i = 0; i < args.length; i++) {
        String option = args[i];
        String value = i + 1 < args.length ? args[++i] : "";
        switch (option) {
          case "--rounds" -> rounds = number(option, value, 1, 10);
          case "--memory-rounds" -> memoryRounds = number(option, value, 1, 10);
          case "--pause" -> pause = number(option, value, 0, 120);
          case "--writers" -> {
            var list = new ArrayList<Integer>();
            for (String part : value.split(",")) {
              list.add(number(option, part.trim(), 1, 8));
            }
            writers = List.copyOf(list);
          }
          case "--phases" -> {
            var set = new LinkedHashSet<String>();
            for (String part : value.split(",")) {
              if (!PHASES.contains(part.trim())) {
                throw new IllegalArgumentException(
                    "--phases takes influxdb, breakdown, memory, postgres; got '" + part + "'");
              }
              set.add(part.trim());
            }
            phases = Set.copyOf(set);
          }
          default -> throw new IllegalArgumentException("unknown option '" + option + "'");
        }
      }
      return new Options(rounds, writers, memoryRounds, phases, pause);
    }

    int maxWriters() {
      return writers.stream().mapToInt(Integer::intValue).max().orElse(1);
    }

    private static int number(String option, String value, int min, int max) {
      try {
        int n = Integer.parseInt(value);
        if (n >= min && n <= max) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "%s must be a number from %d to %d, got '%s'".formatted(option, min, max, value));
    }
  }

  public static void main(String[] args) {
    if (List.of(args).contains("--help")) {
      System.out.println(USAGE);
      return;
    }
    Options options;
    TestServices services;
    try {
      options = Options.parse(args);
      services = TestServices.fromEnvironment(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("IngestLoad: " + e.getMessage());
      System.err.println(USAGE);
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
    private final Report report = new Report(System.out);
    private final CpuMeter cpu = new CpuMeter("bench_ingest_" + stamp);
    private final HttpLoad load;
    private Points points;
    private int nextShift;
    private int failures;

    private final List<Report.Run> direct = new ArrayList<>();
    private final List<Report.Run> platform = new ArrayList<>();
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
      String loadAtStart = loadAverage();
      Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      progress(machine() + "; " + services + "; load average " + loadAtStart);
      long firstSecond = (Instant.now().getEpochSecond() - 3 * 3600) * 1_000_000_000L;
      long t0 = System.nanoTime();
      points = Points.generate(firstSecond, 20_240_101L);
      progress(
          "generated %,d points in %d bodies, %,d bytes, in %.1f s"
              .formatted(Points.POINTS, Points.BODIES, points.bytes(), (System.nanoTime() - t0) / 1e9));
      harnessLiveBytes = HeapWatch.liveAfterFullGc();
      Exception failure = null;
      try {
        if (options.phases().contains("influxdb")
            || options.phases().contains("breakdown")
            || options.phases().contains("memory")) {
          influxPlatform();
        }
        if (options.phases().contains("postgres")) {
          postgresPlatform();
        }
      } catch (Exception e) {
        failure = e;
      } finally {
        var cleanupFailures = cleanup.run();
        cleanup.done();
        cleanupFailures.forEach(f -> progress(f));
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
      cleanup.add("dropped PostgreSQL database " + relational, () -> services.dropDatabase(relational));
      cleanup.add("dropped InfluxDB database " + series, () -> services.dropInfluxDatabase(series));
      var env = services.platformEnv(relational, "influxdb", series);
      env.putAll(noRateLimits());
      long stored = 0;
      try (var started = Platform.start(Settings.from(env))) {
        Javalin app = WebApp.create(started.web()).start("127.0.0.1", 0);
        var token = prepare(started);
        try {
          URI uri = writeUri(app.port());
          String auth = "Token " + token.secret();
          progress("platform on InfluxDB listening on 127.0.0.1:" + app.port() + "; warming up");
          shiftForNextRound();
          post("warm-up", uri, auth, options.maxWriters());
          stored += Points.POINTS;
          directRun(0, options.maxWriters(), true);

          if (options.phases().contains("influxdb")) {
            for (int writers : options.writers()) {
              for (int round = 1; round <= options.rounds(); round++) {
                shiftForNextRound();
                direct.add(directRun(round, writers, false));
                platform.add(timed("platform on InfluxDB", round, writers, uri, auth));
                stored += Points.POINTS;
                expect("platform's InfluxDB database", services.influxCount(series), stored);
              }
            }
          }
          if (options.phases().contains("breakdown")) {
            shiftForNextRound();
            String plain = "bench_" + stamp + "_parts_plain";
            String gzip = "bench_" + stamp + "_parts_gzip";
            for (String db : List.of(plain, gzip)) {
              services.createInfluxDatabase(db);
              cleanup.add("dropped InfluxDB database " + db, () -> services.dropInfluxDatabase(db));
            }
            progress("breakdown on InfluxDB: one body at a time, in process");
            influxBreakdown = Breakdown.run(started, principal(started, token), points, services, new String[] {plain, gzip});
            stored += Points.POINTS;
            expect("platform's InfluxDB database", services.influxCount(series), stored);
          }
          if (options.phases().contains("memory")) {
            sustained(uri, auth);
          }
        } finally {
          app.stop();
          forgetKeys(started, token);
        }
      }
    }

    /** InfluxDB direct into a fresh database, dropped once its points are counted. */
    private Report.Run directRun(int round, int writers, boolean warmUp) throws Exception {
      String database = "bench_" + stamp + "_direct_" + (warmUp ? "warmup" : writers + "w" + round);
      services.createInfluxDatabase(database);
      cleanup.add("dropped InfluxDB database " + database, () -> services.dropInfluxDatabase(database));
      URI uri = URI.create(services.influx() + "/write?db=" + database + "&precision=ns");
      Report.Run run = null;
      if (warmUp) {
        post("warm-up", uri, null, writers);
      } else {
        run = timed("InfluxDB direct", round, writers, uri, null);
      }
      expect("direct database " + database, services.influxCount(database), Points.POINTS);
      services.dropInfluxDatabase(database);
      return run;
    }

    private void sustained(URI uri, String auth) throws Exception {
      int writers = options.maxWriters();
      try (var heap = new HeapWatch()) {
        long live = HeapWatch.liveAfterFullGc();
        progress("sustained run: heap in use after full GC before it %.0f MB (max heap %.0f MB)"
            .formatted(live / 1e6, HeapWatch.maxHeap() / 1e6));
        for (int round = 1; round <= options.memoryRounds(); round++) {
          shiftForNextRound();
          heap.reset();
          Report.Run run = timed("sustained, platform on InfluxDB", round, writers, uri, auth);
          var figures = heap.figures();
          live = HeapWatch.liveAfterFullGc();
          memory.add(new Report.MemoryRound(round, run, figures, live));
          progress("  heap: max after GC %.0f MB, %d GCs, %d ms paused; after full GC %.0f MB"
              .formatted(figures.maxAfterGcBytes() / 1e6, figures.collections(), figures.pauseMillis(), live / 1e6));
        }
      }
    }

    // --- the platform on PostgreSQL ---------------------------------------------------------

    private void postgresPlatform() throws Exception {
      String database = "bench_ingest_" + stamp + "_pg";
      services.createDatabase(database);
      cleanup.add("dropped PostgreSQL database " + database, () -> services.dropDatabase(database));
      var env = services.platformEnv(database, "postgres", null);
      env.putAll(noRateLimits());
      try (var started = Platform.start(Settings.from(env))) {
        Javalin app = WebApp.create(started.web()).start("127.0.0.1", 0);
        var token = prepare(started);
        try {
          URI uri = writeUri(app.port());
          String auth = "Token " + token.secret();
          var validator = AdapterLoad.validator(started.settings().ingest().maxFuture());
          progress("platform on PostgreSQL listening on 127.0.0.1:" + app.port() + "; warming up");
          shiftForNextRound();
          post("warm-up", uri, auth, options.maxWriters());
          expect("sensor_data", rows(started), Points.POINTS);
          for (int writers : options.writers()) {
            for (int round = 1; round <= options.rounds(); round++) {
              shiftForNextRound();
              truncate(started);
              postgresHttp.add(timed("platform on PostgreSQL", round, writers, uri, auth));
              expect("sensor_data", rows(started), Points.POINTS);
              truncate(started);
              pause();
              String loadBefore = loadAverage();
              progress("adapter alone, %d writer(s), round %d (load %s)".formatted(writers, round, loadBefore));
              var before = cpu.sample();
              var outcome = AdapterLoad.run(started.readings(), validator, points.bodies(), writers);
              var usage = cpu.sample().minus(before, outcome.nanos());
              adapter.add(new Report.Run("adapter", writers, round, outcome.pointsPerSecond(), Double.NaN, usage, loadBefore));
              adapterStoreOnly.add(outcome.storeOnlyPointsPerSecond());
              progress("  %s points/s (inside write only: %s)".formatted(
                  Report.rate(outcome.pointsPerSecond()), Report.rate(outcome.storeOnlyPointsPerSecond())));
              expect("sensor_data", rows(started), Points.POINTS);
            }
          }
          if (options.phases().contains("breakdown")) {
            truncate(started);
            shiftForNextRound();
            progress("breakdown on PostgreSQL: one body at a time, in process");
            postgresBreakdown = Breakdown.run(started, principal(started, token), points, services, null);
            expect("sensor_data", rows(started), Points.POINTS);
          }
        } finally {
          app.stop();
          forgetKeys(started, token);
        }
      }
    }

    // --- shared steps -----------------------------------------------------------------------

    /** A measured run: a pause, then every body posted once; failures are counted. */
    private Report.Run timed(String target, int round, int writers, URI uri, String auth)
        throws InterruptedException {
      pause();
      String loadBefore = loadAverage();
      progress("%s, %d writer(s), round %d (load %s)".formatted(target, writers, round, loadBefore));
      var before = cpu.sample();
      var outcome = load.post(uri, auth, points.bodies(), Points.LINES_PER_BODY, writers);
      var usage = cpu.sample().minus(before, outcome.nanos());
      check(target, outcome);
      progress("  %s points/s, median %.1f ms per body; CPU: JVM %.2f, influxd %.2f, postgres %.2f, other %.2f cores; machine %.0f%% busy"
          .formatted(Report.rate(outcome.pointsPerSecond()), outcome.medianRequestMillis(),
              usage.cores(usage.jvmSeconds()), usage.cores(usage.influxSeconds()),
              usage.cores(usage.postgresSeconds()), usage.cores(usage.otherSeconds()), usage.machineBusyPercent()));
      return new Report.Run(
          target, writers, round, outcome.pointsPerSecond(), outcome.medianRequestMillis(), usage, loadBefore);
    }

    /** An unreported run (warm-up): checked like the others. */
    private void post(String target, URI uri, String auth, int writers) throws InterruptedException {
      var outcome = load.post(uri, auth, points.bodies(), Points.LINES_PER_BODY, writers);
      check(target + " " + uri.getPath(), outcome);
      progress("  %s %s: %s points/s".formatted(target, uri.getPath(), Report.rate(outcome.pointsPerSecond())));
    }

    private void check(String target, HttpLoad.Outcome outcome) {
      if (outcome.failures() > 0) {
        failures++;
        progress("  %s: %d of %d answers were not 204: %s; first: %s"
            .formatted(target, outcome.failures(), Points.BODIES, outcome.statuses(), outcome.errors()));
        throw new IllegalStateException(target + ": " + outcome.failures() + " answers were not 204");
      }
    }

    private void shiftForNextRound() {
      if (nextShift > Points.MAX_SHIFT_MILLIS) {
        throw new IllegalStateException("more rounds than distinct time shifts");
      }
      points.shift(nextShift++);
    }

    /** Registers the 200 sensors as active and makes an ownerless write:readings token. */
    private ApiTokens.Created prepare(Platform started) throws SQLException {
      try (var connection = started.database().dataSource().getConnection();
          var insert =
              connection.prepareStatement(
                  "INSERT INTO sensors (id, name, status) VALUES (?, ?, 'active')")) {
        for (String id : points.sensorIds()) {
          insert.setString(1, id);
          insert.setString(2, "bench " + id);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      return started.web().tokens().create(null, "bench", List.of("write:readings"), List.of(), null);
    }

    private static Principal principal(Platform started, ApiTokens.Created token) {
      if (started.web().tokens().resolve(token.secret()) instanceof ApiTokens.Resolution.Valid valid) {
        return valid.principal();
      }
      throw new IllegalStateException("the benchmark's token does not resolve");
    }

    /** Deletes the Redis keys the run made: latest values and the token's rate-limit window. */
    private void forgetKeys(Platform started, ApiTokens.Created token) {
      for (String id : points.sensorIds()) {
        started.cache().delete("sensor:" + id + ":latest");
      }
      started.cache().delete(RateLimiter.key("token:" + token.token().id(), "/api/v2/write"));
    }

    private static Map<String, String> noRateLimits() {
      // The highest value Settings accepts: far above what a run sends in one window.
      return Map.of("AQMRG_RATE_LIMIT_TOKEN", "10000000");
    }

    private static URI writeUri(int port) {
      return URI.create("http://127.0.0.1:" + port + "/api/v2/write?bucket=sensor_data&precision=ns");
    }

    private static long rows(Platform started) throws SQLException {
      try (var connection = started.database().dataSource().getConnection();
          var count = connection.createStatement().executeQuery("SELECT count(*) FROM sensor_data")) {
        count.next();
        return count.getLong(1);
      }
    }

    private static void truncate(Platform started) throws SQLException {
      try (var connection = started.database().dataSource().getConnection();
          var statement = connection.createStatement()) {
        statement.execute("TRUNCATE sensor_data");
      }
    }

    private void expect(String what, long actual, long expected) {
      if (actual != expected) {
        failures++;
        throw new IllegalStateException(what + " holds " + actual + " points, expected " + expected);
      }
    }

    private void pause() throws InterruptedException {
      Thread.sleep(options.pause() * 1000L);
    }

    // --- the report ---------------------------------------------------------------------------

    private void print(Instant started, String loadAtStart, Exception failure) {
      report.line("## Ingest: results of one run");
      report.line("");
      report.line("- started " + started + ", load average at start " + loadAtStart + ", at end " + loadAverage());
      report.line("- " + machine());
      report.line("- JVM options: " + ManagementFactory.getRuntimeMXBean().getInputArguments()
          + ", max heap " + Math.round(HeapWatch.maxHeap() / 1e6) + " MB");
      report.line("- load: %,d points, %d bodies of %,d lines, %,d bytes; first point %s; pause %d s before each run"
          .formatted(Points.POINTS, Points.BODIES, Points.LINES_PER_BODY, points.bytes(),
              Instant.ofEpochSecond(0, points.firstNanos()).truncatedTo(ChronoUnit.SECONDS), options.pause()));
      report.line("- heap in use after full GC before any platform started (the bodies and the JVM): "
          + Math.round(harnessLiveBytes / 1e6) + " MB");
      if (!platform.isEmpty()) {
        report.heading("Platform on InfluxDB against InfluxDB direct (same bodies, uncompressed)");
        report.influxComparison(direct, platform, options.writers());
      }
      if (influxBreakdown != null) {
        report.heading("Where the time goes on InfluxDB (in process, one body at a time)");
        report.breakdown(influxBreakdown, true);
      }
      if (!memory.isEmpty()) {
        report.heading("Heap during sustained ingest (platform on InfluxDB, %d writers)".formatted(options.maxWriters()));
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

  static String machine() {
    return "%d processors, CPU '%s', Java %s (%s)"
        .formatted(
            Runtime.getRuntime().availableProcessors(),
            cpuModel(),
            System.getProperty("java.version"),
            System.getProperty("java.vm.name"));
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
    } catch (java.io.IOException e) {
      // not Linux: the model is not known
    }
    return "unknown";
  }

  /** The 1, 5 and 15 minute load averages. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }

  private static void progress(String line) {
    System.err.println("IngestLoad: " + line);
  }

  /** The message of an exception and of each cause, never a stack trace. */
  private static String describe(Throwable e) {
    var text = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
    }
    return text.toString();
  }
}
