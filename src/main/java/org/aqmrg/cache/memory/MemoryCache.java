package org.aqmrg.cache.memory;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.Expiry;
import org.aqmrg.cache.StampedValues;

/**
 * The {@link Cache} in process memory, for a single instance of the platform.
 *
 * <p>Every write to a key is one atomic {@link ConcurrentHashMap#compute} step, so increments are
 * exact under any concurrency. Expiry is checked when a key is read; besides, every call checks the
 * clock and purges all expired keys at most once every {@value #PURGE_INTERVAL_MS} ms, so keys that
 * are never read again do not pile up. An operation on a key that holds another type (a string read
 * as a hash, a counter that is not a number) throws {@link IllegalStateException}, as Redis answers
 * {@code WRONGTYPE}.
 */
public final class MemoryCache implements Cache {
  static final long PURGE_INTERVAL_MS = 10_000;
  private static final long NEVER = Long.MAX_VALUE;

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
  private final LongSupplier clock;
  private final AtomicLong nextPurge;

  /** A cache on a monotonic clock, so TTLs do not jump when the wall clock is set. */
  public MemoryCache() {
    this(() -> System.nanoTime() / 1_000_000);
  }

  /**
   * A cache on the given time source, in milliseconds. Only differences between its readings
   * matter, so any monotonic scale will do (tests pass a clock they move by hand).
   */
  public MemoryCache(LongSupplier clockMillis) {
    this.clock = clockMillis;
    this.nextPurge = new AtomicLong(clockMillis.getAsLong() + PURGE_INTERVAL_MS);
  }

  private record Entry(Object value, long expiresAt) {
    boolean liveAt(long now) {
      return expiresAt > now;
    }
  }

  private record Hash(Map<String, String> fields) {}

  private record Members(Set<String> members) {}

  @Override
  public void put(String key, String value, Duration ttl) {
    long ttlMillis = Expiry.millis(ttl);
    long now = now();
    entries.put(key, new Entry(value, expiryAfter(now, ttlMillis)));
  }

  @Override
  public void putPermanent(String key, String value) {
    now(); // for the purge only: a permanent value needs no time
    entries.put(key, new Entry(value, NEVER));
  }

