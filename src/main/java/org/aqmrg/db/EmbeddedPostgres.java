package org.aqmrg.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL that the platform runs itself when no {@code DATABASE_HOST} is set.
 *
 * <p>Its data lives in {@code <dataDir>/postgres} and survives restarts. When a server already runs
 * from that folder (a {@code serve} in another terminal), commands attach to it instead of starting
 * a second one, and leave it running when they finish.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
  static final String DATABASE = "aqmrg";
  static final String USER = "postgres";

  private final Path directory;
  private final int port;
  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server; // null when attached

  private EmbeddedPostgres(
      Path directory, int port, io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
    this.directory = directory;
    this.port = port;
    this.server = server;
  }

  /** Starts the server from {@code <dataDir>/postgres}, or attaches to the one running there. */
  public static EmbeddedPostgres start(Path dataDir, int port) {
    Path directory = dataDir.resolve("postgres").toAbsolutePath().normalize();
    try {
      Files.createDirectories(directory.getParent());
    } catch (IOException e) {
      throw new DatabaseUnavailableException(
          "cannot create the data folder "
              + directory.getParent()
              + ": "
              + e.getMessage()
              + ". Set AQMRG_DATA_DIR to a folder this user can write.",
          e);
    }
    if (Files.exists(directory.resolve("postmaster.pid")) && answers(port)) {
      log.info("Attached to the embedded PostgreSQL already running from {}", directory);
      var attached = new EmbeddedPostgres(directory, port, null);
      attached.createDatabaseIfMissing();
      return attached;
    }
    if (answers(port)) {
      throw new DatabaseUnavailableException(
          "port "
              + port
              + " is taken by another program, so the embedded PostgreSQL cannot start there."
              + " Set AQMRG_EMBEDDED_DB_PORT to a free port.",
          null);
    }
    try {
      log.info("Starting the embedded PostgreSQL from {} on port {}", directory, port);
      var server =
          io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
              .setDataDirectory(directory)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setRegisterShutdownHook(false)
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("listen_addresses", "localhost")
              .start();
      var started = new EmbeddedPostgres(directory, port, server);
      started.createDatabaseIfMissing();
      return started;
    } catch (IOException | RuntimeException e) {
      throw new DatabaseUnavailableException(
          "the embedded PostgreSQL did not start from "
              + directory
              + ": "
              + e.getMessage()
              + ". Look at the server log in that folder; if another version of PostgreSQL"
              + " created it, move it away or set AQMRG_DATA_DIR.",
          e);
    }
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/" + DATABASE;
  }

  public String user() {
    return USER;
  }

  public Path directory() {
    return directory;
  }

  public int port() {
    return port;
  }

  /** True when this process started the server, and so stops it on {@link #close()}. */
  public boolean owned() {
    return server != null;
  }

  private void createDatabaseIfMissing() {
    String url = "jdbc:postgresql://localhost:" + port + "/postgres";
    try (var connection = DriverManager.getConnection(url, USER, "");
        var check = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      check.setString(1, DATABASE);
      try (var rows = check.executeQuery()) {
        if (!rows.next()) {
          try (var create = connection.createStatement()) {
            create.execute("CREATE DATABASE " + DATABASE);
          }
          log.info("Created database {} in the embedded PostgreSQL", DATABASE);
        }
      }
    } catch (SQLException e) {
      throw new DatabaseUnavailableException(
          "the embedded PostgreSQL on port " + port + " refused: " + e.getMessage(), e);
    }
  }

  private static boolean answers(int port) {
    try (var socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Stops the server if this process started it; it shuts down fast and cleanly. */
  @Override
  public void close() {
    if (server == null) {
      return;
    }
    try {
      log.info("Stopping the embedded PostgreSQL");
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
