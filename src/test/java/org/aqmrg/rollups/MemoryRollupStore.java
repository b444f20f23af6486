package org.aqmrg.rollups;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
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
 * A rollup store and raw store in memory for unit tests: raw readings given to it, aggregated with
 * {@link HourlyStatistics#of}; hours and days kept by sensor and start. For what reads rollups,
 * {@link #samples} and {@link #days(String, ZoneId)} roll samples up as the worker does.
 */
public final class MemoryRollupStore implements RollupStore, PartialStore {
  private final List<Reading> raw = new CopyOnWriteArrayList<>();
  private final Map<String, SensorHour> hours = new TreeMap<>();
  private final Map<String, SensorDay> days = new TreeMap<>();

  void add(Reading... readings) {
    raw.addAll(List.of(readings));
  }

  synchronized SensorHour hour(String sensorId, Instant hour) {
    return hours.get(key(sensorId, hour));
  }

  synchronized SensorDay day(String sensorId, Instant start) {
    return days.get(key(sensorId, start));
  }

  synchronized int dayCount() {
    return days.size();
  }

  /** Rolls up these samples of one sensor's field into hours, beside the hours' other fields. */
  public synchronized MemoryRollupStore samples(
      String sensorId, Field field, Duration interval, Collection<Sample> samples) {
    var rolled = new ArrayList<SensorHour>();
    HourlyStatistics.byHour(samples, interval)
        .forEach(
            (hour, statistics) -> {
              var fields = new EnumMap<Field, HourlyStatistics>(Field.class);
              SensorHour stored = hours.get(key(sensorId, hour));
              if (stored != null) {
                fields.putAll(stored.fields());
              }
              fields.put(field, statistics);
              rolled.add(new SensorHour(sensorId, hour, fields));
            });
    writeHours(rolled);
    return this;
  }

  /** Rolls the stored hours of this sensor up into the local days of {@code zone}. */
  public synchronized MemoryRollupStore days(String sensorId, ZoneId zone) {
    var byField = new EnumMap<Field, List<HourlyStatistics>>(Field.class);
    hours.values().stream()
        .filter(h -> h.sensorId().equals(sensorId))
        .forEach(
            h ->
                h.fields()
                    .forEach((f, s) -> byField.computeIfAbsent(f, x -> new ArrayList<>()).add(s)));
    var byDay = new TreeMap<LocalDate, Map<Field, DailyStatistics>>();
    byField.forEach(
        (field, list) ->
            DailyStatistics.byDay(list, zone)
                .forEach(
                    (day, s) ->
                        byDay.computeIfAbsent(day, d -> new EnumMap<>(Field.class)).put(field, s)));
    var rolled = new ArrayList<SensorDay>();
    byDay.forEach((day, fields) -> rolled.add(new SensorDay(sensorId, day, zone, fields)));
    writeDays(rolled);
    return this;
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
    written.forEach(h -> hours.put(key(h.sensorId(), h.hour()), h));
  }

  @Override
  public synchronized List<SensorHour> hours(
      Collection<String> sensorIds, Instant from, Instant to, Collection<Field> fields) {
    return hours.values().stream()
        .filter(h -> sensorIds.contains(h.sensorId()))
        .filter(h -> !h.hour().isBefore(from) && h.hour().isBefore(to))
        .map(h -> new SensorHour(h.sensorId(), h.hour(), only(h.fields(), fields)))
        .filter(h -> !h.fields().isEmpty())
        .sorted(Comparator.comparing(SensorHour::hour).thenComparing(SensorHour::sensorId))
        .toList();
  }

  @Override
  public synchronized void writeDays(Collection<SensorDay> written) {
    written.forEach(d -> days.put(key(d.sensorId(), d.start()), d));
  }

  @Override
  public synchronized List<SensorDay> days(
      Collection<String> sensorIds, Instant from, Instant to, Collection<Field> fields) {
    return days.values().stream()
        .filter(d -> sensorIds.contains(d.sensorId()))
        .filter(d -> !d.start().isBefore(from) && d.start().isBefore(to))
        .map(d -> new SensorDay(d.sensorId(), d.day(), d.zone(), only(d.fields(), fields)))
        .filter(d -> !d.fields().isEmpty())
        .sorted(Comparator.comparing(SensorDay::start).thenComparing(SensorDay::sensorId))
        .toList();
  }

  @Override
  public int enforceRetention(Instant now) {
    return 0;
  }

  @Override
  public String description() {
    return "rollups in memory";
  }

  private static <T> Map<Field, T> only(Map<Field, T> all, Collection<Field> fields) {
    var kept = new EnumMap<Field, T>(Field.class);
    all.forEach(
        (field, value) -> {
          if (fields.contains(field)) {
            kept.put(field, value);
          }
        });
    return kept;
  }

  private static String key(String sensorId, Instant time) {
    return sensorId + "|" + time;
  }
}
