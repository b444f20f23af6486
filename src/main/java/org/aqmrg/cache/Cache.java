package org.aqmrg.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aqmrg.error.StoreUnavailableException;

/**
 * The fast, shared state of the platform: sessions, rate-limit counters, cached values. Key names
 * and value shapes are those of {@code databases/redis/schemas/README.md}.
 *
 * <p>Two adapters: {@code redis.RedisCache} (shared between instances) and {@code
 * memory.MemoryCache} (one process). Both pass the same contract test. A TTL is always given with
 * the write that creates a key, never afterwards, so no key outlives its purpose by accident. Every
 * method throws {@link StoreUnavailableException} when the store cannot be reached.
 */
public interface Cache extends AutoCloseable {

  /** Stores a string value that expires after {@code ttl} (at least one millisecond). */
  void put(String key, String value, Duration ttl);

  /** Stores a string value that never expires. */
  void putPermanent(String key, String value);

  /** The value, or empty when the key is missing or expired. */
  Optional<String> get(String key);

  /**
   * The string values of many keys in one round trip (Redis {@code MGET}). A key that is missing,
   * expired or holds a hash, set or counter of another type is absent from the answer, never an
   * error; an empty collection gives an empty map without a round trip.
   */
  Map<String, String> getAll(Collection<String> keys);

  /** Removes a key of any type; true when it existed. */
  boolean delete(String key);

  /** Replaces a hash with {@code fields}, expiring after {@code ttl}, in one atomic step. */
  void putHash(String key, Map<String, String> fields, Duration ttl);

  /** All fields of a hash; empty when the key is missing or expired. */
  Map<String, String> getHash(String key);

  /**
   * Adds one to a counter in one atomic round trip. The first increment creates the counter at 1
   * and starts its window of {@code window}; later increments in the window keep its expiry. Under
   * any concurrency each call sees a distinct count.
   */
  Counter increment(String key, Duration window);

  /**
   * Adds to several counters in one atomic round trip, each as {@link #increment} would one by one
   * ({@code amounts}: key to amount, each at least 1). Rate limiters that count in process between
   * syncs hand their counts over with it.
   *
   * @return each counter after its addition, by key
   */
  Map<String, Counter> incrementAll(Map<String, Long> amounts, Duration window);

  /**
   * Reads a hash and, when it holds {@code subjectField}, counts one request as {@link #increment}
   * does on the counter {@code counter.prefix() + hash[subjectField] + counter.suffix()}, in one
   * atomic round trip. The guard uses it so that finding a caller's session or token and counting
   * the request against the caller's rate limit cost one round trip, not two.
   *
   * <p>On Redis the counter's key is built inside the script, so it is not declared to Redis in
   * advance: fine on one server or a replicated pair, not on Redis Cluster (which the platform does
   * not support).
   *
   * @return the hash (empty when the key is missing or expired) and the counter after the increment
   *     (empty when nothing was counted: no hash, or no {@code subjectField} in it)
   */
  HashAndCounter getHashAndIncrement(String key, String subjectField, SubjectCounter counter);

  /**
   * A counter named after a subject that is only known from a hash: {@code prefix + subject +
   * suffix}, counting in windows of {@code window}.
   */
  record SubjectCounter(String prefix, String suffix, Duration window) {
    public String keyFor(String subject) {
      return prefix + subject + suffix;
    }
  }

  /** The answer of {@link #getHashAndIncrement}. */
  record HashAndCounter(Map<String, String> hash, Optional<Counter> counter) {}

  /** Adds a member to a set and sets the set's expiry to {@code ttl} from now. */
  void addToSet(String key, String member, Duration ttl);

  /** The members of a set; empty when the key is missing or expired. */
  Set<String> members(String key);

  /** Removes a member from a set; nothing happens when it is not there. */
  void removeFromSet(String key, String member);

  /**
   * For each entry, stores its value without expiry unless the key already holds a value whose time
   * is later, in one atomic round trip for all entries; when the stored value's time is the same,
   * stores the merge of the two ({@link StampedValues#merge}: the new value, keeping the members of
   * the stored {@code "fields"} object that the new one lacks), as the time-series store merges a
   * point sent again. Values are compact JSON objects whose {@code "time"} field is the entry's
   * {@code time}, written in a fixed-width ISO-8601 UTC form (e.g. {@code
   * 2026-11-25T14:05:00.000000000Z}) so that times compare as strings, and whose {@code "fields"}
   * member, if any, is a flat object of numbers. A stored value's time is the text of the first
   * {@code "time":"…"} in it (no JSON is decoded); a value without one is replaced. Used for {@code
   * sensor:{id}:latest}, so late data never hides a newer reading and a reading sent again in parts
   * shows all of them.
   *
   * @return how many entries were stored, merged ones included
   */
  int putIfNewer(List<Stamped> entries);

  /** A value and the time that orders it, for {@link #putIfNewer}. */
  record Stamped(String key, String value, String time) {}

  /** The time until a key expires; empty when it is missing or never expires. */
  Optional<Duration> timeToLive(String key);

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
