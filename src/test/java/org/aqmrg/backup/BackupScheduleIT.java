package org.aqmrg.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.aqmrg.app.Platform;
import org.aqmrg.config.Settings;
import org.aqmrg.config.SettingsException;
import org.aqmrg.db.EmbeddedPostgres;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.testing.TestServers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code AQMRG_BACKUP_SCHEDULE} and {@code AQMRG_BACKUP_KEEP} in {@code serve}. */
class BackupScheduleIT {
  @TempDir Path dir;

  private Map<String, String> env(String schedule) {
    var env = new HashMap<>(TestServers.platformEnv(TestServers.createDatabase("bk_sched")));
    env.put("AQMRG_CACHE", "memory");
    env.put("AQMRG_BACKUP_DIR", dir.resolve("backups").toString());
    env.put("AQMRG_DATA_DIR", dir.resolve("data").toString());
    env.put("AQMRG_BACKUP_SCHEDULE", schedule);
    env.put("AQMRG_BACKUP_KEEP", "2");
    return env;
  }

  @Test
  void serve_backs_up_at_the_scheduled_minute() throws Exception {
    var settings = Settings.from(env("* * * * *"));
    try (var platform = Platform.start(settings, EmbeddedPostgres.Caller.SERVE)) {
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> complete(dir.resolve("backups")).size() == 1);
      var row =
          platform
              .database()
              .sql()
              .withHandle(
                  "reading the runs",
                  handle ->
                      handle
                          .createQuery(
                              "SELECT folder FROM backup_runs WHERE finished_at IS NOT NULL")
                          .mapTo(String.class)
                          .list());
      assertThat(row).containsExactly(complete(dir.resolve("backups")).get(0).toString());
    }
  }

  @Test
  void each_moment_is_backed_up_by_one_instance_and_the_oldest_are_deleted() throws Exception {
    var settings = Settings.from(env("0 2 * * *"));
    try (var database = RelationalDatabase.open(settings)) {
      new org.aqmrg.db.Migrations(database.dataSource()).migrate();
      var pool = Executors.newFixedThreadPool(2);
      try {
        var slots = new ArrayList<Instant>();
        for (int day = 0; day < 3; day++) {
          Instant slot = Instant.parse("2026-12-01T02:00:00Z").plus(day, ChronoUnit.DAYS);
          slots.add(slot);
          // Two instances wake at the same moment; the clock gives each folder its own name.
          Clock clock = Clock.fixed(slot.plusSeconds(1), java.time.ZoneOffset.UTC);
          List<Callable<Boolean>> instances = new ArrayList<>();
          for (int i = 0; i < 2; i++) {
            var schedule = BackupSchedule.start(settings, database.sql(), clock).orElseThrow();
            instances.add(
                () -> {
                  try (schedule) {
                    return schedule.run(slot);
                  }
                });
          }
          long ran = 0;
          for (var outcome : pool.invokeAll(instances)) {
            ran += outcome.get() ? 1 : 0;
          }
          assertThat(ran).as("instances that backed up %s", slot).isEqualTo(1);
        }
        var kept = complete(dir.resolve("backups"));
        assertThat(kept)
            .extracting(path -> path.getFileName().toString())
            .containsExactly("aqmrg-backup-20261202-020001Z", "aqmrg-backup-20261203-020001Z");
      } finally {
        pool.shutdownNow();
      }
      var next =
          BackupSchedule.start(
                  settings,
                  database.sql(),
                  Clock.fixed(Instant.parse("2026-12-04T02:00:00Z"), java.time.ZoneOffset.UTC))
              .orElseThrow();
      try (next) {
        assertThat(next.next()).contains(Instant.parse("2026-12-05T02:00:00Z"));
      }
    }
  }

  @Test
  void a_schedule_that_is_not_cron_is_refused_with_an_example() {
    var env = env("every night");
    var thrown = org.assertj.core.api.Assertions.catchThrowable(() -> Settings.from(env));
    assertThat(thrown).isInstanceOf(SettingsException.class);
    assertThat(((SettingsException) thrown).problems())
        .anySatisfy(
            problem ->
                assertThat(problem)
                    .contains("AQMRG_BACKUP_SCHEDULE", "'0 2 * * *'", "every night"));
  }

  private static List<Path> complete(Path parent) throws Exception {
    if (!Files.isDirectory(parent)) {
      return List.of();
    }
    try (Stream<Path> folders = Files.list(parent)) {
      return folders
          .filter(folder -> Files.isRegularFile(folder.resolve(Manifest.FILE)))
          .sorted()
          .toList();
    }
  }
}
