package org.aqmrg.bench.ingest;

import io.javalin.Javalin;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.aqmrg.app.Platform;
import org.aqmrg.config.Settings;
import org.aqmrg.db.EmbeddedPostgres;
import org.aqmrg.http.WebApp;
import org.aqmrg.identity.ApiTokens;
import org.aqmrg.identity.Principal;
import org.aqmrg.ratelimit.RateLimiter;

/**
 * The real platform, started in process as {@code ./aqmrg serve} starts it ({@code Platform.start}
 * as a serve, with or without the write-ahead spool, and {@code WebApp} on 127.0.0.1, a free port), with the benchmark's sensors registered as active
 * and an ownerless {@code write:readings} token. Closing it stops the app, deletes the Redis keys
 * the run made and closes the platform.
 */
final class PlatformUnderTest implements AutoCloseable {
  /** The highest token limit Settings accepts: far above what a run sends in one window. */
  private static final String NO_LIMIT_IN_REACH = "10000000";

  private final Platform platform;
  private final Javalin app;
  private final ApiTokens.Created token;
  private final List<String> sensorIds;

  private final Path spoolFolder; // null without the spool

  private PlatformUnderTest(
      Platform platform,
      Javalin app,
      ApiTokens.Created token,
      List<String> sensorIds,
      Path spoolFolder) {
    this.platform = platform;
    this.app = app;
    this.token = token;
    this.sensorIds = sensorIds;
    this.spoolFolder = spoolFolder;
  }

  /**
   * Waits until the spool has delivered everything it acknowledged (at once without a spool);
   * returns how long that took, in nanoseconds.
   */
  long awaitSpoolDrained() throws InterruptedException {
    long began = System.nanoTime();
    while (platform.spool().map(s -> s.bytes() > 0).orElse(false)) {
      Thread.sleep(1);
    }
    return System.nanoTime() - began;
  }

  static PlatformUnderTest start(Map<String, String> env, List<String> sensorIds)
      throws SQLException {
    return start(env, sensorIds, false);
  }

  /**
   * @param spool as a serve with the write-ahead spool on (a fresh spool folder under the system's
   *     temporary folder, deleted at the end): writes are acknowledged once forced there
   */
  static PlatformUnderTest start(Map<String, String> env, List<String> sensorIds, boolean spool)
      throws SQLException {
    env.put("AQMRG_RATE_LIMIT_TOKEN", NO_LIMIT_IN_REACH);
    Path folder = null;
    if (spool) {
      try {
        folder = Files.createTempDirectory("aqmrg-bench-spool");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      env.put("AQMRG_SPOOL", "on");
      env.put("AQMRG_SPOOL_DIR", folder.toString());
    } else {
      env.put("AQMRG_SPOOL", "off");
    }
    var platform = Platform.start(Settings.from(env), EmbeddedPostgres.Caller.SERVE);
    try {
      register(platform, sensorIds);
      var token =
          platform.web().tokens().create(null, "bench", List.of("write:readings"), List.of(), null);
      Javalin app = WebApp.create(platform.web()).start("127.0.0.1", 0);
      return new PlatformUnderTest(platform, app, token, sensorIds, folder);
    } catch (SQLException | RuntimeException e) {
      platform.close();
      throw e;
    }
  }

  Platform platform() {
    return platform;
  }

  int port() {
    return app.port();
  }

  /** {@code POST /api/v2/write} of the raw bucket, nanosecond timestamps. */
  URI writeUri() {
    return URI.create(
        "http://127.0.0.1:" + app.port() + "/api/v2/write?bucket=sensor_data&precision=ns");
  }

  String authorization() {
    return "Token " + token.secret();
  }

  /** The token as the guard resolves it, for calling ingest in process. */
  Principal principal() {
    if (platform.web().tokens().resolve(token.secret())
        instanceof ApiTokens.Resolution.Valid valid) {
      return valid.principal();
    }
    throw new IllegalStateException("the benchmark's token does not resolve");
  }

  /** Rows in PostgreSQL's {@code sensor_data} (the PostgreSQL time series). */
  long rows() throws SQLException {
    try (var connection = platform.database().dataSource().getConnection();
        var count = connection.createStatement().executeQuery("SELECT count(*) FROM sensor_data")) {
      count.next();
      return count.getLong(1);
    }
  }

  /** Empties PostgreSQL's {@code sensor_data}; its daily partitions stay. */
  void truncate() throws SQLException {
    try (var connection = platform.database().dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute("TRUNCATE sensor_data");
    }
  }

  @Override
  public void close() {
    try {
      app.stop();
      for (String id : sensorIds) {
        platform.cache().delete("sensor:" + id + ":latest");
      }
      // The guard counts an ownerless token's requests under "token:<id>".
      platform.cache().delete(RateLimiter.key("token:" + token.token().id(), "/api/v2/write"));
    } finally {
      platform.close();
      deleteSpool();
    }
  }

  private void deleteSpool() {
    if (spoolFolder == null) {
      return;
    }
    try (var files = Files.walk(spoolFolder)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (java.io.IOException e) {
      System.err.println("could not delete the spool folder " + spoolFolder + ": " + e);
    }
  }

  private static void register(Platform platform, List<String> sensorIds) throws SQLException {
    try (var connection = platform.database().dataSource().getConnection();
        var insert =
            connection.prepareStatement(
                "INSERT INTO sensors (id, name, status) VALUES (?, ?, 'active')")) {
      for (String id : sensorIds) {
        insert.setString(1, id);
        insert.setString(2, "bench " + id);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
