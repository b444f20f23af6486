package org.aqmrg.cache.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.Expiry;
import org.aqmrg.config.Settings;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;

/**
 * The {@link Cache} in Redis, shared by every instance of the platform.
 *
 * <p>One thread-safe connection serves all callers, and every command waits at most 2 s. A write
 * that sets a value and its expiry is one command or one Lua script, so it is atomic and no key is
 * ever left without its TTL; {@link #incrementAll} is one round trip, so instances share one exact
 * count.
 *
 * <p>The connection opens on first use: the platform starts while Redis is down and reports it in
 * its health. While Redis cannot be reached every call fails at once with {@link
 * StoreUnavailableException} (commands are rejected, never queued), and the connection comes back
 * by itself when Redis does. A command on a key of another type throws {@link
 * IllegalStateException}.
 */
public final class RedisCache implements Cache {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** After a failed connect, calls fail at once for this long instead of each trying again. */
  private static final long CONNECT_RETRY_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final LuaScript INCREMENT_ALL =
      new LuaScript(
          """
          local counters = {}
          for i, key in ipairs(KEYS) do
            local count = redis.call('INCRBY', key, ARGV[i + 1])
            local ttl = redis.call('PTTL', key)
            if ttl < 0 then
              redis.call('PEXPIRE', key, ARGV[1])
              ttl = tonumber(ARGV[1])
            end
            counters[#counters + 1] = count
            counters[#counters + 1] = ttl
          end
          return counters
          """);
  private static final LuaScript GET_HASH_AND_INCREMENT =
      new LuaScript(
          """
          local hash = redis.call('HGETALL', KEYS[1])
          local value = nil
          for i = 1, #hash, 2 do
            if hash[i] == ARGV[1] then value = hash[i + 1] end
          end
          if not value then
            return {hash}
          end
          local counter = ARGV[2] .. value .. ARGV[3]
          local count = redis.call('INCR', counter)
          local ttl = redis.call('PTTL', counter)
          if ttl < 0 then
            redis.call('PEXPIRE', counter, ARGV[4])
            ttl = tonumber(ARGV[4])
          end
          return {hash, count, ttl}
          """);
  private static final LuaScript PUT_HASH =
      new LuaScript(
          """
          redis.call('DEL', KEYS[1])
          for i = 2, #ARGV, 2 do
            redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
          end
          if #ARGV > 1 then
            redis.call('PEXPIRE', KEYS[1], ARGV[1])
          end
          return 0
          """);

  private static final LuaScript ADD_TO_SET =
      new LuaScript(
          """
          redis.call('SADD', KEYS[1], ARGV[2])
          redis.call('PEXPIRE', KEYS[1], ARGV[1])
          return 0
          """);

  /** Cache.compareAndSet; per key four arguments: has-expected (1 or 0), expected, value, TTL. */
  private static final LuaScript COMPARE_AND_SET =
      new LuaScript(
          """
          local stored = {}
          for i, key in ipairs(KEYS) do
            local at = 4 * (i - 1)
            local kind = redis.call('TYPE', key).ok
            local current = false
            if kind == 'string' then
              current = redis.call('GET', key)
            end
            local expected = ARGV[at + 1] == '1'
            if (kind == 'string' or kind == 'none')
                and ((not expected and not current) or (expected and current == ARGV[at + 2])) then
              if ARGV[at + 4] == '0' then
                redis.call('SET', key, ARGV[at + 3])
              else
                redis.call('SET', key, ARGV[at + 3], 'PX', ARGV[at + 4])
              end
              stored[#stored + 1] = i
            end
          end
          return stored
          """);

  private final String target;
  private final ClientResources resources;
  private final RedisClient client;
  private final Object connecting = new Object();
  private volatile StatefulRedisConnection<String, String> connection;
  private RedisException lastConnectFailure; // guarded by connecting
  private long lastConnectFailureAt; // guarded by connecting
  private boolean closed; // guarded by connecting

