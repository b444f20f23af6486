package org.aqmrg.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real PostgreSQL, Redis and InfluxDB servers that {@code scripts/test} starts for integration
 * tests, found through the {@code AQMRG_TEST_*} variables it exports. A missing variable fails the
 * test, never skips it: integration tests run against real servers or not at all.
 */
public final class TestServers {
  private static final AtomicInteger databases = new AtomicInteger();

  private TestServers() {}

  public static String env(String name) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          name
              + " is not set: run the integration tests through scripts/test, which starts"
              + " the test servers and exports it");
    }
    return value;
  }

  public static String pgHost() {
    return env("AQMRG_TEST_PGHOST");
  }

  public static int pgPort() {
    return Integer.parseInt(env("AQMRG_TEST_PGPORT"));
  }

  public static String pgUser() {
    return env("AQMRG_TEST_PGUSER");
  }

  public static String pgPassword() {
    return env("AQMRG_TEST_PGPASSWORD");
  }

  /** The {@code prometheus} program, for tests that start a Prometheus server of their own. */
  public static Path prometheus() {
    return Path.of(env("AQMRG_TEST_PROMETHEUS"));
  }

  /** A program of the PostgreSQL installation the test server runs, e.g. {@code psql}. */
  public static Path pgProgram(String name) {
    return Path.of(env("AQMRG_TEST_PGBIN"), name);
  }

  public static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://%s:%d/%s".formatted(pgHost(), pgPort(), database),
        pgUser(),
        pgPassword());
  }

  /** A data source for {@code database} on the test PostgreSQL. */
  public static org.postgresql.ds.PGSimpleDataSource dataSource(String database) {
    var dataSource = new org.postgresql.ds.PGSimpleDataSource();
    dataSource.setServerNames(new String[] {pgHost()});
    dataSource.setPortNumbers(new int[] {pgPort()});
    dataSource.setDatabaseName(database);
    dataSource.setUser(pgUser());
    dataSource.setPassword(pgPassword());
    return dataSource;
  }

  /** Creates an empty database with a unique name for one test and returns its name. */
  public static String createDatabase(String purpose) {
    String name =
        "t_%s_%d_%d"
            .formatted(
                purpose.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_"),
                ProcessHandle.current().pid(),
                databases.incrementAndGet());
    try (var connection = connect("postgres");
        var statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name);
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database " + name, e);
    }
    return name;
  }

  /** The environment the platform reads, pointing at the test PostgreSQL and one database. */
  public static Map<String, String> platformEnv(String database) {
    var env = new HashMap<String, String>();
    env.put("DATABASE_HOST", pgHost());
    env.put("DATABASE_PORT", String.valueOf(pgPort()));
    env.put("DATABASE_NAME", database);
    env.put("DATABASE_USER", pgUser());
    env.put("DATABASE_PASSWORD", pgPassword());
    return env;
  }

  /** {@link #platformEnv} plus the test Redis and InfluxDB. */
  public static Map<String, String> fullPlatformEnv(String database) {
    var env = platformEnv(database);
    env.put("REDIS_HOST", env("AQMRG_TEST_REDIS_HOST"));
    env.put("REDIS_PORT", env("AQMRG_TEST_REDIS_PORT"));
    env.put("REDIS_PASSWORD", env("AQMRG_TEST_REDIS_PASSWORD"));
    env.put("INFLUXDB_URL", env("AQMRG_TEST_INFLUXDB_URL"));
    return env;
  }

  /** True when something accepts TCP connections on the loopback port. */
  public static boolean answers(int port) {
    try (var socket = new java.net.Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Starts a private, password-less redis-server on a loopback port, with its files in {@code dir},
   * and waits until it answers; the caller stops it with {@link Process#destroy()}.
   */
  public static Process startRedis(int port, Path dir) throws IOException {
    var process =
        new ProcessBuilder(
                "redis-server",
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("redis.log").toFile()))
            .start();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .until(() -> answers(port));
    return process;
  }

  /** A TCP port that nothing listens on at the moment of the call. */
  public static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
