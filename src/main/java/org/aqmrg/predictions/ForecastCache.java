package org.aqmrg.predictions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.CacheMeter;

/**
 * The seed's {@code prediction:{location_id}:{timestamp}}: for one location and one UTC hour
 * ({@code timestamp} its start in RFC 3339, e.g. {@code 2026-12-04T07:00:00Z}), the latest issued
 * forecast of each pollutant, model and target time in that hour, as JSON {@code {"complete": true,
 * "forecasts": [...]}}. It expires an hour after the hour has ended; hours already that old are not
 * cached.
 *
 * <p>Entries only ever merge (per pollutant, model and target time the later issue stays), by
 * compare-and-set, so instances writing and reading at once lose nothing. A write merges its
 * forecasts into the entries of the hours it touched; an entry it had to create holds only those
 * and is marked incomplete. A read takes the complete entries, and reads the store for the hours
 * that are missing or incomplete, merging what it found into their entries (complete from then on,
 * empty ones included). A complete entry read is reused in process for {@link #REUSE} (this
 * instance's writes drop it at once), so a dashboard's repeated reads cost no round trip.
 */
public final class ForecastCache {
  static final Duration GRACE = Duration.ofHours(1);
  private static final int TRIES = 4;
  private static final String PREFIX = "prediction:";
  private static final int UUID_LENGTH = 36;

  /** How long a complete entry read from the cache is reused in process, as latest values are. */
  static final Duration REUSE = Duration.ofSeconds(1);

  private final Cache cache;
  private final ObjectMapper json;
  private final Clock clock;
  private final CacheMeter meter;
  private final com.github.benmanes.caffeine.cache.Cache<String, List<Cached>> recent =
      Caffeine.newBuilder().expireAfterWrite(REUSE).maximumSize(100_000).build();

  public ForecastCache(Cache cache, ObjectMapper json, Clock clock) {
    this(cache, json, clock, CacheMeter.NONE);
  }

  /**
   * Telling {@code meter} of each hour read: a hit when a complete entry was held (in process or in
   * the cache), a miss when the hour must be read from the store.
   */
  public ForecastCache(Cache cache, ObjectMapper json, Clock clock, CacheMeter meter) {
    this.cache = cache;
    this.json = json;
    this.clock = clock;
    this.meter = meter;
  }

  /** One cached forecast; the location and hour are in its key. */
  public record Cached(
      String pollutant,
      String modelName,
      String modelVersion,
      Instant targetTime,
      double value,
      Double lower,
      Double upper,
      Double intervalLevel,
      Instant issuedAt) {

    static Cached of(Forecast f) {
      return new Cached(
          f.pollutant(),
          f.modelName(),
          f.modelVersion(),
          f.targetTime(),
          f.value(),
          f.lower(),
          f.upper(),
          f.intervalLevel(),
          f.issuedAt());
    }

    Forecast at(UUID location) {
      return new Forecast(
          location,
          pollutant,
          targetTime,
          value,
          lower,
          upper,
          intervalLevel,
          modelName,
          modelVersion,
          issuedAt);
    }

    String slot() {
      return pollutant + '\n' + modelName + '\n' + targetTime;
    }
  }

  /** What one key holds. */
  public record Entry(boolean complete, List<Cached> forecasts) {}

  public static String key(UUID location, Instant hour) {
    return PREFIX + location + ":" + hour;
  }

  /** The hour start of each hour in {@code [from, to)} that is still cached at {@code now}. */
  List<Instant> cachedHours(Instant from, Instant to) {
    Instant oldest = clock.instant().minus(GRACE).truncatedTo(ChronoUnit.HOURS);
    var hours = new ArrayList<Instant>();
    for (Instant h = from.truncatedTo(ChronoUnit.HOURS); h.isBefore(to); h = h.plusSeconds(3600)) {
      if (!h.isBefore(oldest)) {
        hours.add(h);
      }
    }
    return hours;
  }

  /** Merges written forecasts into the entries of their hours (new entries incomplete). */
  public void wrote(Collection<Forecast> forecasts) {
    var byKey = new LinkedHashMap<String, List<Cached>>();
    Instant oldest = clock.instant().minus(GRACE).truncatedTo(ChronoUnit.HOURS);
    for (Forecast f : forecasts) {
      Instant hour = f.targetTime().truncatedTo(ChronoUnit.HOURS);
      if (!hour.isBefore(oldest)) {
        byKey.computeIfAbsent(key(f.locationId(), hour), k -> new ArrayList<>()).add(Cached.of(f));
      }
    }
    merge(byKey, false);
  }

