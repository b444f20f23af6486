package org.aqmrg.backup;

import com.cronutils.model.Cron;
import com.cronutils.model.time.ExecutionTime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.aqmrg.config.Settings;
import org.aqmrg.db.Database;
import org.aqmrg.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backups {@code serve} takes by itself at the moments of {@code AQMRG_BACKUP_SCHEDULE}, into
 * {@code AQMRG_BACKUP_DIR}, keeping the newest {@code AQMRG_BACKUP_KEEP}. Every instance on the
 * same database wakes at each moment; the one that inserts the moment into {@code backup_runs}
 * first backs up, the others skip it.
 */
public final class BackupSchedule implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BackupSchedule.class);

  private final Settings settings;
  private final Database sql;
  private final Clock clock;
  private final ExecutionTime times;
  private final String instance;
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("aqmrg-backup"));

  private BackupSchedule(Settings settings, Database sql, Clock clock, Cron cron) {
    this.settings = settings;
    this.sql = sql;
    this.clock = clock;
    this.times = ExecutionTime.forCron(cron);
    this.instance = instanceName();
  }

  /** The schedule of {@code settings}, running; empty when none is set. */
  public static Optional<BackupSchedule> start(Settings settings, Database sql, Clock clock) {
    return settings
        .backup()
        .schedule()
        .map(
            cron -> {
              var schedule = new BackupSchedule(settings, sql, clock, cron);
              schedule.planNext();
              return schedule;
            });
  }

  /** The next moment after now, in UTC. */
  Optional<Instant> next() {
    return times
        .nextExecution(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC))
        .map(ZonedDateTime::toInstant);
  }

  private void planNext() {
    next()
        .ifPresent(
            slot -> {
              long delay = Math.max(0, Duration.between(clock.instant(), slot).toMillis());
              log.info("Next scheduled backup at {}", slot);
              thread.schedule(() -> runAndPlan(slot), delay, TimeUnit.MILLISECONDS);
            });
  }

  private void runAndPlan(Instant slot) {
    try {
      run(slot);
    } catch (RuntimeException e) {
      log.error("The scheduled backup of {} failed: {}", slot, e.getMessage());
    } finally {
      if (!thread.isShutdown()) {
        planNext();
      }
    }
  }

  /** Backs up for {@code slot} unless another instance took it; returns whether this one did. */
  boolean run(Instant slot) {
    if (!claim(slot)) {
      log.info("The backup of {} is taken by another instance", slot);
      return false;
    }
    Path parent = settings.backup().directory();
    try {
      Path folder = new Backup(settings, clock).create(parent, logged());
      finish(slot, folder.toString(), null);
      prune(parent, settings.backup().keep());
      return true;
    } catch (RuntimeException e) {
      finish(slot, null, e.getMessage());
      throw e;
    }
  }

  private boolean claim(Instant slot) {
    return sql.withHandle(
        "claiming the scheduled backup",
        handle ->
            handle
                    .createUpdate(
                        "INSERT INTO backup_runs (slot, instance) VALUES (:slot, :instance)"
                            + " ON CONFLICT (slot) DO NOTHING")
                    .bind("slot", slot)
                    .bind("instance", instance)
                    .execute()
                == 1);
  }

  private void finish(Instant slot, String folder, String error) {
    sql.useHandle(
        "recording the scheduled backup",
        handle ->
            handle
                .createUpdate(
                    "UPDATE backup_runs SET finished_at = now(), folder = :folder, error = :error"
                        + " WHERE slot = :slot")
                .bind("slot", slot)
                .bind("folder", folder)
                .bind("error", error)
                .execute());
  }

  /** Deletes the oldest complete backups in {@code parent} beyond the newest {@code keep}. */
  static List<Path> prune(Path parent, int keep) {
    List<Path> complete;
    try (Stream<Path> folders = Files.list(parent)) {
      complete =
          folders
              .filter(folder -> folder.getFileName().toString().startsWith(Backup.PREFIX))
              .filter(folder -> Files.isRegularFile(folder.resolve(Manifest.FILE)))
              .sorted(
                  Comparator.comparing((Path folder) -> folder.getFileName().toString()).reversed())
              .toList();
    } catch (IOException e) {
      log.warn("Listing the backups in {} failed: {}", parent, e.getMessage());
      return List.of();
    }
    var deleted = complete.stream().skip(keep).toList();
    for (Path folder : deleted) {
      log.info("Deleting the backup {} (AQMRG_BACKUP_KEEP={})", folder, keep);
      Backup.deleteQuietly(folder);
    }
    return deleted;
  }

  private static Progress logged() {
    return new Progress() {
      @Override
      public void step(String message) {
        log.info("Scheduled backup: {}", message);
      }

      @Override
      public void fraction(String part, double done, String detail) {}
    };
  }

  private static String instanceName() {
    String host = System.getenv().getOrDefault("HOSTNAME", "");
    if (host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "unknown";
      }
    }
    return host + ":" + ProcessHandle.current().pid();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
