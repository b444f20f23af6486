package org.aqmrg.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.aqmrg.error.StoreUnavailableException;

/**
 * The fast, shared state of the platform: sessions, rate-limit counters, cached values. Key names
 * and value shapes are those of {@code databases/redis/schemas/README.md}.
 *
 * <p>The port holds what a key-value store with expiry naturally offers, strings, hashes, sets and
 * counters, and two atomic primitives that features build on: a batch {@link #compareAndSet} (the
 * latest values) and {@link #getHashAndIncrement} (finding a credential and counting the request in
 * one round trip). What a feature makes of the values, such as which reading is newer, stays in the
 * feature.
 *
 * <p>Two adapters: {@code redis.RedisCache} (shared between instances) and {@code
 * memory.MemoryCache} (one process, bounded). Both pass the same contract test. A TTL is given with
 * the write that creates a key, never afterwards, so no key outlives its purpose by accident. Every
 * method throws {@link StoreUnavailableException} when the store cannot be reached, and {@link
 * IllegalStateException} for an operation on a key that holds another type.
 */
public interface Cache extends AutoCloseable {

  /** Stores a string value that expires after {@code ttl} (at least one millisecond). */
  void put(String key, String value, Duration ttl);

  /** The value, or empty when the key is missing or expired. */
  Optional<String> get(String key);

  /**
   * The string values of many keys in one round trip (Redis {@code MGET}). A key that is missing,
   * expired or holds a hash or set is absent from the answer, never an error; an empty collection
   * gives an empty map without a round trip.
   */
  Map<String, String> getAll(Collection<String> keys);

  /** Removes a key of any type; true when it existed. */
  boolean delete(String key);

  /** The time until a key expires; empty when it is missing or never expires. */
  Optional<Duration> timeToLive(String key);

  /** Replaces a hash with {@code fields}, expiring after {@code ttl}, in one atomic step. */
  void putHash(String key, Map<String, String> fields, Duration ttl);

  /** All fields of a hash; empty when the key is missing or expired. */
  Map<String, String> getHash(String key);

  /** Adds a member to a set and sets the set's expiry to {@code ttl} from now. */
  void addToSet(String key, String member, Duration ttl);

  /** The members of a set; empty when the key is missing or expired. */
  Set<String> members(String key);

  /** Removes a member from a set; nothing happens when it is not there. */
  void removeFromSet(String key, String member);

  /**
   * Adds to several counters, each atomically, in one round trip ({@code amounts}: key to amount,
   * each at least 1; on a Redis Cluster one per slot, sent at once). A counter that does not exist
   * starts at its amount and its window of {@code window}; later additions in the window keep its
   * expiry, and a counter without expiry gets the window. Under any concurrency each addition sees
   * a distinct count.
   *
   * @return each counter after its addition, by key
   */
  Map<String, Counter> incrementAll(Map<String, Long> amounts, Duration window);

  /** Adds one to a counter, as {@link #incrementAll} does. */
  default Counter increment(String key, Duration window) {
    return incrementAll(Map.of(key, 1L), window).get(key);
  }

  /**
   * Reads a hash and, when it holds {@code field}, adds one as {@link #increment} does to the
   * counter {@code counter.keyFor(hash[field])}, in one atomic round trip: a read whose key is
   * known and a count whose key is only known from what was read. The guard uses it so that finding
   * a caller's session or token and counting the request against the caller's rate limit cost one
   * round trip, not two.
   *
   * <p>On one Redis server this is one Lua script; on a Redis Cluster, whose scripts may only touch
   * keys declared in advance and in one slot, it is a read and then a count (two round trips, the
   * count still exact).
   *
   * @return the hash (empty when the key is missing or expired) and the counter after the addition
   *     (empty when nothing was counted: no hash, or no {@code field} in it)
   */
  HashAndCounter getHashAndIncrement(String key, String field, KeyedCounter counter);

  /**
   * A counter whose key is made from a value the cache holds: {@code prefix + value + suffix},
   * counting in windows of {@code window}.
   */
  record KeyedCounter(String prefix, String suffix, Duration window) {
    public String keyFor(String value) {
      return prefix + value + suffix;
    }
  }

  /** The answer of {@link #getHashAndIncrement}. */
  record HashAndCounter(Map<String, String> hash, Optional<Counter> counter) {}

  /**
   * For each swap, stores its value only if the key holds exactly its {@code expected} string (or,
   * for an {@code expected} of null, the key is missing or expired), all in one atomic round trip.
   * A key holding a hash or set is never swapped. Callers read with {@link #getAll}, decide, and
   * retry the keys whose swap failed after reading them again.
   *
   * @return the keys whose value was stored
   */
  Set<String> compareAndSet(List<Swap> swaps);

  /**
   * Replaces {@code expected} (null: nothing) under {@code key} with {@code value}, expiring after
   * {@code ttl} or, when {@code ttl} is null, never.
   */
  record Swap(String key, String expected, String value, Duration ttl) {
    public Swap {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value");
      if (ttl != null) {
        Expiry.millis(ttl);
      }
    }
  }

  /** What the cache is, for logs: {@code Redis at host:port} or {@code in-process memory}. */
  String description();

  @Override
  void close();

  /** {@code amount} when it is at least 1, for {@link #incrementAll}; else a clear refusal. */
  static long requirePositive(Long amount, String key) {
    if (amount == null || amount < 1) {
      throw new IllegalArgumentException(
          "the amount added to counter " + key + " must be at least 1, got " + amount);
    }
    return amount;
  }

  /**
   * A counter after an increment.
   *
   * @param count the value including this increment, 1 for the first in a window
   * @param resetsIn time until the window ends and the counter starts over
   */
  record Counter(long count, Duration resetsIn) {}
}
