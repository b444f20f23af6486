package org.aqmrg.ingest;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.aqmrg.registry.RegistryListener;
import org.aqmrg.registry.RegistryLookup;

/**
 * What ingest needs to know of each sensor: whether it is registered, its status, and the location
 * and manufacturer the registry gives it. Answers are kept for a few seconds, so a busy gateway
 * costs one query per few seconds, not one per batch. A change through this instance's registry API
 * is forgotten at once ({@link RegistryListener}); one through another instance or a command within
 * about a second ({@code registry.RegistryNotices}); one made otherwise (psql) within {@link
 * #FRESH_MILLIS}.
 */
public final class SensorRegistry implements RegistryListener {
  static final long FRESH_MILLIS = 10_000;

  private final RegistryLookup registry;
  private final LongSupplier clockMillis;
  private final Map<String, Known> known = new ConcurrentHashMap<>();
  private final AtomicLong forgotten = new AtomicLong();

  public SensorRegistry(RegistryLookup registry) {
    this(registry, () -> System.nanoTime() / 1_000_000);
  }

  SensorRegistry(RegistryLookup registry, LongSupplier clockMillis) {
    this.registry = registry;
    this.clockMillis = clockMillis;
  }

  /** A registered sensor; {@code location} is the name of its location, if it has one. */
  public record Sensor(String id, String status, String location, String manufacturer) {
    public boolean writable() {
      return "active".equals(status) || "pending".equals(status);
    }
  }

  private record Known(Optional<Sensor> sensor, long loadedAt) {}

  /** The time that {@link #cached} takes to decide what is still fresh. */
  public long now() {
    return clockMillis.getAsLong();
  }

  /**
   * The registry's answer for one id if it was read less than {@value #FRESH_MILLIS} ms before
   * {@code now} (empty when not registered), or null when it must be read with {@link #lookup}: one
   * map read, for the ingest path, which asks for every reading.
   */
  public Optional<Sensor> cached(String id, long now) {
    Known entry = known.get(id);
    return entry != null && now - entry.loadedAt() < FRESH_MILLIS ? entry.sensor() : null;
  }

  /** The registry's answer for each id; ids that are not registered map to empty. */
  public Map<String, Optional<Sensor>> lookup(Collection<String> ids) {
    long now = clockMillis.getAsLong();
    var answers = new HashMap<String, Optional<Sensor>>(ids.size() * 2);
    var missing = new java.util.ArrayList<String>();
    for (String id : ids) {
      Known entry = known.get(id);
      if (entry != null && now - entry.loadedAt() < FRESH_MILLIS) {
        answers.put(id, entry.sensor());
      } else {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      // A change forgotten while this load ran may not be in what it read: keep nothing then.
      long generation = forgotten.get();
      var loaded = load(missing);
      boolean keep = forgotten.get() == generation;
      for (String id : missing) {
        Optional<Sensor> sensor = Optional.ofNullable(loaded.get(id));
        if (keep) {
          known.put(id, new Known(sensor, now));
        }
        answers.put(id, sensor);
      }
    }
    return answers;
  }

  @Override
  public void sensorChanged(String sensorId) {
    forgotten.incrementAndGet();
    known.remove(sensorId);
  }

  /** Sensors are kept by id, not by location, so a change of a location forgets them all. */
  @Override
  public void locationChanged(UUID locationId) {
    forgotten.incrementAndGet();
    known.clear();
  }

  /**
   * Registers an unknown sensor as {@code pending}, for networks that let new sensors announce
   * themselves; an admin reviews and activates it. Returns the sensor as registered.
   */
  public Sensor registerPending(String id, String manufacturer) {
    registry.registerPending(id, manufacturer);
    known.remove(id);
    return lookup(java.util.List.of(id)).get(id).orElseThrow();
  }

  private Map<String, Sensor> load(java.util.List<String> ids) {
    var sensors = new HashMap<String, Sensor>();
    for (var found : registry.registered(ids)) {
      sensors.put(
          found.id(),
          new Sensor(found.id(), found.status(), found.location(), found.manufacturer()));
    }
    return sensors;
  }
}