  /** A cache on the given server; does not connect yet, so it never fails here. */
  public RedisCache(Settings.Redis redis) {
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

  @Override
  public void put(String key, String value, Duration ttl) {
    long millis = Expiry.millis(ttl);
    call(redis -> redis.set(key, value, SetArgs.Builder.px(millis)));
  }

  @Override
  public Optional<String> get(String key) {
    return Optional.ofNullable(call(redis -> redis.get(key)));
  }

  @Override
  public Map<String, String> getAll(Collection<String> keys) {
    if (keys.isEmpty()) {
      return Map.of();
    }
    String[] distinct = new LinkedHashSet<>(keys).toArray(String[]::new);
    var values = new HashMap<String, String>(distinct.length * 2);
    // MGET answers nil for a key of another type, as for a missing one.
    for (KeyValue<String, String> entry : call(redis -> redis.mget(distinct))) {
      if (entry.hasValue()) {
        values.put(entry.getKey(), entry.getValue());
      }
    }
    return values;
  }

  @Override
  public boolean delete(String key) {
    return call(redis -> redis.del(key)) > 0;
  }

  @Override
  public void putHash(String key, Map<String, String> fields, Duration ttl) {
    var args = new ArrayList<String>(1 + 2 * fields.size());
    args.add(Long.toString(Expiry.millis(ttl)));
    fields.forEach(
        (field, value) -> {
          args.add(field);
          args.add(value);
        });
    call(redis -> PUT_HASH.run(redis, ScriptOutputType.INTEGER, key, args.toArray(String[]::new)));
  }

  @Override
  public Map<String, String> getHash(String key) {
    return Map.copyOf(call(redis -> redis.hgetall(key)));
  }

  @Override
  public HashAndCounter getHashAndIncrement(String key, String field, KeyedCounter counter) {
    String millis = Long.toString(Expiry.millis(counter.window()));
    List<Object> result =
        call(
            redis ->
                GET_HASH_AND_INCREMENT.run(
                    redis,
                    ScriptOutputType.MULTI,
                    key,
                    field,
                    counter.prefix(),
                    counter.suffix(),
                    millis));
    @SuppressWarnings("unchecked")
    List<String> flat = (List<String>) result.get(0);
    var hash = new HashMap<String, String>(flat.size());
    for (int i = 0; i + 1 < flat.size(); i += 2) {
      hash.put(flat.get(i), flat.get(i + 1));
    }
    if (result.size() < 3) {
      return new HashAndCounter(Map.copyOf(hash), Optional.empty());
    }
    var counted = new Counter((Long) result.get(1), Duration.ofMillis((Long) result.get(2)));
    return new HashAndCounter(Map.copyOf(hash), Optional.of(counted));
  }

  @Override
  public Map<String, Counter> incrementAll(Map<String, Long> amounts, Duration window) {
    long windowMillis = Expiry.millis(window);
    if (amounts.isEmpty()) {
      return Map.of();
    }
    String[] keys = amounts.keySet().toArray(String[]::new);
    String[] args = new String[keys.length + 1];
    args[0] = Long.toString(windowMillis);
    for (int i = 0; i < keys.length; i++) {
      args[i + 1] = Long.toString(Cache.requirePositive(amounts.get(keys[i]), keys[i]));
    }
    List<Long> result = call(redis -> INCREMENT_ALL.run(redis, ScriptOutputType.MULTI, keys, args));
    var counters = new HashMap<String, Counter>(keys.length * 2);
    for (int i = 0; i < keys.length; i++) {
      counters.put(
          keys[i], new Counter(result.get(2 * i), Duration.ofMillis(result.get(2 * i + 1))));
    }
    return counters;
  }

  @Override
  public void addToSet(String key, String member, Duration ttl) {
    String millis = Long.toString(Expiry.millis(ttl));
    call(redis -> ADD_TO_SET.run(redis, ScriptOutputType.INTEGER, key, millis, member));
  }

  @Override
  public Set<String> members(String key) {
    return Set.copyOf(call(redis -> redis.smembers(key)));
  }

  @Override
  public void removeFromSet(String key, String member) {
    call(redis -> redis.srem(key, member));
  }

  @Override
  public Set<String> compareAndSet(List<Swap> swaps) {
    if (swaps.isEmpty()) {
      return Set.of();
    }
    String[] keys = new String[swaps.size()];
    String[] args = new String[swaps.size() * 4];
    for (int i = 0; i < keys.length; i++) {
      Swap swap = swaps.get(i);
      keys[i] = swap.key();
      args[4 * i] = swap.expected() == null ? "0" : "1";
      args[4 * i + 1] = swap.expected() == null ? "" : swap.expected();
      args[4 * i + 2] = swap.value();
      args[4 * i + 3] = swap.ttl() == null ? "0" : Long.toString(Expiry.millis(swap.ttl()));
    }
    List<Long> stored =
        call(redis -> COMPARE_AND_SET.run(redis, ScriptOutputType.MULTI, keys, args));
    var swapped = new HashSet<String>(stored.size() * 2);
    for (Long index : stored) {
      swapped.add(keys[index.intValue() - 1]);
    }
    return swapped;
  }

  @Override
  public Optional<Duration> timeToLive(String key) {
    long millis = call(redis -> redis.pttl(key));
    return millis < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(millis));
  }

  @Override
  public String description() {
    return target;
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

  private <T> T call(Function<RedisCommands<String, String>, T> command) {
    try {
      return command.apply(commands());
    } catch (RedisException e) {
      throw translate(e);
    }
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
