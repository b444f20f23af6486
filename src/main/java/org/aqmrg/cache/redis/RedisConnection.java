package org.aqmrg.cache.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.aqmrg.config.Settings;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;

/**
 * The one thread-safe Lettuce connection of a {@link RedisCache}, opened on first use and
 * reconnected by itself, and the translation of Redis's failures into the platform's: {@link
 * StoreUnavailableException} naming the server, or {@link IllegalStateException} for a command on a
 * key of another type.
 */
final class RedisConnection implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** After a failed connect, calls fail at once for this long instead of each trying again. */
  private static final long CONNECT_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final String target;
  private final ClientResources resources;
  private final RedisClient client;
  private final Object connecting = new Object();
  private volatile StatefulRedisConnection<String, String> connection;
  private RedisException lastConnectFailure; // guarded by connecting
  private long lastConnectFailureAt; // guarded by connecting
  private boolean closed; // guarded by connecting

  /** A connection to the given server; does not connect yet, so it never fails here. */
  RedisConnection(Settings.Redis redis) {
    this.target = "Redis at " + redis.host() + ":" + redis.port();
    var uri = RedisURI.builder().withHost(redis.host()).withPort(redis.port()).withTimeout(TIMEOUT);
    if (!redis.password().isEmpty()) {
      uri.withPassword(redis.password().reveal().toCharArray());
    }
    // Reconnect attempts back off to one a second at most, so recovery is quick after an outage.
    this.resources =
        ClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = RedisClient.create(resources, uri.build());
    client.setOptions(
        ClientOptions.builder()
            .autoReconnect(true)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .socketOptions(SocketOptions.builder().connectTimeout(TIMEOUT).build())
            .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
            .build());
  }

  /** {@code Redis at host:port}. */
  String target() {
    return target;
  }

  /** Runs one command, or one script, on the connection. */
  <T> T call(Function<RedisCommands<String, String>, T> command) {
    try {
      return command.apply(commands());
    } catch (RedisException e) {
      throw translate(e);
    }
  }

  @Override
  public void close() {
    synchronized (connecting) {
      closed = true;
      if (connection != null) {
        connection.close();
      }
    }
    client.shutdown(Duration.ZERO, TIMEOUT);
    resources.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private RedisCommands<String, String> commands() {
    var open = connection;
    if (open != null) {
      return open.sync();
    }
    synchronized (connecting) {
      if (closed) {
        throw new IllegalStateException(target + ": the cache is closed");
      }
      if (connection == null) {
        long now = System.nanoTime();
        if (lastConnectFailure != null && now - lastConnectFailureAt < CONNECT_RETRY_NANOS) {
          throw lastConnectFailure;
        }
        try {
          connection = client.connect();
          lastConnectFailure = null;
        } catch (RedisException e) {
          lastConnectFailure = e;
          lastConnectFailureAt = now;
          throw e;
        }
      }
      return connection.sync();
    }
  }

  private RuntimeException translate(RedisException e) {
    String detail = detail(e);
    if (detail.startsWith("WRONGTYPE") || detail.contains("not an integer")) {
      return new IllegalStateException(target + " refused a command on a key: " + detail, e);
    }
    if (detail.contains("NOAUTH") || detail.contains("WRONGPASS")) {
      return new StoreUnavailableException(
          Store.CACHE, target + " refused authentication (check REDIS_PASSWORD): " + detail, e);
    }
    if (e instanceof RedisCommandTimeoutException) {
      return new StoreUnavailableException(
          Store.CACHE, target + " did not answer within " + TIMEOUT.toSeconds() + " s", e);
    }
    return new StoreUnavailableException(Store.CACHE, target + " is unavailable: " + detail, e);
  }

  /** The message and its root cause's, e.g. "Unable to connect …: Connection refused". */
  private static String detail(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = String.valueOf(error.getMessage());
    String rootMessage = String.valueOf(root.getMessage());
    return message.contains(rootMessage) ? message : message + ": " + rootMessage;
  }
}
