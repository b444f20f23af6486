package org.aqmrg.spool;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreRefusedException;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.readings.PartialStore;
import org.aqmrg.readings.Reading;

/**
 * A fake time-series store for the spool's unit tests: keeps the last reading per sensor and time,
 * as a real store does, can be down (every write fails as unavailable) and can refuse readings for
 * their content, as InfluxDB refuses a field of another type.
 */
final class FlakyStore implements PartialStore {
  final Map<String, Reading> stored = new ConcurrentHashMap<>();
  final AtomicInteger writes = new AtomicInteger();
  final AtomicInteger failed = new AtomicInteger();
  final List<Integer> sizes = java.util.Collections.synchronizedList(new ArrayList<>());
  volatile boolean down;
  volatile Predicate<Reading> refused = reading -> false;
  volatile long delayMillis;

  static String key(Reading reading) {
    return reading.sensorId() + "@" + reading.timeNanos();
  }

  @Override
  public void write(List<Reading> readings) {
    writes.incrementAndGet();
    if (delayMillis > 0) {
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (down) {
      failed.incrementAndGet();
      throw new StoreUnavailableException(Store.TIMESERIES, "the fake store is down", null);
    }
    if (readings.stream().anyMatch(refused)) {
      failed.incrementAndGet();
      throw new StoreRefusedException(
          Store.TIMESERIES, "field type conflict in the fake store", null, true);
    }
    sizes.add(readings.size());
    for (Reading reading : readings) {
      stored.put(key(reading), reading.withoutFieldText());
    }
  }

  @Override
  public List<Reading> raw(
      String sensorId, java.time.Instant from, java.time.Instant to, int limit) {
    return stored.values().stream()
        .filter(r -> r.sensorId().equals(sensorId))
        .filter(r -> !r.time().isBefore(from) && r.time().isBefore(to))
        .sorted(java.util.Comparator.comparingLong(Reading::timeNanos))
        .limit(limit)
        .toList();
  }

  @Override
  public String description() {
    return "a flaky store";
  }
}
