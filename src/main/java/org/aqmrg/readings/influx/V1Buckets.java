package org.aqmrg.readings.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.readings.ReadingStore.Bucket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's buckets on InfluxDB 1.x (and 3.x, which speaks the same InfluxQL): one database with
 * one retention policy per bucket, as {@code databases/influxdb/schemas/buckets_v1.influxql}
 * defines them.
 *
 * <p>Creating is idempotent: {@code CREATE DATABASE}, then {@code SHOW RETENTION POLICIES}, then
 * {@code CREATE RETENTION POLICY} for each missing policy and {@code ALTER RETENTION POLICY} for
 * one whose duration, shard duration or default flag differs; a second run sends no change.
 *
 * <p>A bucket's size is the disk space of its shards, summed from {@code SHOW STATS FOR 'shard'}
 * (cheap: InfluxDB keeps the numbers, nothing is scanned); {@code unknown} when the server does not
 * answer that statement, e.g. for a user without admin rights.
 */
final class V1Buckets {
  private static final Logger log = LoggerFactory.getLogger(V1Buckets.class);

  private final InfluxHttp http;
  private final String database;

  V1Buckets(InfluxHttp http, String database) {
    this.http = http;
    this.database = database;
  }

  /** A retention policy as InfluxDB reports it; shard duration -1 when it does not say. */
  private record Policy(long retentionSeconds, long shardSeconds, boolean isDefault) {}

  void create() {
    http.query(null, InfluxQl.createDatabase(database));
    Map<String, Policy> existing = policies();
    for (BucketSpec bucket : BucketSpec.SEED) {
      Policy policy = existing.get(bucket.name());
      if (policy == null) {
        http.query(database, InfluxQl.retentionPolicy(true, database, bucket));
      } else if (policy.retentionSeconds() != bucket.retentionSeconds()
          || (policy.shardSeconds() >= 0 && policy.shardSeconds() != bucket.shardSeconds())
          || (bucket.isDefault() && !policy.isDefault())) {
        log.info(
            "InfluxDB retention policy {} of {} differs from the seed's; altering it",
            bucket.name(),
            database);
        http.query(database, InfluxQl.retentionPolicy(false, database, bucket));
      }
    }
  }

  List<Bucket> list() {
    Map<String, Policy> existing = policies();
    Optional<Map<String, Long>> sizes = diskBytes();
    var buckets = new ArrayList<Bucket>();
    for (BucketSpec bucket : BucketSpec.SEED) {
      Policy policy = existing.get(bucket.name());
      if (policy != null) {
        buckets.add(
            new Bucket(
                bucket.name(),
                BucketSpec.retention(policy.retentionSeconds()),
                sizes
                    .map(bytes -> pretty(bytes.getOrDefault(bucket.name(), 0L)))
                    .orElse("unknown")));
      }
    }
    return buckets;
  }

  private Map<String, Policy> policies() {
    var policies = new HashMap<String, Policy>();
    for (JsonNode series :
        http.query(database, InfluxQl.showRetentionPolicies(database)).path("series")) {
      var columns = columns(series);
      for (JsonNode row : series.path("values")) {
        String shard = cell(row, columns, "shardGroupDuration").asText("");
        policies.put(
            cell(row, columns, "name").asText(),
            new Policy(
                BucketSpec.parseGoDuration(cell(row, columns, "duration").asText("0s")),
                shard.isEmpty() ? -1 : BucketSpec.parseGoDuration(shard),
                cell(row, columns, "default").asBoolean()));
      }
    }
    return policies;
  }

  /** Bytes on disk per retention policy of the database, or empty when the server will not say. */
  private Optional<Map<String, Long>> diskBytes() {
    JsonNode result;
    try {
      result = http.query(null, "SHOW STATS FOR 'shard'");
    } catch (StoreUnavailableException e) {
      log.debug("InfluxDB at {} gives no shard sizes: {}", http.url(), e.getMessage());
      return Optional.empty();
    }
    var bytes = new HashMap<String, Long>();
    for (JsonNode series : result.path("series")) {
      JsonNode tags = series.path("tags");
      Integer column = columns(series).get("diskBytes");
      if (column != null && database.equals(tags.path("database").asText())) {
        for (JsonNode row : series.path("values")) {
          bytes.merge(tags.path("retentionPolicy").asText(), row.path(column).asLong(), Long::sum);
        }
      }
    }
    return Optional.of(bytes);
  }

  private static JsonNode cell(JsonNode row, Map<String, Integer> columns, String name) {
    Integer column = columns.get(name);
    return column == null ? MissingNode.getInstance() : row.path(column);
  }

  private static Map<String, Integer> columns(JsonNode series) {
    var columns = new HashMap<String, Integer>();
    int index = 0;
    for (JsonNode name : series.path("columns")) {
      columns.put(name.asText(), index++);
    }
    return columns;
  }

  /** Bytes as PostgreSQL's {@code pg_size_pretty} writes them: {@code 812 kB}. */
  static String pretty(long bytes) {
    String[] units = {"bytes", "kB", "MB", "GB", "TB"};
    double size = bytes;
    int unit = 0;
    while (Math.abs(size) >= 10 * 1024 && unit < units.length - 1) {
      size /= 1024;
      unit++;
    }
    return Math.round(size) + " " + units[unit];
  }
}
