package org.aqmrg.backup;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.aqmrg.config.Settings;
import org.aqmrg.db.Migrations;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.readings.influx.InfluxReadingStore;

/**
 * {@code ./aqmrg restore DIR}: a backup folder back into the configured stores. Everything that can
 * refuse does so before the first write: a folder that does not match its manifest, one from a
 * newer schema or another time-series backend, a running {@code serve}, and stores that hold data
 * (unless forced, and then it says what it replaces). After the restore the rows, field values and
 * keys are counted again and compared with the manifest.
 */
public final class Restore {
  private final Settings settings;
  private final Clock clock;

  public Restore(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** What a restore did: the counts that differ from the manifest, and what it left out. */
  public record Report(List<String> differences, List<String> notes) {
    public boolean matches() {
      return differences.isEmpty();
    }
  }

  public Report run(Path folder, boolean force, Progress progress) {
    progress.step("Verifying " + folder);
    Manifest manifest = Backup.verify(folder, progress);
    String backend = settings.timeSeries().name().toLowerCase(Locale.ROOT);
    if (!manifest.timeSeries().equals(backend)) {
      throw new BackupException(
          "the backup holds its time series on %s and this platform keeps them on %s: restore it"
                  .formatted(manifest.timeSeries(), backend)
              + " with the same backend (INFLUXDB_URL, AQMRG_TIMESERIES)");
    }
    var notes = new ArrayList<String>();
    boolean redis = manifest.redis() != null && settings.cache() == Settings.CacheBackend.REDIS;
    if (manifest.redis() != null && !redis) {
      notes.add(
          "the backup's Redis keys (sessions, cached values) are not restored: the cache is in"
              + " process memory here");
    }
    try (var database = RelationalDatabase.open(settings);
        var influxStore =
            settings.timeSeries() == Settings.TimeSeriesBackend.INFLUXDB
                ? new InfluxReadingStore(settings.influx())
                : null;
        var redisBackup = redis ? new RedisBackup(settings.redis(), clock) : null) {
      var postgres = new PostgresDump(database);
      var influx =
          influxStore == null
              ? null
              : new InfluxBackup(influxStore, Backup.influxAddress(settings));
      refuseUnsafe(manifest, database, postgres);
      var held = held(postgres, influx, redisBackup);
      if (!held.isEmpty() && !force) {
        throw new BackupException(
            "the target is not empty, and a restore would overwrite:\n  "
                + String.join("\n  ", held)
                + "\nRestore into empty stores, or run again with --force to replace them");
      }
      held.forEach(line -> progress.step("Replacing " + line));

      var tables = manifest.postgres().tables();
      progress.step(
          "PostgreSQL: restoring %d tables into %s"
              .formatted(tables.size(), database.description()));
      postgres.restore(folder, progress);
      var differences = new ArrayList<String>();
      compare("PostgreSQL table", tables, postgres.counts(), differences);
      if (influx != null) {
        var part = manifest.influxdb();
        progress.step(
            "InfluxDB: restoring database %s as %s".formatted(part.database(), influx.database()));
        influx.restore(folder, part.database(), part.continuousQueries(), progress);
        if (!part.continuousQueries().isEmpty()) {
          progress.step(
              "InfluxDB: created %d continuous queries again"
                  .formatted(part.continuousQueries().size()));
        }
        compareValues(part.values(), influx.counts(), differences);
      }
      if (redisBackup != null) {
        progress.step("Redis: restoring the platform's keys");
        var restored = redisBackup.restore(folder, progress);
        if (restored.expired() > 0) {
          notes.add(
              restored.expired() + " Redis keys had expired since the backup and were left out");
        }
        if (restored.expired() == 0) {
          compare("Redis keys", manifest.redis().keys(), restored.keys(), differences);
        }
      }
      return new Report(differences, notes);
    }
  }

  private void refuseUnsafe(Manifest manifest, RelationalDatabase database, PostgresDump postgres) {
    long serving = postgres.serveConnections();
    if (serving > 0) {
      throw new BackupException(
          "./aqmrg serve is running on "
              + database.description()
              + " ("
              + serving
              + " connections): stop every serve on these stores, then restore");
    }
    String latest =
        new Migrations(database.dataSource())
            .info().stream()
                .map(Migrations.Version::version)
                .reduce((first, second) -> second)
                .orElse("0");
    if (!manifest.schemaVersion().isEmpty()
        && Integer.parseInt(manifest.schemaVersion()) > Integer.parseInt(latest)) {
      throw new BackupException(
          "the backup is of schema version %s, newer than this platform's %s (it was written by"
                  .formatted(manifest.schemaVersion(), latest)
              + " platform "
              + manifest.platformVersion()
              + "): upgrade the platform, then restore");
    }
  }

  private static List<String> held(PostgresDump postgres, InfluxBackup influx, RedisBackup redis) {
    var held = new ArrayList<String>();
    postgres
        .nonEmpty()
        .forEach(
            (table, rows) -> held.add("PostgreSQL table %s (%,d rows)".formatted(table, rows)));
    if (influx != null) {
      influx
          .counts()
          .forEach(
              (measurement, fields) ->
                  held.add(
                      "InfluxDB %s.%s (%,d field values)"
                          .formatted(
                              influx.database(),
                              measurement,
                              fields.values().stream().mapToLong(Long::longValue).sum())));
    }
    if (redis != null) {
      redis
          .counts()
          .forEach(
              (pattern, keys) -> {
                if (keys > 0) {
                  held.add("Redis %s (%,d keys)".formatted(pattern, keys));
                }
              });
    }
    return held;
  }

  private static void compare(
      String what, Map<String, Long> expected, Map<String, Long> actual, List<String> differences) {
    for (var entry : expected.entrySet()) {
      long found = actual.getOrDefault(entry.getKey(), 0L);
      if (found != entry.getValue()) {
        differences.add(
            "%s %s: %,d after the restore, %,d in the backup"
                .formatted(what, entry.getKey(), found, entry.getValue()));
      }
    }
  }

  private static void compareValues(
      Map<String, Map<String, Long>> expected,
      Map<String, Map<String, Long>> actual,
      List<String> differences) {
    for (var measurement : expected.entrySet()) {
      var found = actual.getOrDefault(measurement.getKey(), Map.of());
      for (var field : measurement.getValue().entrySet()) {
        long count = found.getOrDefault(field.getKey(), 0L);
        if (!Objects.equals(count, field.getValue())) {
          differences.add(
              "InfluxDB %s field %s: %,d values after the restore, %,d in the backup"
                  .formatted(measurement.getKey(), field.getKey(), count, field.getValue()));
        }
      }
    }
  }
}
