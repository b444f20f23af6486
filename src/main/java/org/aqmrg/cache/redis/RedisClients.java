package org.aqmrg.cache.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.List;
import org.aqmrg.config.RedisSettings;

/**
 * A Lettuce client for what {@link RedisSettings} names: one server ({@link RedisClient}) or a
 * Redis Cluster ({@link RedisClusterClient}, which routes each command to the master of its key's
 * slot, follows {@code MOVED} redirects and refreshes the cluster's layout on a failover). Callers
 * see the commands both share ({@link RedisClusterCommands}), so the cache, the health check and
 * the backup are written once for both.
 */
public final class RedisClients implements AutoCloseable {
  private static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

  private final RedisSettings settings;
  private final AbstractRedisClient client;

  /**
   * A client that does not connect yet. Commands wait at most {@code timeout}; while the one server
   * cannot be reached they fail at once instead of queueing (on a cluster they wait, as a node's
   * connection opens on first use).
   *
   * @param resources shared event loops and reconnect delays, or null for Lettuce's defaults
   */
  public RedisClients(RedisSettings settings, Duration timeout, ClientResources resources) {
    this.settings = settings;
    var socket = SocketOptions.builder().connectTimeout(timeout).build();
    if (settings.clustered()) {
      List<RedisURI> seeds =
          settings.cluster().stream().map(node -> uri(node.host(), node.port(), timeout)).toList();
      var cluster =
          resources == null
              ? RedisClusterClient.create(seeds)
              : RedisClusterClient.create(resources, seeds);
      cluster.setOptions(
          ClusterClientOptions.builder()
              .autoReconnect(true)
              // Node connections open on a slot's first command, which REJECT_COMMANDS would
              // refuse; commands wait for them instead, bounded by the timeout.
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
              .socketOptions(socket)
              .timeoutOptions(TimeoutOptions.enabled(timeout))
              .topologyRefreshOptions(
                  // Adaptive refreshes (on MOVED, ASK, unknown nodes) are Lettuce 7's default.
                  ClusterTopologyRefreshOptions.builder()
                      .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                      .build())
              .build());
      this.client = cluster;
    } else {
      var uri = uri(settings.host(), settings.port(), timeout);
      var single = resources == null ? RedisClient.create(uri) : RedisClient.create(resources, uri);
      single.setOptions(
          ClientOptions.builder()
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .socketOptions(socket)
              .timeoutOptions(TimeoutOptions.enabled(timeout))
              .build());
      this.client = single;
    }
  }

  public boolean clustered() {
    return settings.clustered();
  }

  /** {@code Redis at host:port} or {@code Redis Cluster at host:port,…}. */
  public String target() {
    return settings.target();
  }

  /** Opens a connection: to the server, or to the cluster (one per node, opened as needed). */
  public <K, V> StatefulConnection<K, V> connect(RedisCodec<K, V> codec) {
    return client instanceof RedisClusterClient cluster
        ? cluster.connect(codec)
        : ((RedisClient) client).connect(codec);
  }

  /** The synchronous commands of a connection from {@link #connect}. */
  public static <K, V> RedisClusterCommands<K, V> sync(StatefulConnection<K, V> connection) {
    if (connection instanceof StatefulRedisClusterConnection<K, V> cluster) {
      return cluster.sync();
    }
    return ((StatefulRedisConnection<K, V>) connection).sync();
  }

  /** The asynchronous commands of a connection from {@link #connect}. */
  public static <K, V> RedisClusterAsyncCommands<K, V> async(StatefulConnection<K, V> connection) {
    if (connection instanceof StatefulRedisClusterConnection<K, V> cluster) {
      return cluster.async();
    }
    return ((StatefulRedisConnection<K, V>) connection).async();
  }

  @Override
  public void close() {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }

  private RedisURI uri(String host, int port, Duration timeout) {
    var uri = RedisURI.builder().withHost(host).withPort(port).withTimeout(timeout);
    if (!settings.password().isEmpty()) {
      uri.withPassword(settings.password().reveal().toCharArray());
    }
    return uri.build();
  }
}
