package org.aqmrg.bench.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The PostgreSQL, Redis and InfluxDB of {@code scripts/test-services}, from the {@code
 * AQMRG_TEST_*} variables that {@code eval "$(scripts/test-services env)"} exports. All three must
 * be on a loopback address: the benchmark touches nothing else. Passwords never appear in messages.
 */
public record TestServices(
    String pgHost,
    int pgPort,
    String pgUser,
    String pgPassword,
    String redisHost,
    int redisPort,
    String redisPassword,
    URI influx,
    HttpClient http) {

  /** Names this program creates: lowercase letters, digits and underscores, so never quoted. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(120);

  /** Reads the variables; throws naming every one that is missing or wrong. */
  public static TestServices fromEnvironment(Map<String, String> env) {
    var problems = new ArrayList<String>();
    String pgHost = required(env, "AQMRG_TEST_PGHOST", problems);
    int pgPort = port(env, "AQMRG_TEST_PGPORT", problems);
    String pgUser = required(env, "AQMRG_TEST_PGUSER", problems);
    String redisHost = required(env, "AQMRG_TEST_REDIS_HOST", problems);
    int redisPort = port(env, "AQMRG_TEST_REDIS_PORT", problems);
    String influxUrl = required(env, "AQMRG_TEST_INFLUXDB_URL", problems);
    URI influx = null;
    if (!influxUrl.isEmpty()) {
      try {
        influx = URI.create(influxUrl.replaceAll("/+$", ""));
        if (!"http".equals(influx.getScheme()) || influx.getHost() == null) {
          problems.add("AQMRG_TEST_INFLUXDB_URL must be an http:// URL, got '" + influxUrl + "'");
        } else {
          requireLoopback("AQMRG_TEST_INFLUXDB_URL", influx.getHost(), problems);
        }
      } catch (IllegalArgumentException e) {
        problems.add("AQMRG_TEST_INFLUXDB_URL is not a URL: '" + influxUrl + "'");
      }
    }
    requireLoopback("AQMRG_TEST_PGHOST", pgHost, problems);
    requireLoopback("AQMRG_TEST_REDIS_HOST", redisHost, problems);
    if (!problems.isEmpty()) {
      problems.add(
          "start the test servers and export their variables: scripts/test-services start &&"
              + " eval \"$(scripts/test-services env)\"");
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return new TestServices(
        pgHost,
        pgPort,
        pgUser,
        env.getOrDefault("AQMRG_TEST_PGPASSWORD", ""),
        redisHost,
        redisPort,
        env.getOrDefault("AQMRG_TEST_REDIS_PASSWORD", ""),
        influx,
        http);
  }

  public void createDatabase(String name) {
    postgres("CREATE DATABASE " + checked(name));
  }

  /** Drops the database, ending any connection that is still open to it. */
  public void dropDatabase(String name) {
    postgres("DROP DATABASE IF EXISTS " + checked(name) + " WITH (FORCE)");
  }

  /**
   * Creates an InfluxDB database whose default retention policy is the platform's raw bucket
   * ({@code sensor_data}: 30 days, shards of one day), so direct writes land in shards of the same
   * shape as the platform's.
   */
  public void createInfluxDatabase(String name) {
    influxQuery(
        null,
        "CREATE DATABASE "
            + checked(name)
            + " WITH DURATION 30d SHARD DURATION 1d NAME sensor_data");
  }

  public void dropInfluxDatabase(String name) {
    influxQuery(null, "DROP DATABASE " + checked(name));
  }

  /** Points of {@code air_quality} in the database's retention policy {@code sensor_data}. */
  public long influxCount(String database) {
    JsonNode result =
        influxQuery(
            database, "SELECT count(pm25) FROM " + checked(database) + ".sensor_data.air_quality");
    JsonNode values = result.path("series").path(0).path("values").path(0);
    return values.isMissingNode() ? 0 : values.path(1).asLong();
  }

  /**
   * Compactions that InfluxDB is running or has queued, over all its shards ({@code SHOW STATS} of
   * {@code tsm1_engine}): zero when the storage engine is at rest.
   */
  public long influxCompactionsPending() {
    long pending = 0;
    for (JsonNode series : influxQuery(null, "SHOW STATS FOR 'tsm1_engine'").path("series")) {
      JsonNode columns = series.path("columns");
      JsonNode values = series.path("values").path(0);
      for (int i = 0; i < columns.size(); i++) {
        String name = columns.path(i).asText();
        if (name.endsWith("CompactionsActive") || name.endsWith("CompactionQueue")) {
          pending += values.path(i).asLong();
        }
      }
    }
    return pending;
  }

  /** Runs one InfluxQL statement with {@code POST /query}; throws with InfluxDB's error. */
  public JsonNode influxQuery(String database, String statement) {
    String form =
        "q="
            + URLEncoder.encode(statement, StandardCharsets.UTF_8)
            + (database == null ? "" : "&db=" + database);
    var request =
        HttpRequest.newBuilder(influx.resolve("/query"))
            .timeout(QUERY_TIMEOUT)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    try {
      var response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode result = JSON.readTree(response.body()).path("results").path(0);
      if (response.statusCode() != 200 || result.hasNonNull("error")) {
        throw new IllegalStateException(
            "InfluxDB answered "
                + response.statusCode()
                + " to '"
                + statement
                + "': "
                + response.body());
      }
      return result;
    } catch (IOException e) {
      throw new IllegalStateException("InfluxDB did not answer '" + statement + "'", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running '" + statement + "'", e);
    }
  }

  /** The platform's settings: PostgreSQL {@code database}, this Redis, and the time series. */
  public Map<String, String> platformEnv(String database, String timeSeries, String influxDatabase) {
    var env = new HashMap<String, String>();
    env.put("DATABASE_HOST", pgHost);
    env.put("DATABASE_PORT", String.valueOf(pgPort));
    env.put("DATABASE_NAME", checked(database));
    env.put("DATABASE_USER", pgUser);
    env.put("DATABASE_PASSWORD", pgPassword);
    env.put("REDIS_HOST", redisHost);
    env.put("REDIS_PORT", String.valueOf(redisPort));
    env.put("REDIS_PASSWORD", redisPassword);
    env.put("AQMRG_CACHE", "redis");
    env.put("AQMRG_TIMESERIES", timeSeries);
    env.put("AQMRG_HTTP_HOST", "127.0.0.1");
    if (influxDatabase != null) {
      env.put("INFLUXDB_URL", influx.toString());
      env.put("INFLUXDB_DATABASE", checked(influxDatabase));
    }
    return env;
  }

  @Override
  public String toString() {
    return "PostgreSQL at %s:%d, Redis at %s:%d, InfluxDB at %s"
        .formatted(pgHost, pgPort, redisHost, redisPort, influx);
  }

  private void postgres(String statement) {
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://%s:%d/postgres".formatted(pgHost, pgPort), pgUser, pgPassword);
        var sql = connection.createStatement()) {
      sql.execute(statement);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "PostgreSQL refused '" + statement + "': " + e.getMessage(), e);
    }
  }

  private static String checked(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a name this benchmark makes: '" + name + "'");
    }
    return name;
  }

  private static String required(Map<String, String> env, String name, List<String> problems) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      problems.add(name + " is not set");
      return "";
    }
    return value.trim();
  }

  private static int port(Map<String, String> env, String name, List<String> problems) {
    String value = required(env, name, problems);
    if (value.isEmpty()) {
      return 0;
    }
    try {
      int port = Integer.parseInt(value);
      if (port >= 1 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    problems.add(name + " must be a number from 1 to 65535, got '" + value + "'");
    return 0;
  }

  private static void requireLoopback(String name, String host, List<String> problems) {
    if (host.isEmpty()) {
      return;
    }
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          problems.add(
              name
                  + " must be a loopback address (this benchmark touches only loopback), got '"
                  + host
                  + "' ("
                  + address.getHostAddress()
                  + ")");
          return;
        }
      }
    } catch (UnknownHostException e) {
      problems.add(name + " names an unknown host '" + host + "'");
    }
  }
}
