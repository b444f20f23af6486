package org.aqmrg.bench.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The PostgreSQL and Redis of {@code scripts/test-services}, from the {@code AQMRG_TEST_*}
 * variables that {@code eval "$(scripts/test-services env)"} exports. Both must be on a loopback
 * address: the benchmark measures loopback and touches nothing else. Passwords never appear in
 * messages.
 */
record LoopbackServers(
    String pgHost,
    int pgPort,
    String pgUser,
    String pgPassword,
    String redisHost,
    int redisPort,
    String redisPassword) {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss_SSS");

  /**
   * Reads the variables; throws naming every one that is missing or wrong, and any host that is
   * not a loopback address.
   */
  static LoopbackServers fromEnvironment(Map<String, String> env) {
    var problems = new ArrayList<String>();
    String pgHost = required(env, "AQMRG_TEST_PGHOST", problems);
    int pgPort = port(env, "AQMRG_TEST_PGPORT", problems);
    String pgUser = required(env, "AQMRG_TEST_PGUSER", problems);
    String pgPassword = env.getOrDefault("AQMRG_TEST_PGPASSWORD", "");
    String redisHost = required(env, "AQMRG_TEST_REDIS_HOST", problems);
    int redisPort = port(env, "AQMRG_TEST_REDIS_PORT", problems);
    String redisPassword = env.getOrDefault("AQMRG_TEST_REDIS_PASSWORD", "");
    requireLoopback("AQMRG_TEST_PGHOST", pgHost, problems);
    requireLoopback("AQMRG_TEST_REDIS_HOST", redisHost, problems);
    if (!problems.isEmpty()) {
      problems.add(
          "start the test servers and export their variables: scripts/test-services start &&"
              + " eval \"$(scripts/test-services env)\"");
      throw new IllegalArgumentException(String.join("\n", problems));
    }
    return new LoopbackServers(
        pgHost, pgPort, pgUser, pgPassword, redisHost, redisPort, redisPassword);
  }

  /** Creates an empty database {@code bench_auth_<UTC time>} and returns its name. */
  String createDatabase() {
    String name =
        "bench_auth_" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC)).toLowerCase();
    try (var connection = connectToMaintenanceDatabase();
        var statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create the database " + name + ": " + e.getMessage(), e);
    }
    return name;
  }

  /** Drops the database, ending any connection that is still open to it. */
  void dropDatabase(String name) {
    try (var connection = connectToMaintenanceDatabase();
        var statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot drop the database " + name + ": " + e.getMessage(), e);
    }
  }

  /** The platform's settings for PostgreSQL {@code database} and this Redis. */
  Map<String, String> platformEnv(String database) {
    var env = new HashMap<String, String>();
    env.put("DATABASE_HOST", pgHost);
    env.put("DATABASE_PORT", String.valueOf(pgPort));
    env.put("DATABASE_NAME", database);
    env.put("DATABASE_USER", pgUser);
    env.put("DATABASE_PASSWORD", pgPassword);
    env.put("REDIS_HOST", redisHost);
    env.put("REDIS_PORT", String.valueOf(redisPort));
    env.put("REDIS_PASSWORD", redisPassword);
    env.put("AQMRG_CACHE", "redis");
    env.put("AQMRG_TIMESERIES", "postgres");
    return env;
  }

  @Override
  public String toString() {
    return "PostgreSQL at %s:%d, Redis at %s:%d".formatted(pgHost, pgPort, redisHost, redisPort);
  }

  private Connection connectToMaintenanceDatabase() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://%s:%d/postgres".formatted(pgHost, pgPort), pgUser, pgPassword);
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
              name + " must be a loopback address (this benchmark measures loopback), got '"
                  + host + "' (" + address.getHostAddress() + ")");
          return;
        }
      }
    } catch (UnknownHostException e) {
      problems.add(name + " names an unknown host '" + host + "'");
    }
  }
}
