package org.aqmrg.rollups;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.PartialStore;
import org.aqmrg.readings.Reading;

/**
 * A rollup store and raw store in memory for the rollups' unit tests: raw readings given to it,
 * aggregated with {@link HourlyStatistics#of}; hours and days kept by sensor and start.
 */
final class MemoryRollupStore implements RollupStore, PartialStore {
  private final List<Reading> raw = new CopyOnWriteArrayList<>();
  private final Map<String, SensorHour> hours = new TreeMap<>();
  private final Map<String, SensorDay> days = new TreeMap<>();

  void add(Reading... readings) {
    raw.addAll(List.of(readings));
  }

  synchronized SensorHour hour(String sensorId, Instant hour) {
    return hours.get(sensorId + "|" + hour);
  }

  synchronized SensorDay day(String sensorId, Instant start) {
    return days.get(sensorId + "|" + start);
  }

  synchronized int dayCount() {
    return days.size();
  }

  @Override
  public List<Reading> raw(String sensorId, Instant from, Instant to, int limit) {
    return raw.stream()
        .filter(r -> r.sensorId().equals(sensorId))
        .filter(r -> !r.time().isBefore(from) && r.time().isBefore(to))
        .sorted(Comparator.comparing(Reading::time))
        .limit(limit)
        .toList();
  }

  @Override
  public List<SensorHour> aggregateRaw(Collection<String> sensorIds, Instant from, Instant to) {
    var values = new TreeMap<String, Map<Field, List<Sample>>>();
    for (Reading r : raw) {
      if (sensorIds.contains(r.sensorId()) && !r.time().isBefore(from) && r.time().isBefore(to)) {
        for (Field field : Field.values()) {
          if (r.has(field)) {
            values
                .computeIfAbsent(r.sensorId(), s -> new EnumMap<>(Field.class))
                .computeIfAbsent(field, f -> new ArrayList<>())
                .add(new Sample(r.time(), r.value(field)));
          }
        }
      }
    }
    var result = new ArrayList<SensorHour>();
    values.forEach(
        (sensor, byField) -> {
          var byHour = new TreeMap<Instant, Map<Field, HourlyStatistics>>();
          byField.forEach(
              (field, samples) ->
                  HourlyStatistics.byHour(samples, null)
                      .forEach(
                          (hour, statistics) ->
                              byHour
                                  .computeIfAbsent(hour, h -> new EnumMap<>(Field.class))
                                  .put(field, statistics)));
          byHour.forEach((hour, fields) -> result.add(new SensorHour(sensor, hour, fields)));
        });
    return result;
  }

  @Override
  public synchronized void writeHours(Collection<SensorHour> written) {
    written.forEach(h -> hours.put(h.sensorId() + "|" + h.hour(), h));
  }

  @Override
  public synchronized List<SensorHour> hours(
      Collection<String> sensorIds, Instant from, Instant to, Collection<Field> fields) {
    return hours.values().stream()
        .filter(h -> sensorIds.contains(h.sensorId()))
        .filter(h -> !h.hour().isBefore(from) && h.hour().isBefore(to))
        .toList();
  }

  @Override
  public synchronized void writeDays(Collection<SensorDay> written) {
    written.forEach(d -> days.put(d.sensorId() + "|" + d.start(), d));
  }

  @Override
  public synchronized List<SensorDay> days(
      Collection<String> sensorIds, Instant from, Instant to, Collection<Field> fields) {
    throw new UnsupportedOperationException("days");
  }

  @Override
  public int enforceRetention(Instant now) {
    return 0;
  }

  @Override
  public String description() {
    return "rollups in memory";
  }
}
