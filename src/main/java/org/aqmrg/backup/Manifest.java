package org.aqmrg.backup;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code manifest.json} of a backup folder: what was backed up from which versions, how many rows,
 * values and keys each part held, and the size and SHA-256 of every file. It never holds a host
 * name with credentials, a password or a token. Written last, so a folder without it is not a
 * backup.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
    int format,
    Instant createdAt,
    String platformVersion,
    String schemaVersion,
    String timeSeries,
    String cache,
    PostgresPart postgres,
    InfluxPart influxdb,
    RedisPart redis,
    List<FileEntry> files) {

  /** The layout this platform writes and reads; a folder of another format is refused. */
  public static final int FORMAT = 1;

  public static final String FILE = "manifest.json";

  /** The relational database, and the time series too on the PostgreSQL backend. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record PostgresPart(
      String serverVersion, String tool, String file, Map<String, Long> tables) {}

  /**
   * The InfluxDB database: the field values per {@code retention_policy.measurement} and field, and
   * the continuous queries a restore recreates (InfluxDB 1.x does not restore them).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record InfluxPart(
      String serverVersion,
      String database,
      String directory,
      Map<String, Map<String, Long>> values,
      List<String> continuousQueries) {}

  /**
   * The platform's Redis keys ({@code file}, each with its value and expiry), counted per key
   * pattern, and an RDB snapshot of the whole server when it allowed one ({@code rdb}, or {@code
   * rdbNote} saying why not).
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RedisPart(
      String serverVersion, String file, Map<String, Long> keys, String rdb, String rdbNote) {}

  /** A file of the folder, by its path relative to the folder. */
  public record FileEntry(String path, long bytes, String sha256) {}

  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  Manifest withFiles(List<FileEntry> entries) {
    return new Manifest(
        format,
        createdAt,
        platformVersion,
        schemaVersion,
        timeSeries,
        cache,
        postgres,
        influxdb,
        redis,
        entries);
  }

  /** Writes {@code manifest.json} into {@code folder}, whole or not at all. */
  void write(Path folder) throws IOException {
    Path temporary = folder.resolve(FILE + ".tmp");
    JSON.writeValue(temporary.toFile(), this);
    Files.move(temporary, folder.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads the manifest of {@code folder}; throws naming the file when it is missing or broken. */
  public static Manifest read(Path folder) {
    Path file = folder.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new BackupException(
          file
              + " is missing: "
              + folder
              + " is not a complete backup (a backup that failed or is still running leaves"
              + " none); pick another folder");
    }
    try {
      return JSON.readValue(file.toFile(), Manifest.class);
    } catch (IOException e) {
      throw new BackupException(file + " cannot be read as a manifest: " + e.getMessage(), e);
    }
  }
}
