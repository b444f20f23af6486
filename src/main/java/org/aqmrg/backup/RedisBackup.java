package org.aqmrg.backup;

import io.lettuce.core.RedisException;
import io.lettuce.core.RestoreArgs;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.cache.redis.RedisClients;
import org.aqmrg.config.RedisSettings;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;

/**
 * The platform's Redis keys, those of the patterns in {@code databases/redis/schemas/README.md},
 * each as Redis {@code DUMP} gives it with the moment it expires, so that they {@code RESTORE} into
 * any running server, local or remote, and expire when they would have. Other keys of a shared
 * server are left alone. On a Redis Cluster the keys are read from, and restored to, the master of
 * each key's slot, so a backup of one cluster restores into a cluster of any size or into one
 * server, and back.
 */
final class RedisBackup implements AutoCloseable {
  static final String FILE = "redis.keys";

  static final List<String> PATTERNS = org.aqmrg.cache.KeyPatterns.ALL;

  private static final String MAGIC = "AQMRG-REDIS-KEYS 1";

  static final String RDB = "redis.rdb";

  private final RedisSettings settings;
  private final RedisClients client;
  private final Clock clock;
  private StatefulConnection<byte[], byte[]> connection;

  RedisBackup(RedisSettings redis, Clock clock) {
    this.settings = redis;
    this.client = new RedisClients(redis, Duration.ofSeconds(10), null);
    this.clock = clock;
  }

  String serverVersion() {
    return commands()
        .info("server")
        .lines()
        .filter(line -> line.startsWith("redis_version:"))
        .map(line -> line.substring("redis_version:".length()).trim())
        .findFirst()
        .orElse("unknown");
  }

  /** How many keys each pattern has. */
  Map<String, Long> counts() {
    var counts = new LinkedHashMap<String, Long>();
    for (String pattern : PATTERNS) {
      counts.put(pattern, (long) keys(pattern).size());
    }
    return counts;
  }

  /**
   * Writes every key of the patterns to {@code folder/redis.keys}; returns the count per pattern.
   */
  Map<String, Long> backup(Path folder, Progress progress) {
    var counts = new LinkedHashMap<String, Long>();
    var redis = commands();
    try (var out =
        new DataOutputStream(
            new BufferedOutputStream(Files.newOutputStream(folder.resolve(FILE))))) {
      out.writeUTF(MAGIC);
      for (int p = 0; p < PATTERNS.size(); p++) {
        String pattern = PATTERNS.get(p);
        long written = 0;
        for (byte[] key : keys(pattern)) {
          long ttl = redis.pttl(key);
          byte[] value = redis.dump(key);
          if (value == null || ttl == -2) {
            continue; // expired between the scan and the dump
          }
          long expiresAt = ttl < 0 ? 0 : clock.millis() + ttl;
          out.writeBoolean(true);
          write(out, key);
          out.writeLong(expiresAt);
          write(out, value);
          written++;
        }
        counts.put(pattern, written);
        progress.fraction("redis", (p + 1.0) / PATTERNS.size(), written + " keys of " + pattern);
      }
      out.writeBoolean(false);
    } catch (IOException e) {
      throw new BackupException(
          "writing " + folder.resolve(FILE) + " failed: " + e.getMessage(), e);
    } catch (RedisException e) {
      throw unavailable("backing up the keys", e);
    }
    return counts;
  }

