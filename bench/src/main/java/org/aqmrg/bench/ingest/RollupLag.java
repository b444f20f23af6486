package org.aqmrg.bench.ingest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.aqmrg.readings.Field;
import org.aqmrg.rollups.HourlyStatistics;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.rollups.SensorHour;

/**
 * The rollups under ingest: with the 1,000,000-point load of {@link Points} posted through the real
 * platform (2 writers, bodies of 5,000 lines), how long after the last acknowledgement is every
 * touched hour rolled up, and how much CPU does the rollup worker take against the ingest itself?
 * Targets: within 10 s, and at most 15 % of ingest's CPU.
 *
 * <p>For each backend it starts the platform in process with its rollup worker on, registers the
 * 200 sensors, posts the load once unreported (warm-up), then {@code --rounds} times, each round's
 * readings three hours earlier than the last one's (a gateway's backlog: new hours, 1,000,000
 * points in them). A round ends when no rollup mark is left and the hourly rollups of its hours
 * count exactly its 1,000,000 points; the lag is the time from the last answer to that moment,
 * polled every 50 ms.
 *
 * <p>CPU is counted per thread of this JVM ({@link ThreadMXBean}) from the first request to the end
 * of the round: threads named {@code rollup…} are the worker; the load generator's HTTP client
 * threads ({@code HttpClient…}) are left out; every other thread is the platform's ingest (Jetty,
 * the store writer, marks). The stores' own CPU for the worker's queries is measured for the whole
 * round with the ingest's ({@link CpuMeter}), and shown beside; {@code --worker off} runs the same
 * rounds with the worker off (marks still written), whose store CPU is the ingest's alone.
 */
public final class RollupLag {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
  private static final Duration DEADLINE = Duration.ofMinutes(5);
  private static final int WRITERS = 2;

  /** How far apart in time the rounds' loads lie, in hours; a load spans 5,000 s. */
  private static final int ROUND_HOURS = 3;

