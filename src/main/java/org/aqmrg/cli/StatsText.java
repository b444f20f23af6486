package org.aqmrg.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.aqmrg.ops.Stats;

/** {@link Stats} as {@code ./aqmrg stats} prints it: one block per store, one line per figure. */
final class StatsText {
  private static final int SLOWEST_SHOWN = 5;
  private static final int TABLES_SHOWN = 12;

  private final PrintWriter out;

  StatsText(PrintWriter out) {
    this.out = out;
  }

  void print(Stats stats) {
    out.println("Statistics at " + stats.at());
    postgres(stats.postgres());
    if (stats.influxdb() != null) {
      influx(stats.influxdb());
    }
    if (stats.redis() != null) {
      redis(stats.redis());
    }
    platform(stats.platform());
    out.flush();
  }

  private void postgres(Stats.Postgres pg) {
    out.println();
    out.println("PostgreSQL" + (pg.server() == null ? "" : " " + pg.server()));
    if (pg.error() != null) {
      line("error", pg.error());
      return;
    }
    line("connections", "%d (%d active)".formatted(pg.connections(), pg.activeConnections()));
    if (pg.slowestStatements() == null) {
      line("slowest statements", pg.slowestStatementsNote());
    } else {
      line("slowest statements", pg.slowestStatements().isEmpty() ? "none recorded yet" : "");
      for (var s : pg.slowestStatements().stream().limit(SLOWEST_SHOWN).toList()) {
        out.printf(
            Locale.ROOT,
            "    %10.1f ms mean %9d calls  %s%n",
            s.meanMs(),
            s.calls(),
            oneLine(s.query(), 90));
      }
    }
    line("table sizes", "");
    tables(pg.tables());
    line("largest partitions", pg.largestPartitions().isEmpty() ? "none" : "");
    tables(pg.largestPartitions());
  }

  private void tables(List<Stats.TableSize> tables) {
    for (var t : tables.stream().limit(TABLES_SHOWN).toList()) {
      String of = t.partitionOf() == null ? "" : " (of " + t.partitionOf() + ")";
      out.printf(Locale.ROOT, "    %-40s %10s%n", t.table() + of, t.size());
    }
    if (tables.size() > TABLES_SHOWN) {
      out.printf("    … and %d more (--json lists them all)%n", tables.size() - TABLES_SHOWN);
    }
  }

  private void influx(Stats.Influx influx) {
    out.println();
    out.println("InfluxDB" + (influx.server() == null ? "" : " " + influx.server()));
    if (influx.error() != null) {
      line("error", influx.error());
      return;
    }
    line("database", influx.database());
    line("bucket sizes", "");
    for (var b : influx.buckets()) {
      out.printf(
          Locale.ROOT,
          "    %-40s %10s in %d shard(s)%n",
          b.retentionPolicy(),
          b.size(),
          b.shards());
    }
    line("series cardinality", String.valueOf(influx.seriesCardinality()));
    line(
        "write rate",
        influx.pointsWrittenPerSecond() == null
            ? "not measured"
            : "%.2f points/s (%d points written since InfluxDB started)"
                .formatted(influx.pointsWrittenPerSecond(), influx.pointsWrittenSinceStart()));
    line(
        "query performance",
        "%.2f ms mean over %d queries since InfluxDB started"
            .formatted(influx.meanQueryMs(), influx.queriesExecuted()));
  }

  private void redis(Stats.Redis redis) {
    out.println();
    out.println("Redis" + (redis.server() == null ? "" : " " + redis.server()));
    if (redis.error() != null) {
      line("error", redis.error());
      return;
    }
    String max =
        redis.maxMemory() == null || redis.maxMemory() == 0
            ? "no maxmemory"
            : "maxmemory " + redis.maxMemory() + " bytes, " + redis.maxMemoryPolicy();
    line("memory", "%s used (%s)".formatted(redis.usedMemoryHuman(), max));
    line("keys", "%d in the database".formatted(redis.keys()));
    for (var entry : redis.keysByPattern().entrySet()) {
      out.printf(Locale.ROOT, "    %-40s %10d%n", entry.getKey(), entry.getValue());
    }
    line("evicted keys", String.valueOf(redis.evictedKeys()));
    line(
        "commands",
        "%d/s now, %d since Redis started; called most:"
            .formatted(redis.opsPerSecond(), redis.commandsProcessed()));
    for (var command : redis.busiestCommands()) {
      out.printf(
          Locale.ROOT,
          "    %-40s %10d calls %8.1f µs each%n",
          command.command(),
          command.calls(),
          command.usecPerCall());
    }
  }

  private static String spool(Stats.Spool spool) {
    String held =
        spool.readings() == 0
            ? "empty: every acknowledged write is in the store"
            : "%d reading(s), %.1f MB wait for the store, the oldest for %.0f s"
                .formatted(spool.readings(), spool.bytes() / 1048576.0, spool.oldestAgeSeconds());
    return held
        + " (limit %d MB)".formatted(spool.maxBytes() / 1048576)
        + (spool.failing() ? "; deliveries fail, see ./aqmrg doctor and the server's log" : "");
  }

  private void platform(Stats.PlatformFigures p) {
    out.println();
    out.println("Platform");
    var ingest = p.ingest();
    if (ingest == null) {
      line("ingest", p.ingestNote());
    } else {
      line(
          "ingest",
          "%.2f points/s; %d accepted and %d refused since the server started%s"
              .formatted(
                  ingest.pointsPerSecond(),
                  ingest.accepted(),
                  ingest.refused(),
                  reasons(ingest.refusedByReason())));
      var spool = ingest.spool();
      line("spool", spool == null ? "off: writes are acknowledged once stored" : spool(spool));
    }
    if (p.error() != null) {
      line("error", p.error());
      return;
    }
    line(
        "rollup lag",
        p.rollupPendingHours() == 0
            ? "none: every marked hour is computed"
            : "%d hour(s) waiting, the oldest marked %.1f s ago"
                .formatted(p.rollupPendingHours(), p.rollupLagSeconds()));
    line(
        "alert deliveries",
        p.alertDeliveriesLast24h().entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "))
            + " in the last 24 h");
    line("last backup", p.lastBackup());
  }

  private static String reasons(Map<String, Long> byReason) {
    if (byReason == null || byReason.isEmpty()) {
      return "";
    }
    return byReason.entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", ", " (", ")"));
  }

  private void line(String label, String value) {
    out.printf(Locale.ROOT, "  %-20s %s%n", label, value == null ? "" : value).flush();
  }

  private static String oneLine(String text, int max) {
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= max ? flat : flat.substring(0, max - 1) + "…";
  }
}
