package org.aqmrg.cache.redis;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.aqmrg.config.RedisSettings;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;

/**
 * The one thread-safe Lettuce connection of a {@link RedisCache}, to one server or to a Redis
 * Cluster, opened on first use and reconnected by itself, and the translation of Redis's failures
 * into the platform's: {@link StoreUnavailableException} naming the server, or {@link
 * IllegalStateException} for a command on a key of another type.
 */
final class RedisConnection implements AutoCloseable {
  static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** After a failed connect, calls fail at once for this long instead of each trying again. */
  private static final long CONNECT_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final ClientResources resources;
  private final RedisClients client;
  private final Object connecting = new Object();
  private volatile StatefulConnection<String, String> connection;
  private RedisException lastConnectFailure; // guarded by connecting
  private long lastConnectFailureAt; // guarded by connecting
  private boolean closed; // guarded by connecting

  /** A connection to the given server or cluster; does not connect yet, so it never fails here. */
  RedisConnection(RedisSettings redis) {
    // Reconnect attempts back off to one a second at most, so recovery is quick after an outage.
    this.resources =
        ClientResources.builder()
            .reconnectDelay(
                Delay.exponential(
                    Duration.ofMillis(10), Duration.ofSeconds(1), 2, TimeUnit.MILLISECONDS))
            .build();
    this.client = new RedisClients(redis, TIMEOUT, resources);
  }

  /** {@code Redis at host:port} or {@code Redis Cluster at host:port,…}. */
  String target() {
    return client.target();
  }

  boolean clustered() {
    return client.clustered();
  }

  /** Runs one command, or one script, on the connection. */
  <T> T call(Function<RedisClusterCommands<String, String>, T> command) {
    try {
      return command.apply(RedisClients.sync(open()));
    } catch (RedisException e) {
      throw translate(e);
    }
  }

  /**
   * Sends commands without waiting for each other's answers (on a cluster, to several masters at
   * once), then waits for all of them.
   */
  <T> List<T> callAll(
      Function<RedisClusterAsyncCommands<String, String>, List<CompletableFuture<T>>> commands) {
    try {
      var pending = commands.apply(RedisClients.async(open()));
      var answers = new ArrayList<T>(pending.size());
      for (var answer : pending) {
        answers.add(answer.orTimeout(2 * TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).join());
      }
      return answers;
    } catch (CompletionException e) {
      if (e.getCause() instanceof RedisException redis) {
        throw translate(redis);
      }
      if (e.getCause() instanceof TimeoutException) {
        throw translate(new RedisCommandTimeoutException("no answer"));
      }
      throw e;
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
    client.close();
    resources.shutdown(0, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private StatefulConnection<String, String> open() {
    var open = connection;
    if (open != null) {
      return open;
    }
    synchronized (connecting) {
      if (closed) {
        throw new IllegalStateException(target() + ": the cache is closed");
      }
      if (connection == null) {
        long now = System.nanoTime();
        if (lastConnectFailure != null && now - lastConnectFailureAt < CONNECT_RETRY_NANOS) {
          throw lastConnectFailure;
        }
        try {
          connection = client.connect(StringCodec.UTF8);
          lastConnectFailure = null;
        } catch (RedisException e) {
          lastConnectFailure = e;
          lastConnectFailureAt = now;
          throw e;
        }
      }
      return connection;
    }
  }

  private RuntimeException translate(RedisException e) {
    String detail = detail(e);
    String target = target();
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