  /**
   * The entries of {@code hours} at {@code location} that are complete, by hour; a missing or
   * incomplete one is absent.
   */
  Map<Instant, List<Cached>> complete(UUID location, List<Instant> hours) {
    var keys = new LinkedHashMap<String, Instant>();
    var found = new HashMap<Instant, List<Cached>>();
    for (Instant h : hours) {
      String key = key(location, h);
      List<Cached> reused = recent.getIfPresent(key);
      if (reused != null) {
        found.put(h, reused);
      } else {
        keys.put(key, h);
      }
    }
    cache
        .getAll(keys.keySet())
        .forEach(
            (key, text) -> {
              Entry entry = decode(text);
              if (entry.complete()) {
                found.put(keys.get(key), entry.forecasts());
                recent.put(key, entry.forecasts());
              }
            });
    meter.hits(found.size());
    meter.misses(hours.size() - found.size());
    return found;
  }

  /** Merges what the store holds for these hours of {@code location}, marking them complete. */
  void filled(UUID location, List<Instant> hours, List<Forecast> stored) {
    var byKey = new LinkedHashMap<String, List<Cached>>();
    hours.forEach(h -> byKey.put(key(location, h), new ArrayList<>()));
    for (Forecast f : stored) {
      var list = byKey.get(key(location, f.targetTime().truncatedTo(ChronoUnit.HOURS)));
      if (list != null) {
        list.add(Cached.of(f));
      }
    }
    merge(byKey, true);
  }

  /**
   * Merges each key's forecasts into what it holds, by compare-and-set, reading again the keys
   * whose swap lost to another instance. {@code complete}: the forecasts are all the store holds
   * for the hour (a fill); otherwise they are a write's, which wins over a cached forecast of the
   * same issue.
   */
  private void merge(Map<String, List<Cached>> byKey, boolean complete) {
    recent.invalidateAll(byKey.keySet());
    var pending = new LinkedHashMap<>(byKey);
    for (int attempt = 0; attempt < TRIES && !pending.isEmpty(); attempt++) {
      Map<String, String> current = cache.getAll(pending.keySet());
      var swaps = new ArrayList<Cache.Swap>();
      for (var e : pending.entrySet()) {
        String old = current.get(e.getKey());
        Entry before = old == null ? new Entry(false, List.of()) : decode(old);
        Entry after = merged(before, e.getValue(), complete);
        Duration ttl = ttl(e.getKey());
        if (ttl != null) {
          swaps.add(new Cache.Swap(e.getKey(), old, encode(after), ttl));
        }
      }
      var stored = cache.compareAndSet(swaps);
      pending.keySet().removeIf(k -> stored.contains(k) || ttl(k) == null);
    }
  }

  static Entry merged(Entry before, List<Cached> incoming, boolean fill) {
    var slots = new LinkedHashMap<String, Cached>();
    for (Cached c : before.forecasts()) {
      slots.put(c.slot(), c);
    }
    for (Cached c : incoming) {
      Cached had = slots.get(c.slot());
      boolean newer =
          had == null
              || c.issuedAt().isAfter(had.issuedAt())
              || (!fill && c.issuedAt().equals(had.issuedAt()));
      if (newer) {
        slots.put(c.slot(), c);
      }
    }
    var list = new ArrayList<>(slots.values());
    list.sort(
        java.util.Comparator.comparing(Cached::targetTime)
            .thenComparing(Cached::pollutant)
            .thenComparing(Cached::modelName));
    return new Entry(before.complete() || fill, list);
  }

  /** The time until the key's hour is an hour past its end; null when that has passed. */
  private Duration ttl(String key) {
    Instant hour = Instant.parse(key.substring(PREFIX.length() + UUID_LENGTH + 1));
    Duration left = Duration.between(clock.instant(), hour.plus(Duration.ofHours(1)).plus(GRACE));
    return left.compareTo(Duration.ofSeconds(1)) < 0 ? null : left;
  }

  private Entry decode(String text) {
    try {
      return json.readValue(text, Entry.class);
    } catch (JsonProcessingException e) {
      // A value this version cannot read is treated as absent and replaced.
      return new Entry(false, List.of());
    }
  }

  private String encode(Entry entry) {
    try {
      return json.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a cached forecast could not be written as JSON", e);
    }
  }
}
