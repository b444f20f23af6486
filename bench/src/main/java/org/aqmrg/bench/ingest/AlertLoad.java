package org.aqmrg.bench.ingest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToDoubleFunction;

/**
 * Alerts under ingest: with 1,000 enabled rules over 100 locations ({@link AlertSet}), how much do
 * evaluation and notification add to the CPU of the 1,000,000-point ingest load (200 sensors,
 * bodies of 5,000 lines, 2 writers, through the platform over HTTP), and how soon after the write
 * that fired it does a notification reach its receiver? Targets: at most 5 % of ingest CPU, and 5
 * s at p99.
 *
 * <p>Rounds alternate between the platform with {@code AQMRG_ALERTS=off} (the baseline: the same
 * rules stored, nothing evaluated or sent) and on, after one unreported warm-up round of each. Each
 * round starts the platform on a database of its own and posts a fresh load whose readings end
 * now, so that the latest readings are current. In the rounds whose rules fire and clear, {@link
 * AlertProbe} times notifications throughout the round; the rounds with held rules have no
 * transition at all, and measure evaluation alone.
 *
 * <p>CPU is counted per thread of this JVM, from the first request to the last answer: threads
 * named {@code alert…} are evaluation and sending; the HTTP client threads ({@code HttpClient…},
 * the load generator's, the probe's and the webhooks') and the benchmark's own ({@code bench…})
 * are left out; every other thread is the platform's ingest. The stores' processes are measured for
 * the same span ({@link CpuMeter}). The rollup worker is off in both configurations.
 */
public final class AlertLoad {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
  private static final int WRITERS = 2;
  private static final Duration LOADED = Duration.ofSeconds(30);

