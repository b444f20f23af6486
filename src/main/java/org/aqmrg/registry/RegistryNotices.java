package org.aqmrg.registry;

import java.util.Objects;
import java.util.UUID;
import org.aqmrg.db.Database;
import org.aqmrg.threads.DaemonThreads;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry changes shared between instances through PostgreSQL's {@code LISTEN}/{@code NOTIFY} on
 * channel {@value #CHANNEL}: {@link #publishing} wraps an instance's listener so that every change
 * it is told of is also sent as a notice ({@code sensor:<id>} or {@code location:<uuid>}), and
 * {@link #listen} holds one connection of the pool that waits for notices and tells the local
 * listener, so a change made through any instance (or a command) reaches every instance's ingest
 * cache within about a second ({@link #WAIT_MILLIS} plus the delivery). While the connection is
 * lost, it is opened again every {@link #RETRY_MILLIS}; the caches then fall back to their own
 * freshness (10 s).
 */
public final class RegistryNotices implements AutoCloseable {
  public static final String CHANNEL = "aqmrg_registry";
  static final int WAIT_MILLIS = 250;
  static final int RETRY_MILLIS = 1_000;
  private static final Logger log = LoggerFactory.getLogger(RegistryNotices.class);

  private final Database database;
  private final RegistryListener local;
  private final Thread thread;
  private volatile boolean closed;

  private RegistryNotices(Database database, RegistryListener local) {
    this.database = database;
    this.local = local;
    this.thread = DaemonThreads.named("registry-notices").newThread(this::run);
  }

  /** Starts listening for the notices of every instance and telling {@code local} of them. */
  public static RegistryNotices listen(Database database, RegistryListener local) {
    var notices = new RegistryNotices(database, local);
    notices.thread.start();
    return notices;
  }

  /**
   * {@code local}, and a notice to every instance of each change it is told of. The change is
   * committed when a listener is told; a notice that cannot be sent is logged, and the other
   * instances then see the change when their copies expire.
   */
  public static RegistryListener publishing(Database database, RegistryListener local) {
    Objects.requireNonNull(database, "database");
    return new RegistryListener() {
      @Override
      public void sensorChanged(String sensorId) {
        local.sensorChanged(sensorId);
        publish(database, "sensor:" + sensorId);
      }

      @Override
      public void locationChanged(UUID locationId) {
        local.locationChanged(locationId);
        publish(database, "location:" + locationId);
      }
    };
  }

  private static void publish(Database database, String notice) {
    try {
      database.useHandle(
          "sending a registry change to the other instances",
          handle ->
              handle
                  .createQuery("SELECT pg_notify(:channel, :notice)")
                  .bind("channel", CHANNEL)
                  .bind("notice", notice)
                  .mapTo(String.class)
                  .findFirst());
    } catch (RuntimeException e) {
      log.warn(
          "Could not tell the other instances of a registry change ({}); they see it within"
              + " 10 s: {}",
          notice,
          e.getMessage());
    }
  }

  private void run() {
    while (!closed) {
      try {
        database.useHandle(
            "listening for registry changes",
            handle -> {
              handle.execute("LISTEN " + CHANNEL);
              PGConnection connection = handle.getConnection().unwrap(PGConnection.class);
              while (!closed) {
                PGNotification[] notices = connection.getNotifications(WAIT_MILLIS);
                if (notices != null) {
                  for (PGNotification notice : notices) {
                    tell(notice.getParameter());
                  }
                }
              }
              handle.execute("UNLISTEN " + CHANNEL);
            });
      } catch (RuntimeException e) {
        if (!closed) {
          log.warn(
              "Listening for registry changes failed ({}); trying again in {} ms",
              e.getMessage(),
              RETRY_MILLIS);
          sleep();
        }
      }
    }
  }

  /** Tells the local listener of one notice; one it cannot read is ignored. */
  void tell(String notice) {
    if (notice.startsWith("sensor:")) {
      local.sensorChanged(notice.substring("sensor:".length()));
    } else if (notice.startsWith("location:")) {
      try {
        local.locationChanged(UUID.fromString(notice.substring("location:".length())));
      } catch (IllegalArgumentException e) {
        log.warn("A registry notice names no location: {}", notice);
      }
    }
  }

  private void sleep() {
    try {
      Thread.sleep(RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  /** Stops listening and gives the connection back, within about {@link #WAIT_MILLIS}. */
  @Override
  public void close() {
    closed = true;
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
