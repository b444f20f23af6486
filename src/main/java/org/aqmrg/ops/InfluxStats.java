package org.aqmrg.ops;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import org.aqmrg.readings.influx.InfluxQl;
import org.aqmrg.readings.influx.InfluxReadingStore;

/**
 * InfluxDB's part of {@link Stats}, from {@code SHOW STATS} (shard sizes on disk per retention
 * policy, points written) and {@code SHOW SERIES CARDINALITY}. The write rate is the change in
 * points written between two readings: the previous call's when it is recent, else one a second
 * before.
 */
final class InfluxStats {
  private static final long MAX_SAMPLE_AGE_NANOS = 300_000_000_000L;
  private static final long FRESH_SAMPLE_NANOS = 1_000_000_000L;

  private final InfluxReadingStore store;
  private long lastPoints = -1;
  private long lastAt;

  InfluxStats(InfluxReadingStore store) {
    this.store = store;
  }

  synchronized Stats.Influx collect() {
    var http = store.http();
    String database = store.database();
    try {
      var shards = new TreeMap<String, long[]>();
      // Every retention policy, also those without a shard yet (nothing written to them).
      JsonNode policies =
          http.query(null, "SHOW RETENTION POLICIES ON " + InfluxQl.identifier(database))
              .path("series")
              .path(0)
              .path("values");
      for (JsonNode policy : policies) {
        shards.put(policy.path(0).asText(), new long[2]);
      }
      for (JsonNode series : http.query(null, "SHOW STATS FOR 'shard'").path("series")) {
        JsonNode tags = series.path("tags");
        if (!tags.path("database").asText().equals(database)) {
          continue;
        }
        long bytes = value(series, "diskBytes");
        var sum = shards.computeIfAbsent(tags.path("retentionPolicy").asText(), rp -> new long[2]);
        sum[0]++;
        sum[1] += bytes;
      }
      var buckets = new ArrayList<Stats.Bucket>();
      for (Map.Entry<String, long[]> entry : shards.entrySet()) {
        long[] sum = entry.getValue();
        buckets.add(new Stats.Bucket(entry.getKey(), (int) sum[0], sum[1], Sizes.human(sum[1])));
      }
      long cardinality =
          http.query(null, "SHOW SERIES CARDINALITY ON " + InfluxQl.identifier(database))
              .path("series")
              .path(0)
              .path("values")
              .path(0)
              .path(0)
              .asLong();
      long points = points();
      long now = System.nanoTime();
      if (lastPoints < 0 || now - lastAt > MAX_SAMPLE_AGE_NANOS) {
        lastPoints = points;
        lastAt = now;
        sleep();
        points = points();
        now = System.nanoTime();
      }
      double rate = Math.max(0, points - lastPoints) / ((now - lastAt) / 1e9);
      if (now - lastAt >= FRESH_SAMPLE_NANOS) {
        lastPoints = points;
        lastAt = now;
      }
      JsonNode queries = http.query(null, "SHOW STATS FOR 'queryExecutor'").path("series").path(0);
      long executed = value(queries, "queriesExecuted");
      long durationNs = value(queries, "queryDurationNs");
      return new Stats.Influx(
          store.serverVersion().orElse("unknown"),
          database,
          buckets,
          cardinality,
          rate,
          points,
          executed,
          executed == 0 ? 0.0 : durationNs / 1e6 / executed,
          null);
    } catch (RuntimeException e) {
      return new Stats.Influx(
          null, database, null, null, null, null, null, null, Problems.describe(e));
    }
  }

  /** Points the server has taken since it started ({@code SHOW STATS}, module {@code write}). */
  private long points() {
    JsonNode series = store.http().query(null, "SHOW STATS FOR 'write'").path("series").path(0);
    return value(series, "pointReq");
  }

  private static long value(JsonNode series, String column) {
    JsonNode columns = series.path("columns");
    for (int i = 0; i < columns.size(); i++) {
      if (columns.path(i).asText().equals(column)) {
        return series.path("values").path(0).path(i).asLong();
      }
    }
    return 0;
  }

  private static void sleep() {
    try {
      Thread.sleep(FRESH_SAMPLE_NANOS / 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
