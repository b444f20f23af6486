package org.aqmrg.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.aqmrg.cache.Cache;
import org.aqmrg.ingest.LatestReadings.Latest;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;

/**
 * The latest values as the cache keeps them under {@code sensor:{sensor_id}:latest}: the JSON of
 * {@link Latest} (written and read by the API's Jackson mapper), stored without expiry.
 *
 * <p>A value is stored only where it is newer than the one held, so late data never hides a newer
 * reading; a value of the same time is merged into the one held (its fields win, the held value's
 * other fields stay), as the time-series store merges a point sent again. The decision is made
 * here, on the values read with {@link Cache#getAll}, and stored with {@link Cache#compareAndSet}:
 * a key that another writer changed in between is read again and decided again. Times compare as
 * text: UTC, always nine fractional digits ({@code 2026-11-25T14:05:00.000000000Z}). A held value
 * that is not such JSON (another version's, or not ours) is replaced.
 */
final class LatestCache {
  /** Nine fractional digits always, so that the times compare as strings. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  /** Rounds of read, decide and swap before giving up; each lost round means a newer write. */
  private static final int MAX_ROUNDS = 50;

  private static final Field[] FIELDS = Field.values();

  private final Cache cache;
  private final ObjectMapper json;

  LatestCache(Cache cache, ObjectMapper json) {
    this.cache = cache;
    this.json = json;
  }

  static String key(String sensorId) {
    return "sensor:" + sensorId + ":latest";
  }

  /** A reading's time as the cache keeps it: UTC, always nine fractional digits. */
  static String time(Reading reading) {
    return TIME.format(Reading.instant(reading.timeNanos()));
  }

  /**
   * Stores each of {@code newest} (at most one per sensor) where it is newer than what the cache
   * holds, two round trips when no other writer interferes.
   *
   * @return how many were stored, merged ones included
   */
  int offer(Collection<Latest> newest) {
    var pending = new HashMap<String, Latest>(newest.size() * 2);
    newest.forEach(latest -> pending.put(key(latest.sensorId()), latest));
    int stored = 0;
    for (int round = 0; round < MAX_ROUNDS && !pending.isEmpty(); round++) {
      Map<String, String> held = cache.getAll(pending.keySet());
      var swaps = new ArrayList<Cache.Swap>(pending.size());
      for (var entry : pending.entrySet()) {
        String current = held.get(entry.getKey());
        newer(parse(current), entry.getValue())
            .ifPresent(
                value -> swaps.add(new Cache.Swap(entry.getKey(), current, text(value), null)));
      }
      Set<String> swapped = cache.compareAndSet(swaps);
      stored += swapped.size();
      pending.keySet().retainAll(swaps.stream().map(Cache.Swap::key).toList());
      pending.keySet().removeAll(swapped);
    }
    if (!pending.isEmpty()) {
      throw new IllegalStateException(
          "the latest values of " + pending.size() + " sensors kept changing while being written");
    }
    return stored;
  }

  /** What to store over {@code held}: {@code incoming}, merged into it or not at all. */
  private static Optional<Latest> newer(Optional<Latest> held, Latest incoming) {
    if (held.isEmpty() || held.get().time() == null) {
      return Optional.of(incoming);
    }
    int order = held.get().time().compareTo(incoming.time());
    if (order > 0) {
      return Optional.empty();
    }
    if (order < 0 || held.get().fields() == null) {
      return Optional.of(incoming);
    }
    var fields = new LinkedHashMap<>(incoming.fields());
    held.get().fields().forEach(fields::putIfAbsent);
    return Optional.of(
        new Latest(incoming.sensorId(), incoming.time(), incoming.location(), fields));
  }

  private String text(Latest latest) {
    try {
      return json.writeValueAsString(latest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a latest value could not be written as JSON", e);
    }
  }

  /**
   * A cached value, its fields in the order of {@link Field}; empty when there is none or it is not
   * the JSON of a latest value.
   */
  Optional<Latest> parse(String cached) {
    if (cached == null) {
      return Optional.empty();
    }
    try {
      Latest latest = json.readValue(cached, Latest.class);
      if (latest == null || latest.fields() == null) {
        return Optional.ofNullable(latest);
      }
      var fields = new LinkedHashMap<String, Double>();
      for (Field field : FIELDS) {
        Double value = latest.fields().get(field.key());
        if (value != null) {
          fields.put(field.key(), value);
        }
      }
      return Optional.of(new Latest(latest.sensorId(), latest.time(), latest.location(), fields));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
