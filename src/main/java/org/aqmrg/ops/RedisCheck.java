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
