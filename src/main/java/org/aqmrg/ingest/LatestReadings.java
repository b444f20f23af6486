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
import org.aqmrg.cache.Cache;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;

/**
 * The newest reading of each sensor under the seed's {@code sensor:{sensor_id}:latest}: written
 * after each accepted batch only where it is newer than what the cache holds, so late data never
 * hides a newer reading; read from the time-series store when the cache is cold.
 */
public final class LatestReadings {
  /** Nine fractional digits always, so that the times compare as strings. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final Cache cache;
  private final ReadingStore store;
  private final ObjectMapper json;

  public LatestReadings(Cache cache, ReadingStore store, ObjectMapper json) {
    this.cache = cache;
    this.store = store;
    this.json = json;
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
    return cache.putIfNewer(entries);
  }

  /** The newest reading of a sensor: from the cache, or from the store when the cache is cold. */
  public Optional<Latest> get(String sensorId) {
    return getAll(List.of(sensorId)).stream().findFirst();
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