  @Override
  public Optional<String> get(String key) {
    return live(key, now()).map(entry -> as(String.class, key, entry));
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
  public void putHash(String key, Map<String, String> fields, Duration ttl) {
    long ttlMillis = Expiry.millis(ttl);
    long now = now();
    if (fields.isEmpty()) {
      entries.remove(key); // as in Redis, where a hash without fields does not exist
    } else {
      entries.put(key, new Entry(new Hash(Map.copyOf(fields)), expiryAfter(now, ttlMillis)));
    }
  }

  @Override
  public int putIfNewer(List<Stamped> stamped) {
    long now = now();
    int stored = 0;
    for (Stamped entry : stamped) {
      boolean[] newer = {false};
      entries.compute(
          entry.key(),
          (key, current) -> {
            String value = entry.value();
            if (current != null && current.liveAt(now) && current.value() instanceof String held) {
              int order = timeOf(held).compareTo(entry.time());
              if (order > 0) {
                return current;
              }
              if (order == 0) {
                value = StampedValues.merge(held, value);
              }
            }
            newer[0] = true;
            return new Entry(value, NEVER);
          });
      stored += newer[0] ? 1 : 0;
    }
    return stored;
  }

  /**
   * The time of a stamped value, as {@link Cache#putIfNewer} finds it: the text of the first {@code
   * "time":"…"} in it, or "" when there is none (so anything is newer). In valid JSON that is a
   * {@code "time"} member (a quote inside a string is escaped, so it cannot start one).
   */
  private static String timeOf(String json) {
    int start = json.indexOf(TIME_MEMBER);
    if (start < 0) {
      return "";
    }
    start += TIME_MEMBER.length();
    int end = json.indexOf('"', start);
    return end < 0 ? "" : json.substring(start, end);
  }

  private static final String TIME_MEMBER = "\"time\":\"";

  @Override
  public Map<String, String> getHash(String key) {
    return live(key, now()).map(entry -> as(Hash.class, key, entry).fields()).orElse(Map.of());
  }

  /**
   * Not one atomic step here: the hash is read, then the counter incremented. Each step is atomic,
   * and in one process nothing can observe the hash between the two that matters: a session or
   * token deleted in between is counted once more, as it would be on Redis a moment earlier.
   */
  @Override
  public HashAndCounter getHashAndIncrement(
      String key, String subjectField, SubjectCounter counter) {
    Map<String, String> hash = getHash(key);
    String subject = hash.get(subjectField);
    if (subject == null) {
      return new HashAndCounter(hash, Optional.empty());
    }
    return new HashAndCounter(
        hash, Optional.of(increment(counter.keyFor(subject), counter.window())));
  }

  @Override
  public Counter increment(String key, Duration window) {
    return add(key, 1, Expiry.millis(window));
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

  /** Adds {@code amount} to a counter, starting its window when there is none running. */
  private Counter add(String key, long amount, long windowMillis) {
    long now = now();
    Entry counter =
        entries.compute(
            key,
            (k, old) -> {
              if (old == null || !old.liveAt(now)) {
                return new Entry(Long.toString(amount), expiryAfter(now, windowMillis));
              }
              long count = count(k, old) + amount;
              // A counter without expiry (written by putPermanent) gets a window, as in Redis.
              long expiresAt =
                  old.expiresAt() == NEVER ? expiryAfter(now, windowMillis) : old.expiresAt();
              return new Entry(Long.toString(count), expiresAt);
            });
    return new Counter(count(key, counter), Duration.ofMillis(counter.expiresAt() - now));
  }

  @Override
  public void addToSet(String key, String member, Duration ttl) {
    long ttlMillis = Expiry.millis(ttl);
    long now = now();
    entries.compute(
        key,
        (k, old) -> {
          var members = new HashSet<String>();
          if (old != null && old.liveAt(now)) {
            members.addAll(as(Members.class, k, old).members());
          }
          members.add(member);
          return new Entry(new Members(Set.copyOf(members)), expiryAfter(now, ttlMillis));
        });
  }

  @Override
  public Set<String> members(String key) {
    return live(key, now()).map(entry -> as(Members.class, key, entry).members()).orElse(Set.of());
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
          var members = new HashSet<>(as(Members.class, k, old).members());
          members.remove(member);
          return members.isEmpty()
              ? null
              : new Entry(new Members(Set.copyOf(members)), old.expiresAt());
        });
  }

  @Override
  public Optional<Duration> timeToLive(String key) {
    long now = now();
    return live(key, now)
        .filter(entry -> entry.expiresAt() != NEVER)
        .map(entry -> Duration.ofMillis(entry.expiresAt() - now));
  }

  @Override
  public String description() {
    return "in-process memory";
  }

  @Override
  public void close() {
    entries.clear();
  }

  /** Keys held, expired ones that are not purged yet included; for tests of the purge. */
  int heldKeys() {
    return entries.size();
  }

  /** The current time; purges expired keys first when the last purge is long enough ago. */
  private long now() {
    long now = clock.getAsLong();
    long due = nextPurge.get();
    if (now >= due && nextPurge.compareAndSet(due, now + PURGE_INTERVAL_MS)) {
      // Removes an entry only if it is still the expired one seen, never a fresh replacement.
      entries.entrySet().removeIf(entry -> !entry.getValue().liveAt(now));
    }
    return now;
  }

  private Optional<Entry> live(String key, long now) {
    Entry entry = entries.get(key);
    if (entry != null && !entry.liveAt(now)) {
      entries.remove(key, entry);
      return Optional.empty();
    }
    return Optional.ofNullable(entry);
  }

  private static long expiryAfter(long now, long millis) {
    long at = now + millis;
    return at < now ? NEVER : at; // an overflow means "later than anyone will wait"
  }

  private static long count(String key, Entry entry) {
    String value = as(String.class, key, entry);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("key '" + key + "' holds a string that is not an integer", e);
    }
  }

  private static <T> T as(Class<T> type, String key, Entry entry) {
    if (!type.isInstance(entry.value())) {
      throw new IllegalStateException(
          "key '%s' holds a %s, not a %s"
              .formatted(key, kind(entry.value().getClass()), kind(type)));
    }
    return type.cast(entry.value());
  }

  private static String kind(Class<?> type) {
    return type == Hash.class ? "hash" : type == Members.class ? "set" : "string";
  }
}
