package org.aqmrg.bench.ingest;

import static org.aqmrg.bench.OptionValues.number;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What durability costs: the ingest benchmark's 1,000,000 points in 200 bodies of 5,000 lines
 * posted to the platform on InfluxDB without the write-ahead spool and with it, in alternating
 * turns within each round. Without the spool a body is answered once stored, so the rate is points
 * over the time to the last answer; with it a body is answered once forced to the spool, so the
 * rate is points over the time until the spool has delivered the last of them to InfluxDB, which
 * is what durability must not slow. The answer rate with the spool is printed beside it. The
 * verdict is the median over the rounds of (with / without).
 */
public final class SpoolIngestLoad {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
  static final String USAGE =
      """
      usage: bench/run org.aqmrg.bench.ingest.SpoolIngestLoad [--writers N[,N]] [--rounds N]
                 [--pause S]
        --writers LIST  concurrent writers, e.g. 1,2 (default 1,2)
        --rounds N      measured rounds per writer count (default 5); one warm-up round first
        --pause S       seconds of quiet before each turn (default 5)
      Needs the test servers: scripts/test-services start; eval "$(scripts/test-services env)"\
      """;

  /** One round: both sides' rates in points per second. */
  private record Round(
      int writers, int round, double without, double with, double withAnswered, double drainMs) {
    double ratio() {
      return with / without;
    }
  }

  private SpoolIngestLoad() {}

