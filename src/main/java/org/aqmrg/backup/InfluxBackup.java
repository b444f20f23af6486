package org.aqmrg.backup;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aqmrg.readings.influx.InfluxQl;
import org.aqmrg.readings.influx.InfluxReadingStore;

/**
 * The InfluxDB 1.x database of the time series as {@code influxd backup -portable} writes it (the
 * seed's {@code influx backup}), through the server's backup service ({@code host:8088}), and back
 * with {@code influxd restore -portable}. Field values are counted per retention policy,
 * measurement and field; continuous queries, which a restore does not bring back, are kept in the
 * manifest and created again.
 */
final class InfluxBackup {
  static final String DIRECTORY = "influxdb";

  private static final Pattern SHARD_LINE = Pattern.compile("shard=(\\d+)|shard (\\d+)");

  private final InfluxReadingStore store;
  private final String address;

  InfluxBackup(InfluxReadingStore store, String address) {
    this.store = store;
    this.address = address;
  }

  String database() {
    return store.database();
  }

  String serverVersion() {
    return store.serverVersion().orElse("unknown");
  }

  boolean exists() {
    for (JsonNode row : rows(store.http().query(null, "SHOW DATABASES"))) {
      if (row.path(0).asText().equals(database())) {
        return true;
      }
    }
    return false;
  }

  /** Field values per {@code retention_policy.measurement}, then per field; empty when none. */
  Map<String, Map<String, Long>> counts() {
    var counts = new LinkedHashMap<String, Map<String, Long>>();
    if (!exists()) {
      return counts;
    }
    var http = store.http();
    for (String policy : column(http.query(database(), "SHOW RETENTION POLICIES"), 0)) {
      for (String measurement : column(http.query(database(), "SHOW MEASUREMENTS"), 0)) {
        JsonNode result =
            http.query(
                database(),
                "SELECT count(*) FROM "
                    + InfluxQl.identifier(database())
                    + "."
                    + InfluxQl.identifier(policy)
                    + "."
                    + InfluxQl.identifier(measurement));
        JsonNode series = result.path("series").path(0);
        if (series.isMissingNode()) {
          continue;
        }
        var fields = new LinkedHashMap<String, Long>();
        JsonNode columns = series.path("columns");
        JsonNode values = series.path("values").path(0);
        for (int i = 1; i < columns.size(); i++) {
          long count = values.path(i).asLong();
          if (count > 0) {
            fields.put(columns.path(i).asText().replaceFirst("^count_", ""), count);
          }
        }
        if (!fields.isEmpty()) {
          counts.put(policy + "." + measurement, fields);
        }
      }
    }
    return counts;
  }

  /** The {@code CREATE CONTINUOUS QUERY} statements of the database. */
  List<String> continuousQueries() {
    var queries = new ArrayList<String>();
    for (JsonNode series : store.http().query(null, "SHOW CONTINUOUS QUERIES").path("series")) {
      if (series.path("name").asText().equals(database())) {
        for (JsonNode row : series.path("values")) {
          queries.add(row.path(1).asText());
        }
      }
    }
    return queries;
  }

  /** Backs the database up into {@code folder/influxdb}. */
  void backup(Path folder, Progress progress) {
    int shards = shards();
    int[] done = {0};
    influxd()
        .runOrThrow(
            "the InfluxDB backup of database " + database() + " through " + address,
            List.of(
                "backup",
                "-portable",
                "-database",
                database(),
                "-host",
                address,
                folder.resolve(DIRECTORY).toString()),
            Map.of(),
            line -> shardDone(line, shards, done, "backed up", progress));
  }

  /**
   * Restores {@code folder/influxdb}, backed up from database {@code from}, as this store's
   * database, dropping the existing one first (it was checked empty, or the caller forced it), and
   * creates the continuous queries again.
   */
  void restore(Path folder, String from, List<String> queries, Progress progress) {
    var http = store.http();
    if (exists()) {
      http.query(null, "DROP DATABASE " + InfluxQl.identifier(database()));
    }
    var arguments = new ArrayList<>(List.of("restore", "-portable", "-db", from));
    if (!from.equals(database())) {
      arguments.addAll(List.of("-newdb", database()));
    }
    arguments.addAll(List.of("-host", address, folder.resolve(DIRECTORY).toString()));
    int[] done = {0};
    influxd()
        .runOrThrow(
            "the InfluxDB restore into database " + database() + " through " + address,
            arguments,
            Map.of(),
            line -> shardDone(line, shardFiles(folder), done, "restored", progress));
    awaitShards();
    for (String query : queries) {
      http.query(null, renamed(query, from, database()));
    }
  }

  /**
   * Waits until the restored shards answer: InfluxDB opens them in the background and refuses
   * queries on them ("shard is disabled") until then.
   */
  private void awaitShards() {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        counts();
        return;
      } catch (org.aqmrg.error.StoreUnavailableException e) {
        if (!String.valueOf(e.getMessage()).contains("shard is disabled")
            || System.nanoTime() > deadline) {
          throw e;
        }
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BackupException("interrupted while InfluxDB opened the restored shards", e);
      }
    }
  }

  /** {@code query} with the database {@code from} renamed {@code to}, where it is named. */
  static String renamed(String query, String from, String to) {
    if (from.equals(to)) {
      return query;
    }
    String quoted = Matcher.quoteReplacement(InfluxQl.identifier(to));
    return query
        .replaceAll("\"" + Pattern.quote(from) + "\"", quoted)
        .replaceAll("(?<![\\w\"])" + Pattern.quote(from) + "(?![\\w\"])", quoted);
  }

  /** The shard archives of a portable backup: one {@code .tar.gz} per shard. */
  private static int shardFiles(Path folder) {
    try (var files = java.nio.file.Files.list(folder.resolve(DIRECTORY))) {
      return (int) files.filter(file -> file.toString().endsWith(".tar.gz")).count();
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private int shards() {
    int count = 0;
    for (JsonNode series : store.http().query(null, "SHOW SHARDS").path("series")) {
      if (series.path("name").asText().equals(database())) {
        count += series.path("values").size();
      }
    }
    return count;
  }

  private static void shardDone(
      String line, int shards, int[] done, String verb, Progress progress) {
    Matcher match = SHARD_LINE.matcher(line);
    if (match.find()) {
      done[0]++;
      double fraction = shards == 0 ? 0 : Math.min(1.0, (double) done[0] / shards);
      progress.fraction("influxdb", fraction, verb + " " + done[0] + " shard(s)");
    }
  }

  private static Tool influxd() {
    return Tool.onPath("influxd")
        .or(
            () ->
                java.nio.file.Files.isExecutable(Path.of("/usr/bin/influxd"))
                    ? java.util.Optional.of(Tool.at(Path.of("/usr/bin/influxd")))
                    : java.util.Optional.empty())
        .orElseThrow(
            () ->
                new BackupException(
                    "influxd is not installed, and InfluxDB's backup and restore run through it:"
                        + " install InfluxDB's package (apt-get install influxdb) and run the"
                        + " command again"));
  }

  private static Iterable<JsonNode> rows(JsonNode result) {
    return result.path("series").path(0).path("values");
  }

  private static List<String> column(JsonNode result, int index) {
    var values = new ArrayList<String>();
    for (JsonNode row : rows(result)) {
      values.add(row.path(index).asText());
    }
    return values;
  }
}
