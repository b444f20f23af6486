package org.aqmrg.ops;

import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.List;
import org.aqmrg.cache.redis.RedisClients;
import org.aqmrg.config.RedisSettings;

/**
 * Sends {@code PING} to Redis, connecting again when the last connection was lost; on a Redis
 * Cluster also asks {@code CLUSTER INFO} whether every slot is served ({@code cluster_state:ok}).
 */
public final class RedisCheck implements StoreCheck, AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private final RedisSettings redis;
  private final RedisClients client;
  private StatefulConnection<String, String> connection;

  public RedisCheck(RedisSettings redis) {
    this.redis = redis;
    this.client = new RedisClients(redis, TIMEOUT, null);
  }

  @Override
  public String role() {
    return "cache";
  }

  @Override
  public String target() {
    return redis.target();
  }

  @Override
  public synchronized StoreStatus check() {
    long started = System.nanoTime();
    try {
      var commands = RedisClients.sync(open());
      commands.ping();
      if (redis.clustered()) {
        String state =
            commands
                .clusterInfo()
                .lines()
                .filter(line -> line.startsWith("cluster_state:"))
                .map(line -> line.substring("cluster_state:".length()).trim())
                .findFirst()
                .orElse("unknown");
        if (!state.equals("ok")) {
          return StoreStatus.down(
              this,
              started,
              "the cluster reports cluster_state:" + state + " (some hash slots have no master)",
              "Check the cluster: redis-cli --cluster check " + redis.cluster().get(0));
        }
      }
      return StoreStatus.up(this, started);
    } catch (RuntimeException e) {
      String problem = Problems.describe(e);
      return StoreStatus.down(this, started, problem, hint(problem));
    }
  }

  private String hint(String problem) {
    if (problem.contains("NOAUTH") || problem.contains("WRONGPASS")) {
      return "Check REDIS_PASSWORD.";
    }
    if (redis.clustered()) {
      return "Are the nodes of REDIS_CLUSTER_NODES running and reachable? Try: redis-cli -c -h "
          + redis.host()
          + " -p "
          + redis.port()
          + " cluster info";
    }
    return "Is Redis running and reachable? Try: redis-cli -h "
        + redis.host()
        + " -p "
        + redis.port()
        + " ping";
  }

  /** Redis's part of {@link Stats} (see {@link RedisStats}); the error in it when Redis is down. */
  public synchronized Stats.Redis stats(List<String> patterns) {
    try {
      return RedisStats.read(RedisClients.sync(open()), patterns);
    } catch (RuntimeException e) {
      return new Stats.Redis(
          null, null, null, null, null, null, null, null, null, null, null, Problems.describe(e));
    }
  }

  private StatefulConnection<String, String> open() {
    if (connection == null || !connection.isOpen()) {
      if (connection != null) {
        connection.close(); // stop its own reconnecting before opening another
      }
      connection = connect();
    }
    return connection;
  }

  /**
   * Connects, once more when the first handshake was cut short: with a wrong password Lettuce at
   * times reports the connection it closed itself ("closed prematurely") instead of Redis's {@code
   * WRONGPASS}, and the second attempt then names the real problem.
   */
  private StatefulConnection<String, String> connect() {
    try {
      return client.connect(StringCodec.UTF8);
    } catch (RedisConnectionException e) {
      if (!Problems.describe(e).contains("closed prematurely")) {
        throw e;
      }
      return client.connect(StringCodec.UTF8);
    }
  }

  @Override
  public synchronized void close() {
    if (connection != null) {
      connection.close();
    }
    client.close();
  }
}