  public static void main(String[] args) throws Exception {
    if (List.of(args).contains("--help")) {
      System.out.println(USAGE);
      return;
    }
    List<Integer> writers = List.of(1, 2);
    int rounds = 5;
    int pause = 5;
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      String value = i + 1 < args.length ? args[++i] : "";
      switch (option) {
        case "--writers" -> {
          var list = new ArrayList<Integer>();
          for (String part : value.split(",")) {
            list.add(number(option, part.trim(), 1, 8));
          }
          writers = List.copyOf(list);
        }
        case "--rounds" -> rounds = number(option, value, 1, 20);
        case "--pause" -> pause = number(option, value, 0, 60);
        default -> {
          System.err.println("SpoolIngestLoad: unknown option '" + option + "'\n" + USAGE);
          System.exit(2);
        }
      }
    }
    int status;
    try {
      status = run(TestServices.fromEnvironment(System.getenv()), writers, rounds, pause);
    } catch (Exception e) {
      System.err.println("SpoolIngestLoad failed: " + e);
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  private static int run(TestServices services, List<Integer> writerCounts, int rounds, int pause)
      throws Exception {
    String stamp = STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)).toLowerCase(Locale.ROOT);
    Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String loadAtStart = Machine.loadAverage();
    var cleanup = new Cleanup();
    int maxWriters = writerCounts.stream().mapToInt(Integer::intValue).max().orElse(1);
    var load = new HttpLoad(maxWriters);
    var points =
        Points.generate((Instant.now().getEpochSecond() - 3 * 3600) * 1_000_000_000L, 20_240_101L);
    var results = new ArrayList<Round>();
    try (var without = side(services, cleanup, stamp, "off", points);
        var with = side(services, cleanup, stamp, "on", points)) {
      int shift = 0;
      for (int writers : writerCounts) {
        for (int round = 0; round <= rounds; round++) { // round 0: warm-up, not reported
          points.shift(++shift % Points.MAX_SHIFT_MILLIS);
          boolean withFirst = round % 2 == 1;
          double[] rateWith = null;
          double rateWithout = 0;
          for (int turn = 0; turn < 2; turn++) {
            boolean spooled = withFirst == (turn == 0);
            empty(services, spooled ? with : without, stamp, spooled ? "on" : "off");
            Thread.sleep(pause * 1000L);
            var put = spooled ? with : without;
            var outcome = load.post(put.writeUri(), put.authorization(), points, writers);
            if (outcome.failures() > 0) {
              throw new IllegalStateException(
                  "spool " + (spooled ? "on" : "off") + ": answers " + outcome.statuses());
            }
            long drained = put.awaitSpoolDrained();
            long stored = services.influxCount(series(stamp, spooled ? "on" : "off"));
            if (stored != Points.POINTS) {
              throw new IllegalStateException(
                  "spool %s: %,d of %,d points stored"
                      .formatted(spooled ? "on" : "off", stored, Points.POINTS));
            }
            double rate = Points.POINTS * 1e9 / (outcome.nanos() + drained);
            progress(
                ("%d writer(s), round %d, spool %s: %,.0f points/s to the store (answered at %,.0f,"
                        + " spool empty %.0f ms after the last answer; load %s)")
                    .formatted(
                        writers,
                        round,
                        spooled ? "on" : "off",
                        rate,
                        outcome.pointsPerSecond(),
                        drained / 1e6,
                        Machine.loadAverage()));
            if (spooled) {
              rateWith = new double[] {rate, outcome.pointsPerSecond(), drained / 1e6};
            } else {
              rateWithout = rate;
            }
          }
          if (round > 0) {
            results.add(
                new Round(writers, round, rateWithout, rateWith[0], rateWith[1], rateWith[2]));
          }
        }
      }
    } finally {
      cleanup.run().forEach(SpoolIngestLoad::progress);
      cleanup.done();
    }
    print(started, loadAtStart, services, writerCounts, results);
    return 0;
  }

  private static PlatformUnderTest side(
      TestServices services, Cleanup cleanup, String stamp, String spool, Points points)
      throws Exception {
    String relational = "bench_spool_" + stamp + "_" + spool;
    String series = series(stamp, spool);
    services.createDatabase(relational);
    cleanup.add("dropped PostgreSQL database " + relational, () -> services.dropDatabase(relational));
    cleanup.add("dropped InfluxDB database " + series, () -> services.dropInfluxDatabase(series));
    Map<String, String> env = services.platformEnv(relational, "influxdb", series);
    env.put("AQMRG_ROLLUPS", "off"); // the marks are written either way; no recomputing between turns
    return PlatformUnderTest.start(env, points.sensorIds(), spool.equals("on"));
  }

  private static String series(String stamp, String spool) {
    return "bench_spool_" + stamp + "_" + spool;
  }

  /** Drops the side's InfluxDB database and has the platform make it again, empty. */
  private static void empty(TestServices services, PlatformUnderTest put, String stamp, String spool)
      throws InterruptedException {
    services.dropInfluxDatabase(series(stamp, spool));
    put.platform().readings().createBuckets();
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (services.influxCompactionsPending() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
  }

  private static void print(
      Instant started,
      String loadAtStart,
      TestServices services,
      List<Integer> writerCounts,
      List<Round> results) {
    var out = System.out;
    out.printf("## Spool on against spool off, %s (load %s at start)%n%n", started, loadAtStart);
    out.println("- " + Machine.describe() + "; " + Machine.cpus());
    out.println("- " + Machine.jvm());
    out.println("- " + services);
    out.println();
    out.println("| writers | round | off: points/s | on: points/s to the store | on / off | on: answered points/s | on: spool empty after the last answer |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|");
    for (Round r : results) {
      out.printf(
          "| %d | %d | %,.0f | %,.0f | %.2f | %,.0f | %.0f ms |%n",
          r.writers, r.round, r.without, r.with, r.ratio(), r.withAnswered, r.drainMs);
    }
    out.println();
    for (int writers : writerCounts) {
      var ratios =
          results.stream().filter(r -> r.writers == writers).mapToDouble(Round::ratio).sorted().toArray();
      double median =
          ratios.length % 2 == 1
              ? ratios[ratios.length / 2]
              : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
      out.printf(
          "%d writer(s): median on / off %.2f over %d rounds (target at least 0.9: %s)%n",
          writers, median, ratios.length, median >= 0.9 ? "met" : "missed");
    }
  }

  static void progress(String line) {
    System.err.println("SpoolIngestLoad: " + line);
  }
}