  private final TestServices services;
  private final int rounds;
  private final boolean worker;
  private final String stamp =
      STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)).toLowerCase(Locale.ROOT);
  private final Cleanup cleanup = new Cleanup();
  private final HttpLoad load = new HttpLoad(WRITERS);
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

  private RollupLag(TestServices services, int rounds, boolean worker) {
    this.services = services;
    this.rounds = rounds;
    this.worker = worker;
  }

  /** One measured round. */
  record Round(
      double ingestSeconds, double lagSeconds, double workerCpu, double ingestCpu, CpuMeter.Usage usage) {
    double share() {
      return ingestCpu == 0 ? 0 : 100 * workerCpu / ingestCpu;
    }
  }

  public static void main(String[] args) {
    int rounds = 3;
    boolean worker = true;
    List<String> backends = List.of("influxdb", "postgres");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--backend" -> backends = List.of(args[++i]);
        case "--worker" -> worker = !args[++i].equals("off");
        default -> {
          System.err.println("usage: RollupLag [--rounds N] [--backend influxdb|postgres] [--worker on|off]");
          System.exit(2);
        }
      }
    }
    int status = 0;
    try {
      var bench = new RollupLag(TestServices.fromEnvironment(System.getenv()), rounds, worker);
      var results = new HashMap<String, List<Round>>();
      for (String backend : backends) {
        results.put(backend, bench.run(backend));
      }
      bench.print(backends, results);
    } catch (Exception e) {
      System.err.println("RollupLag failed: " + e);
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  private List<Round> run(String backend) throws Exception {
    String database = "bench_rollups_" + backend + "_" + stamp;
    services.createDatabase(database);
    cleanup.add("drop " + database, () -> services.dropDatabase(database));
    String influxDatabase = null;
    if (backend.equals("influxdb")) {
      influxDatabase = database;
      services.createInfluxDatabase(database);
      cleanup.add("drop influx " + database, () -> services.dropInfluxDatabase(database));
    }
    var env = services.platformEnv(database, backend, influxDatabase);
    env.put("AQMRG_ROLLUPS", worker ? "on" : "off");
    var measured = new ArrayList<Round>();
    try (var put = PlatformUnderTest.start(env, generate(0).sensorIds())) {
      var cpu = new CpuMeter(database);
      for (int round = 0; round <= rounds; round++) {
        Round result = round(put, generate(round), cpu, Points.POINTS);
        System.err.printf(
            Locale.ROOT,
            "%s round %d%s: ingest %.1f s, rolled up %.2f s after the last answer, worker %.2f"
                + " CPU s against ingest %.2f (%.1f %%)%n",
            backend,
            round,
            round == 0 ? " (warm-up)" : "",
            result.ingestSeconds(),
            result.lagSeconds(),
            result.workerCpu(),
            result.ingestCpu(),
            result.share());
        if (round > 0) {
          measured.add(result);
        }
      }
    } finally {
      cleanup.run();
    }
    return measured;
  }

  /**
   * The load of round {@code round}: the same sensors and values, {@link #ROUND_HOURS} hours
   * earlier than the round before, so that each round rolls up hours of its own (1,000,000 points
   * in them) and no round's hours hold another's points.
   */
  private static Points generate(int round) {
    long first = Instant.now().getEpochSecond() / 3600 * 3600 - (long) (round + 1) * ROUND_HOURS * 3600;
    return Points.generate(first * 1_000_000_000L, 20_240_101L);
  }

  private Round round(PlatformUnderTest put, Points points, CpuMeter cpu, long expected)
      throws Exception {
    Map<Long, long[]> before = threadCpu();
    CpuMeter.Sample start = cpu.sample();
    long begin = System.nanoTime();
    HttpLoad.Outcome outcome = load.post(put.writeUri(), put.authorization(), points, WRITERS);
    long acknowledged = System.nanoTime();
    if (outcome.failures() > 0) {
      throw new IllegalStateException("writes failed: " + outcome.statuses() + outcome.errors());
    }
    Instant from = Instant.ofEpochSecond(0, points.firstNanos()).truncatedTo(ChronoUnit.HOURS);
    Instant to = Instant.ofEpochSecond(0, points.lastNanos()).truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
    long deadline = acknowledged + DEADLINE.toNanos();
    while (worker && (marks(put) > 0 || rolledUp(put.platform().rollups(), points.sensorIds(), from, to) != expected)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "rollups not done within " + DEADLINE + ": " + marks(put) + " marks left, "
                + rolledUp(put.platform().rollups(), points.sensorIds(), from, to) + " of "
                + expected + " points rolled up");
      }
      Thread.sleep(50);
    }
    long done = System.nanoTime();
    CpuMeter.Usage usage = cpu.sample().minus(start, done - begin);
    double[] split = split(before, threadCpu());
    return new Round(
        (acknowledged - begin) / 1e9, (done - acknowledged) / 1e9, split[0], split[1], usage);
  }

  /** Sum of the hourly pm25 counts of these sensors' hours in [from, to). */
  private static long rolledUp(RollupStore rollups, List<String> sensors, Instant from, Instant to) {
    long count = 0;
    for (SensorHour hour : rollups.hours(sensors, from, to, List.of(Field.PM25))) {
      HourlyStatistics pm25 = hour.fields().get(Field.PM25);
      count += pm25 == null ? 0 : pm25.count();
    }
    return count;
  }

  private static long marks(PlatformUnderTest put) throws SQLException {
    try (var connection = put.platform().database().dataSource().getConnection();
        var rows = connection.createStatement().executeQuery("SELECT count(*) FROM rollup_marks")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** CPU nanoseconds and the name class of every live thread, by id: {cpu, kind}. */
  private Map<Long, long[]> threadCpu() {
    var result = new HashMap<Long, long[]>();
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long nanos = threads.getThreadCpuTime(info.getThreadId());
      String name = info.getThreadName();
      long kind = name.startsWith("rollup") ? 0 : name.startsWith("HttpClient") ? 2 : 1;
      result.put(info.getThreadId(), new long[] {nanos, kind});
    }
    return result;
  }

  /** CPU seconds of the worker and of the platform's other threads between two samples. */
  private static double[] split(Map<Long, long[]> before, Map<Long, long[]> after) {
    double[] seconds = new double[3];
    after.forEach(
        (id, now) -> {
          long[] then = before.get(id);
          long delta = now[0] - (then == null ? 0 : then[0]);
          seconds[(int) now[1]] += Math.max(0, delta) / 1e9;
        });
    return seconds;
  }

  private void print(List<String> backends, Map<String, List<Round>> results) {
    System.out.println("| backend | round | ingest s | rolled up after (s) | worker CPU s | ingest CPU s | worker/ingest | InfluxDB CPU s | PostgreSQL CPU s |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (String backend : backends) {
      int i = 1;
      for (Round r : results.get(backend)) {
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %.1f | %.2f | %.2f | %.2f | %.1f %% | %.1f | %.1f |%n",
            backend,
            i++,
            r.ingestSeconds(),
            r.lagSeconds(),
            r.workerCpu(),
            r.ingestCpu(),
            r.share(),
            r.usage().influxSeconds(),
            r.usage().postgresSeconds());
      }
    }
    System.out.println();
    System.out.println("Machine: " + Machine.describe());
  }
}
