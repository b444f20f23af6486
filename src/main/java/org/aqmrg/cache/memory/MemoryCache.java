package org.aqmrg.cache.memory;

import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.Expiry;
import org.aqmrg.cache.memory.Entry.Hash;
import org.aqmrg.cache.memory.Entry.Members;

/**
 * The {@link Cache} in process memory, for a single instance of the platform: a Caffeine cache of
 * at most {@code maxEntries} keys, each with its own expiry.
 *
 * <p>Every write to a key is one atomic {@code compute} on Caffeine's map, so increments and swaps
 * are exact under any concurrency. Caffeine drops expired keys by itself, and beyond {@code
 * maxEntries} evicts the keys least likely to be used again (W-TinyLFU), so memory stays bounded
 * whatever the callers write: an evicted counter starts over, an evicted latest value is read from
 * the store again. An operation on a key that holds another type (a string read as a hash, a
 * counter that is not a number) throws {@link IllegalStateException}, as Redis answers {@code
 * WRONGTYPE}.
 */
public final class MemoryCache implements Cache {
  /** The most keys held when no other bound is given. */
  public static final int DEFAULT_MAX_ENTRIES = 100_000;

  private final com.github.benmanes.caffeine.cache.Cache<String, Entry> caffeine;
  private final ConcurrentMap<String, Entry> entries;
  private final LongSupplier clock;

  /** A cache of {@link #DEFAULT_MAX_ENTRIES} keys on a monotonic clock. */
  public MemoryCache() {
    this(DEFAULT_MAX_ENTRIES);
  }

  /** A cache of at most {@code maxEntries} keys, on a monotonic clock so TTLs never jump. */
  public MemoryCache(int maxEntries) {
    this(maxEntries, () -> System.nanoTime() / 1_000_000);
  }

  /**
   * A cache on the given time source, in milliseconds. Only differences between its readings
   * matter, so any monotonic scale will do (tests pass a clock they move by hand). Caffeine's
   * upkeep runs on the calling threads, so no thread of its own outlives the cache.
   */
  public MemoryCache(int maxEntries, LongSupplier clockMillis) {
    if (maxEntries < 1) {
      throw new IllegalArgumentException("the cache must hold at least 1 key, got " + maxEntries);
    }
    this.clock = clockMillis;
    this.caffeine =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfter(new Entry.Expiry())
            .ticker(() -> clockMillis.getAsLong() * 1_000_000)
            .executor(Runnable::run)
            .build();
    this.entries = caffeine.asMap();
  }

  @Override
  public void put(String key, String value, Duration ttl) {
    long ttlMillis = Expiry.millis(ttl);
    entries.put(key, new Entry(value, Entry.expiryAfter(now(), ttlMillis)));
  }

  @Override
  public Optional<String> get(String key) {
    return live(key, now()).map(entry -> Entry.as(String.class, key, entry));
  }

  @Override
  public Map<String, String> getAll(Collection<String> keys) {
    long now = now();
    var values = new HashMap<String, String>(keys.size() * 2);
    for (String key : keys) {
      // As Redis's MGET: a key of another type is absent, not an error.
      live(key, now)
          .filter(entry -> entry.value() instanceof String)
          .ifPresent(entry -> values.put(key, (String) entry.value()));
    }
    return values;
  }

  @Override
  public boolean delete(String key) {
    Entry removed = entries.remove(key);
    return removed != null && removed.liveAt(now());
  }

  @Override
  public Optional<Duration> timeToLive(String key) {
    long now = now();
    return live(key, now)
        .filter(entry -> entry.expiresAt() != Entry.NEVER)
        .map(entry -> Duration.ofMillis(entry.expiresAt() - now));
  }

  @Override
  public void putHash(String key, Map<String, String> fields, Duration ttl) {
    long ttlMillis = Expiry.millis(ttl);
    if (fields.isEmpty()) {
      entries.remove(key); // as in Redis, where a hash without fields does not exist
    } else {
      entries.put(
          key, new Entry(new Hash(Map.copyOf(fields)), Entry.expiryAfter(now(), ttlMillis)));
    }
  }

  @Override
  public Map<String, String> getHash(String key) {
    return live(key, now())
        .map(entry -> Entry.as(Hash.class, key, entry).fields())
        .orElse(Map.of());
  }