  private final TestServices services;
  private final String stamp =
      STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)).toLowerCase(Locale.ROOT);
  private final Cleanup cleanup = new Cleanup();
  private final HttpLoad load = new HttpLoad(WRITERS);
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final AlertProbe probe;
  private final String influxDatabase;
  private int databases;
  private final Map<Config, List<long[]>> latencies = new java.util.EnumMap<>(Config.class);

  /** What a round runs: alerts off (the baseline), or on with the rules held or instant. */
  enum Config {
    OFF("off (baseline)"),
    HELD("on, rules held 15 min"),
    INSTANT("on, rules as listed");

    final String label;

    Config(String label) {
      this.label = label;
    }
  }

  /** One measured round. */
  record Round(
      Config config,
      long transitions,
      double ingestSeconds, double alertCpu, double ingestCpu, CpuMeter.Usage usage) {
    double platformCpu() {
      return alertCpu + ingestCpu;
    }

    double storesCpu() {
      return usage.influxSeconds() + usage.postgresSeconds() + usage.redisSeconds();
    }
  }

  private AlertLoad(TestServices services) throws java.io.IOException {
    this.services = services;
    this.probe = new AlertProbe();
    this.influxDatabase = "bench_alerts_" + stamp;
    services.createInfluxDatabase(influxDatabase);
    cleanup.add("drop influx " + influxDatabase, () -> services.dropInfluxDatabase(influxDatabase));
  }

  public static void main(String[] args) {
    int rounds = 3;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--rounds")) {
        rounds = Integer.parseInt(args[++i]);
      } else {
        System.err.println("usage: AlertLoad [--rounds N]");
        System.exit(2);
      }
    }
    int status = 0;
    try {
      var bench = new AlertLoad(TestServices.fromEnvironment(System.getenv()));
      try {
        var measured = new ArrayList<Round>();
        for (int round = -1; round < rounds; round++) {
          for (Config config : Config.values()) {
            Round result = bench.round(config);
            System.err.printf(
                Locale.ROOT,
                "round %d%s, alerts %s: ingest %.1f s, platform %.2f CPU s (alerts %.2f),"
                    + " stores %.2f CPU s, %d transitions%n",
                round + 1,
                round < 0 ? " (warm-up)" : "",
                config.label,
                result.ingestSeconds(),
                result.platformCpu(),
                result.alertCpu(),
                result.storesCpu(),
                result.transitions());
            if (round >= 0) {
              measured.add(result);
            }
          }
        }
        bench.print(measured);
      } finally {
        bench.probe.close();
        bench.cleanup.run();
        bench.cleanup.done();
      }
    } catch (Exception e) {
      System.err.println("AlertLoad failed: " + e);
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  private Round round(Config config) throws Exception {
    boolean alerts = config != Config.OFF;
    String database = "bench_alerts_" + stamp + "_" + databases++;
    services.createDatabase(database);
    cleanup.add("drop " + database, () -> services.dropDatabase(database));
    var env = services.platformEnv(database, "influxdb", influxDatabase);
    env.put("AQMRG_ALERTS", alerts ? "on" : "off");
    env.put("AQMRG_ROLLUPS", "off");
    env.put("AQMRG_WEBHOOK_ALLOWED_NETWORKS", "127.0.0.0/8");
    long first = Instant.now().getEpochSecond() - Points.BODIES * Points.LINES_PER_BODY / Points.SENSORS;
    Points points = Points.generate(first * 1_000_000_000L, 20_240_101L);
    var sensors = new ArrayList<>(points.sensorIds());
    try (var put = PlatformUnderTest.start(env, sensors)) {
      UUID probeAlert;
      try (var sql = put.platform().database().dataSource().getConnection()) {
        probeAlert = AlertSet.install(
                sql, sensors, probe.url("/bulk"), probe.url("/probe"), config == Config.HELD);
      }
      if (alerts) {
        awaitLoaded(put, probeAlert);
      }
      if (config == Config.INSTANT) {
        probe.start(put);
      }
      var cpu = new CpuMeter("bench_alerts_");
      Map<Long, long[]> before = threadCpu();
      CpuMeter.Sample start = cpu.sample();
      long begin = System.nanoTime();
      HttpLoad.Outcome outcome = load.post(put.writeUri(), put.authorization(), points, WRITERS);
      long end = System.nanoTime();
      CpuMeter.Usage usage = cpu.sample().minus(start, end - begin);
      double[] split = split(before, threadCpu());
      long transitions = 0;
      if (alerts) {
        System.err.println("  alert threads, CPU s: " + byName(before, threadCpu()));
        try (var sql = put.platform().database().dataSource().getConnection();
            var counts =
                sql.createStatement()
                    .executeQuery(
                        "SELECT count(*) FROM alert_events e JOIN alerts a ON a.id = e.alert_id"
                            + " WHERE a.sensor_id IS NULL AND a.location_id NOT IN"
                            + " (SELECT location_id FROM sensors WHERE id = '"
                            + AlertSet.PROBE_SENSOR
                            + "')")) {
          counts.next();
          transitions = counts.getLong(1);
        }
        Thread.sleep(1_500); // PostgreSQL publishes its table statistics within a second
        try (var sql = put.platform().database().dataSource().getConnection();
            var updates =
                sql.createStatement()
                    .executeQuery(
                        "SELECT n_tup_upd FROM pg_stat_user_tables WHERE relname = 'alerts'")) {
          updates.next();
          System.err.printf("  alert row updates %d%n", updates.getLong(1));
        }
      }
      if (config == Config.INSTANT) {
        probe.stop();
        latencies.computeIfAbsent(config, c -> new ArrayList<>()).addAll(probe.take());
      }
      if (outcome.failures() > 0) {
        throw new IllegalStateException("writes failed: " + outcome.statuses() + outcome.errors());
      }
      put.platform().cache().delete("sensor:" + AlertSet.PROBE_SENSOR + ":latest");
      try (var sql = put.platform().database().dataSource().getConnection();
          var ids = sql.createStatement().executeQuery("SELECT id FROM alerts")) {
        while (ids.next()) {
          put.platform().cache().delete("alert:" + ids.getString(1) + ":state");
        }
      }
      return new Round(config, transitions, (end - begin) / 1e9, split[0], split[1], usage);
    }
  }

  /** Waits until the evaluator has loaded the rules: it writes the probe rule's state key then. */
  private static void awaitLoaded(PlatformUnderTest put, UUID probeAlert) throws InterruptedException {
    long deadline = System.nanoTime() + LOADED.toNanos();
    String key = "alert:" + probeAlert + ":state";
    while (put.platform().cache().get(key).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the evaluator did not load the rules within " + LOADED);
      }
      Thread.sleep(100);
    }
  }

  /** CPU nanoseconds and the kind of every live thread, by id: {cpu, kind}. */
  private Map<Long, long[]> threadCpu() {
    var result = new HashMap<Long, long[]>();
    for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      String name = info.getThreadName();
      long kind =
          name.startsWith("alert")
              ? 0
              : name.startsWith("HttpClient") || name.startsWith("bench") ? 2 : 1;
      result.put(info.getThreadId(), new long[] {threads.getThreadCpuTime(info.getThreadId()), kind});
    }
    return result;
  }

  /** CPU seconds of the alert threads by name, between two samples. */
  private Map<String, String> byName(Map<Long, long[]> before, Map<Long, long[]> after) {
    var seconds = new java.util.TreeMap<String, Double>();
    for (var info : threads.getThreadInfo(after.keySet().stream().mapToLong(Long::longValue).toArray())) {
      if (info != null && info.getThreadName().startsWith("alert")) {
        long[] then = before.get(info.getThreadId());
        long delta = after.get(info.getThreadId())[0] - (then == null ? 0 : then[0]);
        seconds.merge(info.getThreadName().replaceAll("-\\d+$", ""), delta / 1e9, Double::sum);
      }
    }
    var shown = new java.util.TreeMap<String, String>();
    seconds.forEach((name, s) -> shown.put(name, String.format(Locale.ROOT, "%.2f", s)));
    return shown;
  }

  /** CPU seconds of the alert threads and of the platform's other threads between two samples. */
  private static double[] split(Map<Long, long[]> before, Map<Long, long[]> after) {
    double[] seconds = new double[3];
    after.forEach(
        (id, now) -> {
          long[] then = before.get(id);
          seconds[(int) now[1]] += Math.max(0, now[0] - (then == null ? 0 : then[0])) / 1e9;
        });
    return seconds;
  }

  private static double median(List<Round> rounds, ToDoubleFunction<Round> value) {
    double[] values = rounds.stream().mapToDouble(value).sorted().toArray();
    int n = values.length;
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  }

  private void print(List<Round> rounds) {
    System.out.println(
        "| alerts | transitions | ingest s | ingest threads CPU s | alert threads CPU s | alert / ingest"
            + " threads | InfluxDB CPU s | PostgreSQL CPU s | Redis CPU s | all in CPU s | all in vs"
            + " baseline |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    var off = of(rounds, Config.OFF);
    double baseline = median(off, r -> r.platformCpu() + r.storesCpu());
    for (Config config : Config.values()) {
      var group = of(rounds, config);
      double all = median(group, r -> r.platformCpu() + r.storesCpu());
      System.out.printf(
          Locale.ROOT,
          "| %s | %.0f | %.1f | %.2f | %.2f | %.1f %% | %.1f | %.2f | %.2f | %.1f | %+.1f %% |%n",
          config.label,
          median(group, r -> r.transitions()),
          median(group, Round::ingestSeconds),
          median(group, Round::ingestCpu),
          median(group, Round::alertCpu),
          100 * median(group, r -> r.alertCpu() / r.ingestCpu()),
          median(group, r -> r.usage().influxSeconds()),
          median(group, r -> r.usage().postgresSeconds()),
          median(group, r -> r.usage().redisSeconds()),
          all,
          100 * (all - baseline) / baseline);
    }
    System.out.println();
    System.out.println(
        "| alerts | notifications timed | p50 ms | p99 ms | max ms | write answered p50 ms | write"
            + " answered p99 ms |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|");
    latencies.forEach(
        (config, samples) -> {
          var total = new ArrayList<Long>();
          var answered = new ArrayList<Long>();
          samples.forEach(
              sample -> {
                total.add(sample[0]);
                answered.add(sample[1]);
              });
          total.sort(Long::compare);
          answered.sort(Long::compare);
          System.out.printf(
              Locale.ROOT,
              "| %s | %d | %.0f | %.0f | %.0f | %.0f | %.0f |%n",
              config.label,
              total.size(),
              percentile(total, 50),
              percentile(total, 99),
              percentile(total, 100),
              percentile(answered, 50),
              percentile(answered, 99));
        });
    System.out.printf(
        Locale.ROOT,
        "%nMissed (no notification within %d s): %d; out of order: %d. Bulk rules' webhooks"
            + " received: %d.%n",
        AlertProbe.MISSED.toSeconds(),
        probe.missed(),
        probe.wrong(),
        probe.bulkReceived());
    System.out.println();
    System.out.println("Machine: " + Machine.describe());
  }

  private static List<Round> of(List<Round> rounds, Config config) {
    return rounds.stream().filter(r -> r.config() == config).toList();
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
  }
}
