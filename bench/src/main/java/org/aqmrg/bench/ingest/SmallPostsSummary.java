package org.aqmrg.bench.ingest;

import java.time.Instant;
import java.util.List;

/** The whole markdown report of one {@link SmallPostsLoad} run: conditions, tables, reading. */
final class SmallPostsSummary {
  private final SmallPostsReport report;
  private final SmallPostsOptions options;
  private final SmallBodies bodies;
  private final TestServices services;

  SmallPostsSummary(
      SmallPostsReport report,
      SmallPostsOptions options,
      SmallBodies bodies,
      TestServices services) {
    this.report = report;
    this.options = options;
    this.bodies = bodies;
    this.services = services;
  }

  void print(
      List<SmallPostsReport.SideRun> runs, Instant started, String loadAtStart, Exception failure) {
    report.line("## Small posts: results of one run");
    report.line("");
    report.line(
        "- started %s, load average (1, 5, 15 min) at start %s, at end %s"
            .formatted(started, loadAtStart, Machine.loadAverage()));
    report.line("- " + Machine.describe() + "; " + Machine.cpus());
    report.line("- " + Machine.jvm());
    report.line("- " + services);
    report.line(
        ("- load: %d concurrent keep-alive HTTP/1.1 clients, closed loop, driven by %d client"
                + " thread(s); each post %d lines of one sensor's readings (200 sensors, seven"
                + " fields, %d different bodies per sensor, timestamps all distinct, first %s);"
                + " %s; %d measured round(s) after %d warm-up round(s), the side that goes first"
                + " alternating; pause %d s before each run")
            .formatted(
                options.clients(),
                options.clientThreads(),
                options.lines(),
                SmallBodies.VARIANTS,
                bodies == null ? "–" : bodies.base(),
                options.roundSize(),
                options.rounds(),
                options.warmup(),
                options.pause()));
    report.line(
        "- command: `bench/run org.aqmrg.bench.ingest.SmallPostsLoad` with "
            + ("`--clients %d --lines %d %s --rounds %d --warmup %d --client-threads %d --target %s"
                    + " --spool %s`")
                .formatted(
                    options.clients(),
                    options.lines(),
                    options.seconds() > 0
                        ? "--seconds " + options.seconds()
                        : "--posts " + options.posts(),
                    options.rounds(),
                    options.warmup(),
                    options.clientThreads(),
                    String.join(",", options.targets()),
                    options.spool() ? "on" : "off"));
    var influx = runs.stream().filter(r -> !r.side().equals(SmallPostsReport.POSTGRES)).toList();
    var direct = runs.stream().filter(r -> r.side().equals(SmallPostsReport.DIRECT)).toList();
    var platform = runs.stream().filter(r -> r.side().equals(SmallPostsReport.PLATFORM)).toList();
    var postgres = runs.stream().filter(r -> r.side().equals(SmallPostsReport.POSTGRES)).toList();
    if (!influx.isEmpty()) {
      report.heading("Platform on InfluxDB against InfluxDB direct: every run");
      report.rounds(influx);
      report.heading("Per side, over the measured rounds");
      report.summary(influx, List.of(SmallPostsReport.DIRECT, SmallPostsReport.PLATFORM));
      report.heading("Platform / direct, round by round");
      report.ratios(direct, platform);
    }
    if (!postgres.isEmpty()) {
      report.heading("Platform on PostgreSQL (no baseline): every run");
      report.rounds(postgres);
      report.heading("Platform on PostgreSQL, over the measured rounds");
      report.summary(postgres, List.of(SmallPostsReport.POSTGRES));
    }
    report.line("");
    report.line(
        "Latency is from the start of writing a request to the end of its answer. The load is"
            + " closed: each client sends its next post when the answer to the previous one is in,"
            + " so a stall of the server holds back the posts that would have been sent meanwhile"
            + " instead of timing them (coordinated omission); the percentiles are those of the"
            + " requests sent, and the mean latency is clients / requests per second. Points/s are"
            + " the acknowledged points over the time from the first request to the last answer."
            + " Client CPU is the thread CPU time of the client's threads, in user mode in"
            + " brackets (the rest is the kernel's, mostly the loopback TCP path, which a write"
            + " runs on the sender's CPU); \"JVM besides client\""
            + " is the rest of this JVM (the platform, GC and JIT: nearly idle in InfluxDB direct's"
            + " runs); influxd, PostgreSQL backends of this run's databases and Redis from /proc,"
            + " in ticks of 10 ms, each over the run and, for the platform, until its latest values"
            + " were in the cache; \"other cores\" is the rest of the machine's busy time (other"
            + " work on a shared machine). Both sides send the same request head but"
            + " for the path and query (InfluxDB ignores the Authorization header with its"
            + " authentication off).");
    report.line("");
    if (failure != null) {
      report.line("**The run failed:** " + SmallPostsLoad.describe(failure));
    } else {
      report.line(
          "Every answer was 204 and every acknowledged point was stored (counted after each run).");
    }
  }
}
