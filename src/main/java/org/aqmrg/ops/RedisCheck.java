package org.aqmrg.ops;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import org.aqmrg.config.Settings;

/** Sends {@code PING} to Redis, connecting again when the last connection was lost. */
public final class RedisCheck implements StoreCheck, AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final Settings.Redis redis;
  private final RedisClient client;
  private StatefulRedisConnection<String, String> connection;

  public RedisCheck(Settings.Redis redis) {
    this.redis = redis;
    var uri = RedisURI.builder().withHost(redis.host()).withPort(redis.port()).withTimeout(TIMEOUT);
    if (!redis.password().isEmpty()) {
      uri.withPassword(redis.password().reveal().toCharArray());
    }
    this.client = RedisClient.create(uri.build());
    client.setOptions(
        ClientOptions.builder()
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
            .build());
  }

  @Override
  public String role() {
    return "cache";
  }

  @Override
  public String target() {
    return "Redis at " + redis.host() + ":" + redis.port();
  }

  @Override
  public synchronized StoreStatus check() {
    long started = System.nanoTime();
    try {
      if (connection == null || !connection.isOpen()) {
        if (connection != null) {
          connection.close(); // stop its own reconnecting before opening another
        }
        connection = connect();
      }
      connection.sync().ping();
      return StoreStatus.up(this, started);
    } catch (RuntimeException e) {
      String problem = Problems.describe(e);
      String hint =
          problem.contains("NOAUTH") || problem.contains("WRONGPASS")
              ? "Check REDIS_PASSWORD."
              : "Is Redis running and reachable? Try: redis-cli -h "
                  + redis.host()
                  + " -p "
                  + redis.port()
                  + " ping";
      return StoreStatus.down(this, started, problem, hint);
    }
  }

  /**
   * Redis's part of {@link Stats}: {@code INFO memory} and {@code INFO stats}, {@code DBSIZE}, and
   * the keys of each of the platform's patterns (counted with {@code SCAN}, which does not block
   * the server as {@code KEYS} would).
   */
  public synchronized Stats.Redis stats(java.util.List<String> patterns) {
    try {
      if (connection == null || !connection.isOpen()) {
        connection = connect();
      }
      var redis = connection.sync();
      var info = new java.util.HashMap<String, String>();
      for (String section : java.util.List.of("server", "memory", "stats", "commandstats")) {
        redis
            .info(section)
            .lines()
            .filter(line -> line.contains(":"))
            .forEach(
                line ->
                    info.put(
                        line.substring(0, line.indexOf(':')),
                        line.substring(line.indexOf(':') + 1).trim()));
      }
      var byPattern = new java.util.LinkedHashMap<String, Long>();
      for (String pattern : patterns) {
        long count = 0;
        var args = io.lettuce.core.ScanArgs.Builder.matches(pattern).limit(1_000);
        var cursor = redis.scan(args);
        count += cursor.getKeys().size();
        while (!cursor.isFinished()) {
          cursor = redis.scan(cursor, args);
          count += cursor.getKeys().size();
        }
        byPattern.put(pattern, count);
      }
      return new Stats.Redis(
          info.get("redis_version"),
          parse(info.get("used_memory")),
          info.get("used_memory_human"),
          parse(info.get("maxmemory")),
          info.get("maxmemory_policy"),
          redis.dbsize(),
          byPattern,
          parse(info.get("evicted_keys")),
          parse(info.get("instantaneous_ops_per_sec")),
          parse(info.get("total_commands_processed")),
          busiest(info),
          null);
    } catch (RuntimeException e) {
      return new Stats.Redis(
          null, null, null, null, null, null, null, null, null, null, null, Problems.describe(e));
    }
  }

  /** The five commands called most, from {@code cmdstat_<name>:calls=…,usec_per_call=…}. */
  private static java.util.List<Stats.Command> busiest(java.util.Map<String, String> info) {
    var commands = new java.util.ArrayList<Stats.Command>();
    for (var entry : info.entrySet()) {
      if (!entry.getKey().startsWith("cmdstat_")) {
        continue;
      }
      long calls = 0;
      double usec = 0;
      for (String part : entry.getValue().split(",")) {
        String[] pair = part.split("=", 2);
        if (pair.length == 2 && pair[0].equals("calls")) {
          calls = Long.parseLong(pair[1]);
        } else if (pair.length == 2 && pair[0].equals("usec_per_call")) {
          usec = Double.parseDouble(pair[1]);
        }
      }
      commands.add(new Stats.Command(entry.getKey().substring("cmdstat_".length()), calls, usec));
    }
    commands.sort(java.util.Comparator.comparingLong(Stats.Command::calls).reversed());
    return java.util.List.copyOf(commands.subList(0, Math.min(5, commands.size())));
  }

  private static Long parse(String value) {
    return value == null ? null : Long.valueOf(value);
  }

  /**
   * Connects, once more when the first handshake was cut short: with a wrong password Lettuce at
   * times reports the connection it closed itself ("closed prematurely") instead of Redis's {@code
   * WRONGPASS}, and the second attempt then names the real problem.
   */
  private StatefulRedisConnection<String, String> connect() {
    try {
      return client.connect();
    } catch (RedisConnectionException e) {
      if (!Problems.describe(e).contains("closed prematurely")) {
        throw e;
      }
      return client.connect();
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.close();
    }
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