  @Override
  public void addToSet(String key, String member, Duration ttl) {
    long ttlMillis = Expiry.millis(ttl);
    long now = now();
    long expiresAt = Entry.expiryAfter(now, ttlMillis);
    entries.compute(
        key,
        (k, old) -> {
          var members = new HashSet<String>();
          if (old != null && old.liveAt(now)) {
            members.addAll(Entry.as(Members.class, k, old).members());
          }
          members.add(member);
          return new Entry(new Members(Set.copyOf(members)), expiresAt);
        });
  }

  @Override
  public Set<String> members(String key) {
    return live(key, now())
        .map(entry -> Entry.as(Members.class, key, entry).members())
        .orElse(Set.of());
  }

  @Override
  public void removeFromSet(String key, String member) {
    long now = now();
    entries.computeIfPresent(
        key,
        (k, old) -> {
          if (!old.liveAt(now)) {
            return null;
          }
          var members = new HashSet<>(Entry.as(Members.class, k, old).members());
          members.remove(member);
          return members.isEmpty()
              ? null
              : new Entry(new Members(Set.copyOf(members)), old.expiresAt());
        });
  }

  @Override
  public Map<String, Counter> incrementAll(Map<String, Long> amounts, Duration window) {
    long windowMillis = Expiry.millis(window);
    var counters = new HashMap<String, Counter>(amounts.size() * 2);
    amounts.forEach(
        (key, amount) ->
            counters.put(key, add(key, Cache.requirePositive(amount, key), windowMillis)));
    return counters;
  }

  /**
   * Not one atomic step here: the hash is read, then the counter incremented. Each step is atomic,
   * and in one process nothing can observe the hash between the two that matters: a session or
   * token deleted in between is counted once more, as it would be on Redis a moment earlier.
   */
  @Override
  public HashAndCounter getHashAndIncrement(String key, String field, KeyedCounter counter) {
    Map<String, String> hash = getHash(key);
    String value = hash.get(field);
    if (value == null) {
      return new HashAndCounter(hash, Optional.empty());
    }
    return new HashAndCounter(
        hash, Optional.of(increment(counter.keyFor(value), counter.window())));
  }

  @Override
  public Set<String> compareAndSet(List<Swap> swaps) {
    long now = now();
    var swapped = new HashSet<String>(swaps.size() * 2);
    for (Swap swap : swaps) {
      long expiresAt =
          swap.ttl() == null ? Entry.NEVER : Entry.expiryAfter(now, Expiry.millis(swap.ttl()));
      entries.compute(
          swap.key(),
          (key, current) -> {
            boolean live = current != null && current.liveAt(now);
            if (live && !(current.value() instanceof String)) {
              return current; // as in Redis, a hash or set is never swapped
            }
            String held = live ? (String) current.value() : null;
            if (!Objects.equals(held, swap.expected())) {
              return live ? current : null;
            }
            swapped.add(key);
            return new Entry(swap.value(), expiresAt);
          });
    }
    return swapped;
  }

  @Override
  public String description() {
    return "in-process memory";
  }

  @Override
  public void close() {
    caffeine.invalidateAll();
    caffeine.cleanUp();
  }

  /** Keys held after Caffeine's upkeep (expired ones dropped, the bound applied); for tests. */
  long heldKeys() {
    caffeine.cleanUp();
    return caffeine.estimatedSize();
  }

  /** Adds {@code amount} to a counter, starting its window when there is none running. */
  private Counter add(String key, long amount, long windowMillis) {
    long now = now();
    Entry counter =
        entries.compute(
            key,
            (k, old) -> {
              if (old == null || !old.liveAt(now)) {
                return new Entry(Long.toString(amount), Entry.expiryAfter(now, windowMillis));
              }
              long count = Entry.count(k, old) + amount;
              // A counter without expiry (written by compareAndSet) gets a window, as in Redis.
              long expiresAt =
                  old.expiresAt() == Entry.NEVER
                      ? Entry.expiryAfter(now, windowMillis)
                      : old.expiresAt();
              return new Entry(Long.toString(count), expiresAt);
            });
    return new Counter(Entry.count(key, counter), Duration.ofMillis(counter.expiresAt() - now));
  }

  private long now() {
    return clock.getAsLong();
  }

  private Optional<Entry> live(String key, long now) {
    Entry entry = entries.get(key);
    if (entry != null && !entry.liveAt(now)) {
      entries.remove(key, entry);
      return Optional.empty();
    }
    return Optional.ofNullable(entry);
  }
}
