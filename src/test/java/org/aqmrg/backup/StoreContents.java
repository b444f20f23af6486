package org.aqmrg.backup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.codec.ByteArrayCodec;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * What the three stores hold, table by table, measurement by measurement and key by key, as a count
 * and a checksum of the content: two stores hold the same data when these are equal.
 */
final class StoreContents {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final ObjectMapper JSON = new ObjectMapper();

  private StoreContents() {}

  /** {@code table -> "rows:md5"} of every table of the public schema, partitions counted whole. */
  static Map<String, String> tables(Connection connection) throws SQLException {
    var tables = new ArrayList<String>();
    try (var statement = connection.createStatement();
        var rows =
            statement.executeQuery(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')"
                    + " AND NOT c.relispartition")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    var contents = new TreeMap<String, String>();
    for (String table : tables) {
      try (var statement = connection.createStatement();
          var rows =
              statement.executeQuery(
                  "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"
                      + " FROM public.\""
                      + table
                      + "\" t")) {
        rows.next();
        contents.put(table, rows.getLong(1) + ":" + rows.getString(2));
      }
    }
    return contents;
  }

  /** {@code rp.measurement -> "rows:sha256"} of every point of an InfluxDB database. */
  static Map<String, String> series(String url, String database) throws Exception {
    var contents = new TreeMap<String, String>();
    for (String policy : column(query(url, database, "SHOW RETENTION POLICIES"))) {
      for (String measurement : column(query(url, database, "SHOW MEASUREMENTS"))) {
        JsonNode series =
            query(
                    url,
                    database,
                    "SELECT * FROM \"%s\".\"%s\".\"%s\" GROUP BY *"
                        .formatted(database, policy, measurement))
                .path("series");
        if (series.isEmpty()) {
          continue;
        }
        long points = 0;
        for (JsonNode one : series) {
          points += one.path("values").size();
        }
        contents.put(
            policy + "." + measurement, points + ":" + DigestUtils.sha256Hex(series.toString()));
      }
    }
    return contents;
  }

  /** The continuous queries of a database, by name. */
  static List<String> continuousQueries(String url, String database) throws Exception {
    var names = new ArrayList<String>();
    for (JsonNode series : query(url, null, "SHOW CONTINUOUS QUERIES").path("series")) {
      if (series.path("name").asText().equals(database)) {
        series.path("values").forEach(row -> names.add(row.path(0).asText()));
      }
    }
    return names;
  }

  /** {@code key -> "dump-hex/expires|persistent"} of every key of a Redis server. */
  static Map<String, String> keys(String host, int port) {
    var client = RedisClient.create(RedisURI.create(host, port));
    try (var connection = client.connect(ByteArrayCodec.INSTANCE)) {
      var redis = connection.sync();
      var contents = new TreeMap<String, String>();
      var all = new ArrayList<byte[]>();
      var args = io.lettuce.core.ScanArgs.Builder.limit(1_000);
      var cursor = redis.scan(args);
      all.addAll(cursor.getKeys());
      while (!cursor.isFinished()) {
        cursor = redis.scan(cursor, args);
        all.addAll(cursor.getKeys());
      }
      for (byte[] key : all) {
        long ttl = redis.pttl(key);
        contents.put(
            new String(key, StandardCharsets.UTF_8),
            DigestUtils.sha256Hex(redis.dump(key)) + (ttl > 0 ? "/expires" : "/persistent"));
      }
      return contents;
    } finally {
      client.shutdown();
    }
  }

  static JsonNode query(String url, String database, String statement) throws Exception {
    String uri =
        url
            + "/query?epoch=ns&q="
            + URLEncoder.encode(statement, StandardCharsets.UTF_8)
            + (database == null
                ? ""
                : "&db=" + URLEncoder.encode(database, StandardCharsets.UTF_8));
    var response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(uri))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body()).path("results").path(0);
  }

  private static List<String> column(JsonNode result) {
    var values = new ArrayList<String>();
    result.path("series").path(0).path("values").forEach(row -> values.add(row.path(0).asText()));
    return values;
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
