package org.aqmrg.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.aqmrg.cache.Cache;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;

/**
 * The newest reading of each sensor under the seed's {@code sensor:{sensor_id}:latest}: written
 * after each accepted batch only where it is newer than what the cache holds, so late data never
 * hides a newer reading; read from the time-series store when the cache is cold.
 *
 * <p>{@link #get} keeps what it read for {@link #MEMO_MILLIS} in this process, so a sensor that a
 * dashboard polls costs one cache round trip a second, not one per request (the latest-value load
 * benchmark in bench/RESULTS.md: the second Redis round trip of each request was the tail). A
 * reading accepted by this instance shows at once; one accepted by another instance within {@link
 * #MEMO_MILLIS}.
 */
public final class LatestReadings {
  /** Nine fractional digits always, so that the times compare as strings. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** How long {@link #get} reuses what it read, in milliseconds. */
  public static final long MEMO_MILLIS = 1_000;

  /** More remembered sensors than this and the memo starts over (unknown ids are never kept). */
  private static final int MEMO_LIMIT = 100_000;

  private final Cache cache;
  private final ReadingStore store;
  private final ObjectMapper json;
  private final LongSupplier clockMillis;
  private final Map<String, Memo> memo = new ConcurrentHashMap<>();

  private record Memo(Latest latest, long readAt) {}

  public LatestReadings(Cache cache, ReadingStore store, ObjectMapper json) {
    this(cache, store, json, () -> System.nanoTime() / 1_000_000);
  }

  /** With the clock (in milliseconds) of the memo, for tests. */
  LatestReadings(Cache cache, ReadingStore store, ObjectMapper json, LongSupplier clockMillis) {
    this.cache = cache;
    this.store = store;
    this.json = json;
    this.clockMillis = clockMillis;
  }

  /** The value kept per sensor, as the Redis schema documents it. */
  public record Latest(String sensorId, String time, String location, Map<String, Double> fields) {}

  static String key(String sensorId) {
    return "sensor:" + sensorId + ":latest";
  }

  /** Offers the newest reading of each sensor in {@code readings}; returns how many were newer. */
  public int offer(List<Reading> readings) {
    var newest = new HashMap<String, Reading>();
    for (Reading reading : readings) {
      newest.merge(reading.sensorId(), reading, (a, b) -> b.timeNanos() >= a.timeNanos() ? b : a);
    }
    var entries = new ArrayList<Cache.Stamped>(newest.size());
    for (Reading reading : newest.values()) {
      Latest latest = of(reading);
      entries.add(new Cache.Stamped(key(reading.sensorId()), write(latest), latest.time()));
    }
    int stored = cache.putIfNewer(entries);
    newest.keySet().forEach(memo::remove);
    return stored;
  }

  /** The newest reading of a sensor: from the cache, or from the store when the cache is cold. */
  public Optional<Latest> get(String sensorId) {
    long now = clockMillis.getAsLong();
    Memo known = memo.get(sensorId);
    if (known != null && now - known.readAt() < MEMO_MILLIS) {
      return Optional.of(known.latest());
    }
    Optional<Latest> found = getAll(List.of(sensorId)).stream().findFirst();
    if (found.isPresent()) {
      if (memo.size() >= MEMO_LIMIT) {
        memo.clear();
      }
      memo.put(sensorId, new Memo(found.get(), now));
    } else {
      memo.remove(sensorId);
    }
    return found;
  }

  /**
   * The newest reading of each sensor, in the order of {@code sensorIds}, in one cache round trip;
   * a sensor the cache does not hold is read from the store (and written back to the cache), and a
   * sensor without a reading within the raw retention is left out.
   */
  public List<Latest> getAll(List<String> sensorIds) {
    var keys = new ArrayList<String>(sensorIds.size());
    for (String id : sensorIds) {
      keys.add(key(id));
    }
    Map<String, String> cached = cache.getAll(keys);
    var found = new ArrayList<Latest>(sensorIds.size());
    var cold = new ArrayList<Reading>();
    for (String id : sensorIds) {
      Optional<Latest> latest = parse(cached.get(key(id)));
      if (latest.isEmpty()) {
        Optional<Reading> stored = store.latest(id);
        stored.ifPresent(cold::add);
        latest = stored.map(LatestReadings::of);
      }
      latest.ifPresent(found::add);
    }
    if (!cold.isEmpty()) {
      offer(cold);
    }
    return found;
  }

  private Optional<Latest> parse(String cached) {
    if (cached == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(cached, Latest.class));
    } catch (JsonProcessingException e) {
      // Not ours or from an older version: the caller reads the store, which rewrites it.
      return Optional.empty();
    }
  }

  static Latest of(Reading reading) {
    Instant time = reading.time();
    return new Latest(
        reading.sensorId(),
        TIME.format(time),
        reading.location(),
        new LinkedHashMap<>(reading.fields()));
  }

  private String write(Latest latest) {
    try {
      return json.writeValueAsString(latest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a latest reading did not serialise", e);
    }
  }

  /** The units of each field, for clients showing the values. */
  public static Map<String, String> units() {
    var units = new LinkedHashMap<String, String>();
    for (Field field : Field.values()) {
      units.put(field.key(), field.unit());
    }
    return units;
  }
}
