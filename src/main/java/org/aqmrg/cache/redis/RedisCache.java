package org.aqmrg.cache.redis;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
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
import java.util.function.Function;
import java.util.stream.IntStream;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.Expiry;
import org.aqmrg.config.RedisSettings;
import org.aqmrg.error.StoreUnavailableException;

/**
 * The {@link Cache} in Redis, shared by every instance of the platform.
 *
 * <p>One thread-safe connection serves all callers, and every command waits at most 2 s. A write
 * that sets a value and its expiry is one command or one Lua script, so it is atomic and no key is
 * ever left without its TTL; {@link #incrementAll} is one round trip, so instances share one exact
 * count.
 *
 * <p>On a Redis Cluster ({@code REDIS_CLUSTER_NODES}) each command goes to the master of its key's
 * slot. The keys keep their documented names, so a script over many keys ({@link #incrementAll},
 * {@link #compareAndSet}) runs once per slot, the parts on their masters at the same time, each
 * atomic per key as on one server (see {@link SlotGroups}). {@link #getHashAndIncrement} is two
 * commands there, as its counter's key is only known once the hash is read.
 *
 * <p>The connection opens on first use: the platform starts while Redis is down and reports it in
 * its health. While Redis cannot be reached every call fails at once with {@link
 * StoreUnavailableException} (commands are rejected, never queued), and the connection comes back
 * by itself when Redis does. A command on a key of another type throws {@link
 * IllegalStateException}.
 */
public final class RedisCache implements Cache {
  private final RedisConnection connection;

  /** A cache on the given server; does not connect yet, so it never fails here. */
  public RedisCache(RedisSettings redis) {
    this.connection = new RedisConnection(redis);
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
    call(
        redis ->
            RedisScripts.PUT_HASH.run(
                redis, ScriptOutputType.INTEGER, key, args.toArray(String[]::new)));
  }

  @Override
  public Map<String, String> getHash(String key) {
    return Map.copyOf(call(redis -> redis.hgetall(key)));
  }

  @Override
  public HashAndCounter getHashAndIncrement(String key, String field, KeyedCounter counter) {
    if (connection.clustered()) {
      Map<String, String> hash = getHash(key);
      String value = hash.get(field);
      return new HashAndCounter(
          hash,
          Optional.ofNullable(value).map(v -> increment(counter.keyFor(v), counter.window())));
    }
    String millis = Long.toString(Expiry.millis(counter.window()));
    List<Object> result =
        call(
            redis ->
                RedisScripts.GET_HASH_AND_INCREMENT.run(
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

  /** As {@link #incrementAll} for one key, without its maps (the rate limiter's hot path). */
  @Override
  public Counter increment(String key, Duration window) {
    String[] args = {Long.toString(Expiry.millis(window)), "1"};
    String[] keys = {key};
    List<Long> result =
        call(redis -> RedisScripts.INCREMENT_ALL.run(redis, ScriptOutputType.MULTI, keys, args));
    return new Counter(result.get(0), Duration.ofMillis(result.get(1)));
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
    var counters = new HashMap<String, Counter>(keys.length * 2);
    for (var part : runPerSlot(RedisScripts.INCREMENT_ALL, keys, args, 1, 1)) {
      int[] positions = part.group().positions();
      for (int j = 0; j < positions.length; j++) {
        long count = part.result().get(2 * j);
        long ttl = part.result().get(2 * j + 1);
        counters.put(keys[positions[j]], new Counter(count, Duration.ofMillis(ttl)));
      }
    }
    return counters;
  }

  @Override
  public void addToSet(String key, String member, Duration ttl) {
    String millis = Long.toString(Expiry.millis(ttl));
    call(
        redis -> RedisScripts.ADD_TO_SET.run(redis, ScriptOutputType.INTEGER, key, millis, member));
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
    var swapped = new HashSet<String>(keys.length * 2);
    for (var part : runPerSlot(RedisScripts.COMPARE_AND_SET, keys, args, 0, 4)) {
      for (Long index : part.result()) {
        swapped.add(keys[part.group().positions()[index.intValue() - 1]]);
      }
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
    return connection.target();
  }

  @Override
  public void close() {
    connection.close();
  }

  private <T> T call(Function<RedisClusterCommands<String, String>, T> command) {
    return connection.call(command);
  }

  /** A part of a multi-key script call and what the script answered for it. */
  private record Part(SlotGroups group, List<Long> result) {}

  /**
   * Runs a script that returns a list of integers over {@code keys}: once on one server, once per
   * slot on a cluster ({@code shared} and {@code perKey} as in {@link SlotGroups#of}).
   */
  private List<Part> runPerSlot(
      LuaScript script, String[] keys, String[] args, int shared, int perKey) {
    var groups =
        connection.clustered()
            ? SlotGroups.of(keys, args, shared, perKey)
            : List.of(new SlotGroups(IntStream.range(0, keys.length).toArray(), keys, args));
    if (groups.size() == 1) {
      var group = groups.get(0);
      List<Long> result =
          call(redis -> script.run(redis, ScriptOutputType.MULTI, group.keys(), group.args()));
      return List.of(new Part(group, result));
    }
    List<List<Long>> results =
        connection.callAll(
            redis ->
                groups.stream()
                    .map(
                        group ->
                            script.<List<Long>>runAsync(
                                redis, ScriptOutputType.MULTI, group.keys(), group.args()))
                    .toList());
    var parts = new ArrayList<Part>(groups.size());
    for (int i = 0; i < groups.size(); i++) {
      parts.add(new Part(groups.get(i), results.get(i)));
    }
    return parts;
  }
}
