package org.aqmrg.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.aqmrg.config.Settings;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.readings.influx.InfluxReadingStore;

/**
 * {@code ./aqmrg backup}: the three stores into one timestamped folder, {@code
 * aqmrg-backup-20261204-020000Z}, with a {@link Manifest}. The folder is built under a {@code
 * .partial} name and renamed only when every part and the manifest are written, so a backup that
 * fails (a store down, a disk full) leaves nothing that looks complete.
 */
public final class Backup {
  /** The name of every backup folder starts so; the schedule keeps and deletes only these. */
  public static final String PREFIX = "aqmrg-backup-";

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Settings settings;
  private final Clock clock;

  public Backup(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  /** Backs up into a new folder in {@code parent}; returns the folder. */
  public Path create(Path parent, Progress progress) {
    Path folder = parent.resolve(PREFIX + STAMP.format(clock.instant()));
    Path partial = parent.resolve(folder.getFileName() + ".partial");
    try {
      Files.createDirectories(parent);
      if (Files.exists(folder)) {
        throw new BackupException(folder + " exists already; wait a second and try again");
      }
      Files.createDirectory(partial);
      Manifest manifest = writeParts(partial, progress);
      progress.step("Checksums: SHA-256 of every file");
      manifest.withFiles(digests(partial, progress)).write(partial);
      Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
      progress.step("Backup complete: " + folder);
      return folder;
    } catch (IOException e) {
      deleteQuietly(partial);
      throw new BackupException(
          "writing the backup in " + parent + " failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(partial);
      throw e;
    }
  }

  private Manifest writeParts(Path folder, Progress progress) {
    Manifest.PostgresPart postgres;
    String schema;
    try (var database = RelationalDatabase.open(settings)) {
      var dump = new PostgresDump(database);
      schema = dump.migrated() ? dump.schemaVersion() : "";
      var dumped = dump.dump(folder, progress);
      postgres =
          new Manifest.PostgresPart(
              dump.serverVersion(), dumped.tool(), PostgresDump.FILE, dumped.tables());
    }
    Manifest.InfluxPart influx = null;
    if (settings.timeSeries() == Settings.TimeSeriesBackend.INFLUXDB) {
      influx = influx(folder, progress);
    }
    Manifest.RedisPart redis = null;
    if (settings.cache() == Settings.CacheBackend.REDIS) {
      redis = redis(folder, progress);
    } else {
      progress.step("Redis: not used (the cache is in process memory); nothing to back up");
    }
    return new Manifest(
        Manifest.FORMAT,
        clock.instant(),
        platformVersion(),
        schema,
        settings.timeSeries().name().toLowerCase(Locale.ROOT),
        settings.cache().name().toLowerCase(Locale.ROOT),
        postgres,
        influx,
        redis,
        List.of());
  }

  private Manifest.InfluxPart influx(Path folder, Progress progress) {
    try (var store = new InfluxReadingStore(settings.influx())) {
      var influx = new InfluxBackup(store, influxAddress(settings));
      if (!influx.exists()) {
        throw new BackupException(
            "InfluxDB has no database "
                + influx.database()
                + ": nothing to back up; check INFLUXDB_DATABASE, or run ./aqmrg buckets create");
      }
      var values = influx.counts();
      var queries = influx.continuousQueries();
      progress.step(
          "InfluxDB: backing up database %s (%,d field values in %d measurements) through %s"
              .formatted(
                  influx.database(),
                  values.values().stream()
                      .flatMap(fields -> fields.values().stream())
                      .mapToLong(Long::longValue)
                      .sum(),
                  values.size(),
                  influxAddress(settings)));
      influx.backup(folder, progress);
      return new Manifest.InfluxPart(
          influx.serverVersion(), influx.database(), InfluxBackup.DIRECTORY, values, queries);
    }
  }

  private Manifest.RedisPart redis(Path folder, Progress progress) {
    try (var redis = new RedisBackup(settings.redis(), clock)) {
      String version = redis.serverVersion();
      progress.step("Redis: backing up the platform's keys with their expiry");
      var keys = redis.backup(folder, progress);
      var refused = redis.snapshot(folder);
      progress.step(
          refused
              .map(reason -> "Redis: no RDB snapshot (" + reason + "); the key file restores")
              .orElse("Redis: RDB snapshot of the server written to " + RedisBackup.RDB));
      return new Manifest.RedisPart(
          version,
          RedisBackup.FILE,
          keys,
          refused.isEmpty() ? RedisBackup.RDB : null,
          refused.orElse(null));
    }
  }

  /** InfluxDB's backup service, {@code host:port}. */
  static String influxAddress(Settings settings) {
    return settings
        .backup()
        .influxAddress()
        .orElseThrow(
            () -> new BackupException("set AQMRG_INFLUXDB_BACKUP_ADDRESS to InfluxDB's host:8088"));
  }

  static String platformVersion() {
    String version = Backup.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }

  /**
   * Checks a backup folder against its manifest: the format, and every file there with its size and
   * SHA-256, and no file that the manifest does not list. Returns the manifest; throws naming every
   * file that is missing, altered or unexpected.
   */
  public static Manifest verify(Path folder, Progress progress) {
    Manifest manifest = Manifest.read(folder);
    if (manifest.format() != Manifest.FORMAT) {
      throw new BackupException(
          "%s is of backup format %d, and this platform reads format %d: restore it with the"
                  .formatted(folder.resolve(Manifest.FILE), manifest.format(), Manifest.FORMAT)
              + " platform version that wrote it ("
              + manifest.platformVersion()
              + ")");
    }
    var problems = new ArrayList<String>();
    var listed = new java.util.HashSet<String>();
    long total = manifest.files().stream().mapToLong(Manifest.FileEntry::bytes).sum();
    long done = 0;
    for (var entry : manifest.files()) {
      listed.add(entry.path());
      Path file = folder.resolve(entry.path()).normalize();
      if (!file.startsWith(folder.normalize())) {
        problems.add(entry.path() + ": outside the folder");
      } else if (!Files.isRegularFile(file)) {
        problems.add(file + ": missing");
      } else if (size(file) != entry.bytes()) {
        problems.add(
            file + ": %d bytes, the manifest says %d".formatted(size(file), entry.bytes()));
      } else if (!sha256(file).equals(entry.sha256())) {
        problems.add(file + ": altered (its SHA-256 differs from the manifest's)");
      }
      done += entry.bytes();
      progress.fraction("verify", total == 0 ? 1 : (double) done / total, entry.path());
    }
    for (String path : relativeFiles(folder)) {
      if (!listed.contains(path) && !path.equals(Manifest.FILE)) {
        problems.add(folder.resolve(path) + ": not in the manifest");
      }
    }
    if (!problems.isEmpty()) {
      throw new BackupException(
          folder + " does not match its manifest:\n  " + String.join("\n  ", problems));
    }
    return manifest;
  }

  private static List<Manifest.FileEntry> digests(Path folder, Progress progress) {
    var entries = new ArrayList<Manifest.FileEntry>();
    var paths = relativeFiles(folder);
    for (int i = 0; i < paths.size(); i++) {
      Path file = folder.resolve(paths.get(i));
      entries.add(new Manifest.FileEntry(paths.get(i), size(file), sha256(file)));
      progress.fraction("checksums", (i + 1.0) / paths.size(), paths.get(i));
    }
    return entries;
  }

  private static List<String> relativeFiles(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files
          .filter(Files::isRegularFile)
          .map(file -> folder.relativize(file).toString().replace('\\', '/'))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return DigestUtils.sha256Hex(in);
    } catch (IOException e) {
      throw new BackupException("reading " + file + " failed: " + e.getMessage(), e);
    }
  }

  static void deleteQuietly(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover .partial folder is never taken for a backup
    }
  }
}
