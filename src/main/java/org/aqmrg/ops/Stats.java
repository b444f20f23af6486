package org.aqmrg.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The seed's Monitoring section in one answer ({@code ./aqmrg stats}, {@code GET
 * /api/v1/admin/stats}): PostgreSQL's connections, slowest statements and table sizes; InfluxDB's
 * bucket sizes, write rate and series cardinality; Redis's memory, keys per pattern and evictions;
 * and the platform's own ingest, rollup lag, alert deliveries and backups. A part whose store
 * cannot be read carries {@code error} instead of failing the whole answer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Stats(
    Instant at, Postgres postgres, Influx influxdb, Redis redis, PlatformFigures platform) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Postgres(
      String server,
      Long connections,
      Long activeConnections,
      List<Statement> slowestStatements,
      String slowestStatementsNote,
      List<TableSize> tables,
      List<TableSize> largestPartitions,
      String error) {}

  /** A statement of {@code pg_stat_statements}, times in milliseconds. */
  public record Statement(String query, long calls, double totalMs, double meanMs) {}

  /** A table with its indexes and TOAST; a partitioned table with all its partitions. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record TableSize(String table, String partitionOf, long bytes, String size) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Influx(
      String server,
      String database,
      List<Bucket> buckets,
      Long seriesCardinality,
      Double pointsWrittenPerSecond,
      Long pointsWrittenSinceStart,
      Long queriesExecuted,
      Double meanQueryMs,
      String error) {}

  /** A retention policy's shards on disk. */
  public record Bucket(String retentionPolicy, int shards, long bytes, String size) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Redis(
      String server,
      Long usedMemory,
      String usedMemoryHuman,
      Long maxMemory,
      String maxMemoryPolicy,
      Long keys,
      Map<String, Long> keysByPattern,
      Long evictedKeys,
      Long opsPerSecond,
      Long commandsProcessed,
      List<Command> busiestCommands,
      String error) {}

  /** A command of {@code INFO commandstats}: calls since the server started, mean time. */
  public record Command(String command, long calls, double usecPerCall) {}

  /**
   * The platform's own figures. {@code ingest} comes from the running server's meters (in {@code
   * serve}, or read from its {@code /metrics} by the command) and is absent when no server answers.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PlatformFigures(
      Ingest ingest,
      String ingestNote,
      Long rollupPendingHours,
      Double rollupLagSeconds,
      Map<String, Long> alertDeliveriesLast24h,
      String lastBackup,
      String error) {}

  /**
   * Points accepted and refused since the server started, the recent rate, and the write-ahead
   * spool ({@code null} when it is off).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Ingest(
      double pointsPerSecond,
      long accepted,
      long refused,
      Map<String, Long> refusedByReason,
      Spool spool) {}

  /**
   * The write-ahead spool: what waits in it for the store, how long the oldest has waited, its
   * limit, and whether deliveries fail just now.
   */
  public record Spool(
      long bytes, long readings, double oldestAgeSeconds, long maxBytes, boolean failing) {}
}