  /**
   * An RDB snapshot of the whole server in {@code folder/redis.rdb} by {@code redis-cli --rdb},
   * where the server allows it (managed services often refuse); returns empty when written, else
   * why not. A refused snapshot leaves no file: the key file is the part that restores.
   */
  java.util.Optional<String> snapshot(Path folder) {
    if (settings.clustered()) {
      return java.util.Optional.of("a Redis Cluster has no single snapshot of all its keys");
    }
    var redisCli = Tool.onPath("redis-cli");
    if (redisCli.isEmpty()) {
      return java.util.Optional.of("redis-cli is not installed (apt-get install redis-tools)");
    }
    Path file = folder.resolve(RDB);
    var output = new ArrayList<String>();
    int status =
        redisCli
            .get()
            .run(
                List.of(
                    "-h",
                    settings.host(),
                    "-p",
                    String.valueOf(settings.port()),
                    "--rdb",
                    file.toString()),
                settings.password().isEmpty()
                    ? Map.of()
                    : Map.of("REDISCLI_AUTH", settings.password().reveal()),
                output::add);
    if (status == 0 && Files.isRegularFile(file)) {
      return java.util.Optional.empty();
    }
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the manifest does not list it, so a restore ignores it
    }
    return java.util.Optional.of(
        "the server refused an RDB snapshot: "
            + (output.isEmpty()
                ? "redis-cli exited with " + status
                : output.get(output.size() - 1)));
  }

  /** The outcome of a restore: keys written, and keys whose expiry passed since the backup. */
  record Restored(Map<String, Long> keys, long expired) {}

  /** Restores {@code folder/redis.keys}, replacing keys of the same name. */
  Restored restore(Path folder, Progress progress) {
    var redis = commands();
    var counts = new LinkedHashMap<String, Long>();
    PATTERNS.forEach(pattern -> counts.put(pattern, 0L));
    long expired = 0;
    long done = 0;
    try (var in =
        new DataInputStream(new BufferedInputStream(Files.newInputStream(folder.resolve(FILE))))) {
      if (!MAGIC.equals(in.readUTF())) {
        throw new BackupException(folder.resolve(FILE) + " is not a key file of this platform");
      }
      while (in.readBoolean()) {
        byte[] key = read(in);
        long expiresAt = in.readLong();
        byte[] value = read(in);
        long ttl = expiresAt == 0 ? 0 : expiresAt - clock.millis();
        if (expiresAt != 0 && ttl <= 0) {
          expired++;
          continue;
        }
        redis.restore(key, value, new RestoreArgs().ttl(ttl).replace());
        counts.merge(pattern(new String(key, StandardCharsets.UTF_8)), 1L, Long::sum);
        if (++done % 1_000 == 0) {
          progress.fraction("redis", 0, done + " keys restored");
        }
      }
    } catch (EOFException e) {
      throw new BackupException(folder.resolve(FILE) + " ends in the middle of a key", e);
    } catch (IOException e) {
      throw new BackupException(
          "reading " + folder.resolve(FILE) + " failed: " + e.getMessage(), e);
    } catch (RedisException e) {
      throw unavailable("restoring the keys", e);
    }
    progress.fraction("redis", 1, done + " keys restored");
    return new Restored(counts, expired);
  }

  /** The pattern {@code key} belongs to. */
  static String pattern(String key) {
    for (String pattern : PATTERNS) {
      if (key.startsWith(pattern.substring(0, pattern.length() - 1))) {
        return pattern;
      }
    }
    return "other";
  }

  private List<byte[]> keys(String pattern) {
    var keys = new ArrayList<byte[]>();
    var args = ScanArgs.Builder.matches(pattern).limit(1_000);
    try {
      var cursor = commands().scan(args);
      keys.addAll(cursor.getKeys());
      while (!cursor.isFinished()) {
        cursor = commands().scan(cursor, args); // on a cluster the cursor names the node
        keys.addAll(cursor.getKeys());
      }
    } catch (RedisException e) {
      throw unavailable("listing the keys " + pattern, e);
    }
    return keys;
  }

  private synchronized RedisClusterCommands<byte[], byte[]> commands() {
    if (connection == null) {
      try {
        connection = client.connect(ByteArrayCodec.INSTANCE);
      } catch (RedisException e) {
        throw unavailable("connecting", e);
      }
    }
    return RedisClients.sync(connection);
  }

  private StoreUnavailableException unavailable(String what, RedisException e) {
    return new StoreUnavailableException(
        Store.CACHE, settings.target() + " failed while " + what + ": " + e.getMessage(), e);
  }

  private static void write(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] read(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > 512 * 1024 * 1024) {
      throw new IOException("a key or value of " + length + " bytes");
    }
    byte[] bytes = in.readNBytes(length);
    if (bytes.length != length) {
      throw new EOFException();
    }
    return bytes;
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.close();
    }
    client.close();
  }
}
