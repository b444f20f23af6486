package org.aqmrg.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.pool.HikariPool;
import javax.sql.DataSource;
import org.aqmrg.config.Secret;
import org.aqmrg.config.Settings;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;

/**
 * The PostgreSQL that holds users, sensors, locations, alerts, predictions and the audit trail: an
 * external server when {@code DATABASE_HOST} is set, otherwise the embedded one. Closing it closes
 * the pool and then stops the embedded server if this process started it.
 */
public final class RelationalDatabase implements AutoCloseable {
  /** The {@code application_name} of a {@code serve}'s connections. */
  public static final String SERVE_APPLICATION = "aqmrg serve";

  /** The pool's name, the {@code pool} label of its meters. */
  public static final String POOL_NAME = "aqmrg";

  private final HikariDataSource pool;
  private final EmbeddedPostgres embedded; // null for an external server
  private final String description;
  private final Database sql;
  private final Endpoint endpoint;
  private final Replica replica; // null without DATABASE_REPLICA_HOST
  private final Database reads;

  /**
   * Where the server listens and who connects, for the PostgreSQL tools ({@code pg_dump}, {@code
   * pg_restore}) that the backup runs; the password goes to them in {@code PGPASSWORD}, never on a
   * command line.
   */
  public record Endpoint(String host, int port, String database, String user, Secret password) {}

  /**
   * @param replica opens the replica's pool on the primary's Jdbi, or gives null for none
   */
  private RelationalDatabase(
      HikariDataSource pool,
      EmbeddedPostgres embedded,
      String description,
      Endpoint endpoint,
      java.util.function.Function<org.jdbi.v3.core.Jdbi, Replica> replica) {
    this.pool = pool;
    this.endpoint = endpoint;
    this.sql = Database.of(pool);
    this.embedded = embedded;
    this.description = description;
    this.replica = replica.apply(sql.jdbi());
    this.reads = sql.readingFromReplica(this.replica);
  }

  /** As a command: connects, starting the embedded server first when no external one is set. */
  public static RelationalDatabase open(Settings settings) {
    return open(settings, EmbeddedPostgres.Caller.COMMAND);
  }

  /**
   * Connects, starting the embedded server first when no external one is configured; {@code caller}
   * decides whether closing stops it (see {@link EmbeddedPostgres}).
   */
  public static RelationalDatabase open(Settings settings, EmbeddedPostgres.Caller caller) {
    return open(settings, caller, null);
  }

  /**
   * As {@link #open(Settings, EmbeddedPostgres.Caller)}, the pool reporting its usage to {@code
   * tracker} (null: to nothing).
   */
  public static RelationalDatabase open(
      Settings settings, EmbeddedPostgres.Caller caller, MetricsTrackerFactory tracker) {
    var config = new HikariConfig();
    config.setPoolName(POOL_NAME);
    if (tracker != null) {
      config.setMetricsTrackerFactory(tracker);
    }
    config.setMaximumPoolSize(settings.pool().maxConnections());
    config.setMinimumIdle(Math.min(2, settings.pool().maxConnections()));
    config.setIdleTimeout(settings.pool().idleTimeoutMs());
    config.setConnectionTimeout(settings.pool().connectionTimeoutMs());
    // A serve names itself apart from commands, so a restore can tell that one still runs.
    config.addDataSourceProperty(
        "ApplicationName", caller == EmbeddedPostgres.Caller.SERVE ? SERVE_APPLICATION : "aqmrg");
    // TIMESTAMP columns (the seed's created_at, updated_at) are read and written as UTC.
    config.addDataSourceProperty("options", "-c TimeZone=UTC");

    var external = settings.database().external();
    if (external.isPresent()) {
      var server = external.get();
      config.setJdbcUrl(
          "jdbc:postgresql://%s:%d/%s".formatted(server.host(), server.port(), server.name()));
      config.setUsername(server.user());
      config.setPassword(server.password().reveal());
      String description =
          "PostgreSQL at %s:%d/%s".formatted(server.host(), server.port(), server.name());
      var endpoint =
          new Endpoint(
              server.host(), server.port(), server.name(), server.user(), server.password());
      var replica = settings.database().replica();
      return new RelationalDatabase(
          connect(config, description, null),
          null,
          description,
          endpoint,
          primary ->
              replica
                  .map(r -> Replica.open(r, server, settings.pool(), primary, tracker))
                  .orElse(null));
    }

    var embedded =
        EmbeddedPostgres.start(settings.dataDir(), settings.database().embeddedPort(), caller);
    config.setJdbcUrl(embedded.jdbcUrl());
    config.setUsername(embedded.user());
    String description =
        "embedded PostgreSQL in %s (port %d)".formatted(embedded.directory(), embedded.port());
    try {
      var endpoint =
          new Endpoint(
              "localhost",
              embedded.port(),
              EmbeddedPostgres.DATABASE,
              embedded.user(),
              Secret.of(""));
      return new RelationalDatabase(
          connect(config, description, embedded), embedded, description, endpoint, p -> null);
    } catch (RuntimeException e) {
      embedded.close();
      throw e;
    }
  }

  private static HikariDataSource connect(
      HikariConfig config, String description, EmbeddedPostgres embedded) {
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String hint =
          embedded == null
              ? " Is the server running and reachable? Check DATABASE_HOST, DATABASE_PORT,"
                  + " DATABASE_USER and DATABASE_PASSWORD, or run ./aqmrg doctor."
              : "";
      throw new StoreUnavailableException(
          Store.RELATIONAL,
          "cannot connect to " + description + ": " + cause.getMessage() + "." + hint,
          e);
    }
  }

  public DataSource dataSource() {
    return pool;
  }

  /** SQL on the pool, its failures translated once (see {@link Database}). */
  public Database sql() {
    return sql;
  }

  /**
   * SQL for reads that may be served by the streaming replica ({@code DATABASE_REPLICA_HOST}):
   * history, the registry's lists and exports; without a replica the same as {@link #sql()}.
   */
  public Database reads() {
    return reads;
  }

  /** The replica's state, when one is configured. */
  public java.util.Optional<ReplicaStatus> replica() {
    return java.util.Optional.ofNullable(replica).map(Replica::status);
  }

  /** Where the data lives, for logs and messages; never holds a password. */
  public String description() {
    return description;
  }

  public Endpoint endpoint() {
    return endpoint;
  }

  public boolean embedded() {
    return embedded != null;
  }

  @Override
  public void close() {
    try {
      if (replica != null) {
        replica.close();
      }
      pool.close();
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }
}
