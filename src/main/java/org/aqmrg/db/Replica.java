package org.aqmrg.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.aqmrg.config.ReplicaSettings;
import org.aqmrg.config.Settings;
import org.aqmrg.error.Store;
import org.aqmrg.threads.DaemonThreads;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A streaming replica of the primary PostgreSQL ({@code DATABASE_REPLICA_HOST}) that takes the
 * reads a {@link Database#readingFromReplica reading database} is given, on a read-only pool of its
 * own.
 *
 * <p>A read on the replica sees every transaction the primary had committed when the read began: it
 * first asks the primary how far its WAL is flushed ({@code pg_current_wal_flush_lsn()}, which
 * covers every transaction committed with {@code synchronous_commit} on, the default), then waits
 * on the replica until that position is replayed, for at most the settings' maximum lag; a replica
 * that takes longer, that is down, or that is not in recovery is passed over and the primary serves
 * the read. A {@link ReplicaLag check} every {@value #CHECK_MILLIS} ms measures how far behind the
 * replica is, so that reads skip a lagging or lost replica without waiting on it first. A read that
 * fails on the replica after it began (its rows may already be on their way to the caller) is not
 * repeated on the primary: it fails as a primary's would.
 */
public final class Replica implements AutoCloseable {
  static final int CHECK_MILLIS = 500;

  /** The replica pool's name, the {@code pool} label of its meters. */
  public static final String POOL_NAME = "aqmrg-replica";

  private static final Logger log = LoggerFactory.getLogger(Replica.class);

  private final HikariDataSource pool;
  private final Jdbi jdbi;
  private final ReplicaLag lag;
  private final ScheduledExecutorService checker;
  private final LongAdder onReplica = new LongAdder();
  private final LongAdder onPrimary = new LongAdder();

  private Replica(HikariDataSource pool, Jdbi primary, ReplicaLag lag) {
    this.pool = pool;
    this.jdbi = Database.of(pool).jdbi();
    this.lag = lag;
    this.checker = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("replica-check"));
    // A check that throws would end the schedule and freeze the state: it is caught and counted
    // as a failed check instead.
    checker.scheduleWithFixedDelay(
        () -> {
          try {
            lag.check(jdbi, primary);
          } catch (RuntimeException e) {
            lag.failed(e);
          }
        },
        0,
        CHECK_MILLIS,
        TimeUnit.MILLISECONDS);
  }

  /**
   * The replica of the primary that {@code primary} reaches, with that server's database, user and
   * password; the pool opens whether or not the replica answers yet, reporting its usage to {@code
   * tracker} (null: to nothing).
   */
  static Replica open(
      ReplicaSettings replica,
      Settings.External server,
      Settings.Pool limits,
      Jdbi primary,
      com.zaxxer.hikari.metrics.MetricsTrackerFactory tracker) {
    var config = new HikariConfig();
    config.setPoolName(POOL_NAME);
    if (tracker != null) {
      config.setMetricsTrackerFactory(tracker);
    }
    config.setJdbcUrl(
        "jdbc:postgresql://%s/%s?connectTimeout=2".formatted(replica.address(), server.name()));
    config.setUsername(server.user());
    config.setPassword(server.password().reveal());
    config.setReadOnly(true);
    config.setMaximumPoolSize(limits.maxConnections());
    config.setMinimumIdle(0);
    config.setIdleTimeout(limits.idleTimeoutMs());
    config.setConnectionTimeout(Math.min(limits.connectionTimeoutMs(), 1_000));
    // the pool starts while the replica is down: reads use the primary until it answers
    config.setInitializationFailTimeout(-1);
    config.addDataSourceProperty("ApplicationName", "aqmrg replica reads");
    config.addDataSourceProperty("options", "-c TimeZone=UTC");
    return new Replica(
        new HikariDataSource(config),
        primary,
        new ReplicaLag(replica.target(server.name()), replica.maxLag()));
  }

  /** Whether the replica served {@link #read}, and what it gave. */
  record Served<T>(boolean served, T value) {
    static <T> Served<T> no() {
      return new Served<>(false, null);
    }
  }

  /** Thrown inside a replica's handle when it has not replayed far enough in time. */
  private static final class Behind extends RuntimeException {
    Behind() {
      super(null, null, false, false);
    }
  }

  /**
   * Runs {@code work} on the replica when it is in use and catches up with {@code primary} in time;
   * otherwise returns {@link Served#no()} for the primary to serve it. A failure of the primary's
   * or of the work's is the caller's, translated as for the primary.
   */
  <T> Served<T> read(
      Jdbi primary,
      Store store,
      String what,
      Map<String, Supplier<? extends RuntimeException>> expected,
      HandleCallback<T, SQLException> work,
      boolean transaction) {
    if (!lag.inUse()) {
      onPrimary.increment();
      return Served.no();
    }
    String position;
    try {
      position = primary.withHandle(ReplicaLag::primaryPosition);
    } catch (JdbiException e) {
      throw SqlFailures.translate(store, what, expected, e);
    }
    boolean[] began = {false};
    try {
      T value =
          jdbi.withHandle(
              handle -> {
                waitFor(handle, position);
                began[0] = true;
                return transaction ? handle.inTransaction(work) : work.withHandle(handle);
              });
      onReplica.increment();
      return new Served<>(true, value);
    } catch (Behind e) {
      lag.behind(position);
    } catch (JdbiException | SQLException e) {
      if (began[0] || !SqlFailures.unavailable(e)) {
        throw SqlFailures.translate(store, what, expected, e);
      }
      lag.lost(e);
    }
    onPrimary.increment();
    return Served.no();
  }

  /** Waits, within the maximum lag, until the replica has replayed {@code position}. */
  private void waitFor(Handle handle, String position) {
    long deadline = System.nanoTime() + lag.maxLag().toNanos();
    long pause = 1;
    while (!ReplicaLag.replayed(handle, position)) {
      if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) > deadline) {
        throw new Behind();
      }
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Behind();
      }
      pause = Math.min(pause * 2, 20);
    }
  }

  /** What {@code /health/ready} shows of the replica. */
  public ReplicaStatus status() {
    return lag.status(onReplica.sum(), onPrimary.sum());
  }

  @Override
  public void close() {
    checker.shutdownNow();
    try {
      checker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.close();
    log.debug("closed the pool of {}", lag.target());
  }
}
