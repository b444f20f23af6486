package org.aqmrg.cache.memory;

import java.util.Map;
import java.util.Set;

/**
 * A value of the {@link MemoryCache} (a string, a {@link Hash} or a {@link Members} set) and when
 * it expires, in milliseconds of the cache's clock ({@link #NEVER}: never); with Caffeine's view of
 * that expiry and the type checks that stand for Redis's {@code WRONGTYPE}.
 */
record Entry(Object value, long expiresAt) {
  static final long NEVER = Long.MAX_VALUE;

  boolean liveAt(long now) {
    return expiresAt > now;
  }

  /** {@code millis} after {@code now}; {@link #NEVER} when that overflows. */
  static long expiryAfter(long now, long millis) {
    long at = now + millis;
    return at < now ? NEVER : at; // an overflow means "later than anyone will wait"
  }

  /** The counter an entry holds. */
  static long count(String key, Entry entry) {
    String value = as(String.class, key, entry);
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalStateException("key '" + key + "' holds a string that is not an integer", e);
    }
  }

  /** The entry's value as {@code type}, else the refusal Redis words {@code WRONGTYPE}. */
  static <T> T as(Class<T> type, String key, Entry entry) {
    if (!type.isInstance(entry.value())) {
      throw new IllegalStateException(
          "key '%s' holds a %s, not a %s"
              .formatted(key, kind(entry.value().getClass()), kind(type)));
    }
    return type.cast(entry.value());
  }

  static String kind(Class<?> type) {
    return type == Hash.class ? "hash" : type == Members.class ? "set" : "string";
  }

  /** A hash's fields. */
  record Hash(Map<String, String> fields) {}

  /** A set's members. */
  record Members(Set<String> members) {}

  /** Tells Caffeine each entry's own expiry, in nanoseconds of the ticker (the clock × 10⁶). */
  static final class Expiry implements com.github.benmanes.caffeine.cache.Expiry<String, Entry> {
    @Override
    public long expireAfterCreate(String key, Entry entry, long currentTime) {
      return remaining(entry, currentTime);
    }

    @Override
    public long expireAfterUpdate(String key, Entry entry, long currentTime, long currentDuration) {
      return remaining(entry, currentTime);
    }

    @Override
    public long expireAfterRead(String key, Entry entry, long currentTime, long currentDuration) {
      return currentDuration;
    }

    static long remaining(Entry entry, long currentTime) {
      if (entry.expiresAt() == NEVER) {
        return Long.MAX_VALUE;
      }
      long millis = Math.max(0, entry.expiresAt() - currentTime / 1_000_000);
      return millis >= Long.MAX_VALUE / 1_000_000 ? Long.MAX_VALUE : millis * 1_000_000;
    }
  }
}
