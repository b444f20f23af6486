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
import java.util.Optional;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL that the platform runs itself when no {@code DATABASE_HOST} is set, with
 * PostgreSQL's durable defaults (fsync, synchronous commit, full-page writes): an acknowledged
 * commit survives a power cut.
 *
 * <p>Its data lives in {@code <dataDir>/postgres} and survives restarts. When a server already runs
 * from that folder, a process attaches to it instead of starting a second one. Who stops it:
 *
 * <ul>
 *   <li>a {@code serve} holds {@link ServeLock} for as long as it runs, and stops the server when
 *       it stops, whether it started it or adopted it (left running by a {@code serve} that was
 *       killed);
 *   <li>a command (migrate, users, seed…) that attached leaves the server running; one that started
 *       it stops it at the end, unless a {@code serve} has adopted it in the meantime.
 * </ul>
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgres.class);
  static final String DATABASE = "aqmrg";
  static final String USER = "postgres";

  /** How long a {@code serve} waits for a command to finish stopping the server it started. */
  static final Duration SERVE_LOCK_WAIT = Duration.ofSeconds(15);

  /** Which kind of process uses the server, which decides who stops it. */
  public enum Caller {
    /** {@code ./aqmrg serve}: owns the server while it runs. */
    SERVE,
    /** Any other command: borrows a running server, or runs one for its own duration. */
    COMMAND
  }

  private final Path dataDir;
  private final Path directory;
  private final int port;
  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server; // null unless started
  private final Postmaster adopted; // null unless adopted
  private final ServeLock serveLock; // held by a serve only

  private EmbeddedPostgres(
      Path dataDir,
      int port,
      io.zonky.test.db.postgres.embedded.EmbeddedPostgres server,
      Postmaster adopted,
      ServeLock serveLock) {
    this.dataDir = dataDir;
    this.directory = dataDir.resolve("postgres");
    this.port = port;
    this.server = server;
    this.adopted = adopted;
    this.serveLock = serveLock;
  }

  /** As a command: starts the server from {@code <dataDir>/postgres}, or attaches to it. */
  public static EmbeddedPostgres start(Path dataDir, int port) {
    return start(dataDir, port, Caller.COMMAND, SERVE_LOCK_WAIT);
  }

  /** Starts the server from {@code <dataDir>/postgres}, or attaches to the one running there. */
  public static EmbeddedPostgres start(Path dataDir, int port, Caller caller) {
    return start(dataDir, port, caller, SERVE_LOCK_WAIT);
  }

  static EmbeddedPostgres start(Path dataDir, int port, Caller caller, Duration lockWait) {
    Path folder = dataDir.toAbsolutePath().normalize();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new StoreUnavailableException(
          Store.RELATIONAL,
          "cannot create the data folder "
              + folder
              + ": "
              + e.getMessage()
              + ". Set AQMRG_DATA_DIR to a folder this user can write.",
          e);
    }
    ServeLock lock = caller == Caller.SERVE ? ServeLock.acquire(folder, lockWait) : null;
    EmbeddedPostgres started;
    try {
      started = startOrAttach(folder, port, lock);
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
    try {
      started.createDatabaseIfMissing();
      return started;
    } catch (RuntimeException e) {
      try {
        started.close();
      } catch (RuntimeException stopping) {
        e.addSuppressed(stopping);
      }
      throw e;
    }
  }

  private static EmbeddedPostgres startOrAttach(Path dataDir, int port, ServeLock lock) {
    Path directory = dataDir.resolve("postgres");
    if (Files.exists(directory.resolve("postmaster.pid")) && answers(port)) {
      var postmaster = lock == null ? Optional.<Postmaster>empty() : Postmaster.of(directory);
      if (postmaster.isPresent()) {
        log.info(
            "Adopted the embedded PostgreSQL left running from {} (pid {}); it stops with this"
                + " serve",
            directory,
            postmaster.get().pid());
        return new EmbeddedPostgres(dataDir, port, null, postmaster.get(), lock);
      }
      if (lock != null) {
        log.warn(
            "The embedded PostgreSQL running from {} is not a process this serve can see; it"
                + " keeps running after this serve stops",
            directory);
      }
      log.info("Attached to the embedded PostgreSQL already running from {}", directory);
      return new EmbeddedPostgres(dataDir, port, null, null, lock);
    }
    if (answers(port)) {
      throw new StoreUnavailableException(
          Store.RELATIONAL,
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
              // The library starts PostgreSQL for tests: "-F" (fsync off) and asynchronous
              // commits. A later "-c" overrides "-F", so these restore PostgreSQL's defaults.
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setServerConfig("full_page_writes", "on")
              .start();
      return new EmbeddedPostgres(dataDir, port, server, null, lock);
    } catch (IOException | RuntimeException e) {
      throw new StoreUnavailableException(
          Store.RELATIONAL,
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

  /** True when this process stops the server on {@link #close()}: it started or adopted it. */
  public boolean owned() {
    return server != null || adopted != null;
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
      throw new StoreUnavailableException(
          Store.RELATIONAL,
          "the embedded PostgreSQL on port " + port + " refused: " + e.getMessage(),
          e);
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

  /**
   * Stops the server if this process owns it: a {@code serve} always, a command only when no {@code
   * serve} has adopted the server it started. It shuts down fast and cleanly.
   */
  @Override
  public void close() {
    if (serveLock != null) {
      try {
        if (owned()) {
          stop();
        }
      } finally {
        serveLock.close();
      }
    } else if (server != null) {
      // Holding the lock while stopping makes a serve that starts now wait, not adopt a server
      // that is going away.
      var lock = ServeLock.tryAcquire(dataDir);
      if (lock.isEmpty()) {
        log.info("Leaving the embedded PostgreSQL running for the serve that now uses it");
        return;
      }
      try {
        stop();
      } finally {
        lock.get().close();
      }
    }
  }

  private void stop() {
    log.info("Stopping the embedded PostgreSQL");
    if (adopted != null) {
      adopted.stop();
      return;
    }
    try {
      server.close();
    } catch (IOException e) {
      throw new UncheckedIOException("the embedded PostgreSQL did not stop cleanly", e);
    }
  }
}
