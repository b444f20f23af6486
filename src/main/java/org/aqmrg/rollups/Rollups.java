package org.aqmrg.rollups;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.registry.RegistryLookup;
import org.aqmrg.registry.RegistryLookup.SensorFacts;

/**
 * Recomputes hourly rollups from the raw readings and then the daily rollups of the local days that
 * hold them. An hour's statistics come from the store ({@link RollupStore#aggregateRaw}); its
 * coverage from the sensor's reporting interval, set in its metadata ({@code reporting_interval_s})
 * or else estimated from its raw reading times of the 24 hours before the hour's end (at most
 * {@value #ESTIMATE_READINGS} of them, cached per sensor and UTC day). A day is computed from its
 * hours as stored after the write, in the zone of the sensor's location (UTC without one).
 *
 * <p>An hour without raw readings (past the raw retention) is left as stored: only hours with raw
 * readings are written. Safe to call from several threads.
 */
public final class Rollups {
  /** The most raw readings an interval is estimated from. */
  static final int ESTIMATE_READINGS = 10_000;

  private static final Duration HOUR = Duration.ofHours(1);
  private static final List<Field> FIELDS = List.of(Field.values());

  /** Told of a rebuild's progress, in sensor-hours. */
  @FunctionalInterface
  public interface Progress {
    Progress NONE = (done, total) -> {};

    void hours(long done, long total);
  }

  /** What the rollups read of the registry (the {@link RegistryLookup} methods of that name). */
  interface Registry {
    Map<String, SensorFacts> facts(Collection<String> ids);

    List<String> sensorIds();
  }

  private record EstimateKey(String sensorId, LocalDate day) {}

  private final RollupStore store;
  private final ReadingStore readings;
  private final Registry registry;
  private final Map<EstimateKey, Duration> estimates =
      new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<EstimateKey, Duration> eldest) {
          return size() > 10_000;
        }
      };

  public Rollups(RollupStore store, ReadingStore readings, RegistryLookup registry) {
    this(
        store,
        readings,
        new Registry() {
          @Override
          public Map<String, SensorFacts> facts(Collection<String> ids) {
            return registry.facts(ids);
          }

          @Override
          public List<String> sensorIds() {
            return registry.sensorIds();
          }
        });
  }

  Rollups(RollupStore store, ReadingStore readings, Registry registry) {
    this.store = store;
    this.readings = readings;
    this.registry = registry;
  }

  /** The store the rollups are written to. */
  public RollupStore store() {
    return store;
  }

  /**
   * Recomputes these hours and their days.
   *
   * @return the hours written (those with raw readings)
   */
  public int recompute(Collection<HourKey> keys) {
    // Hours with the same sensors in a row become one range: a live batch (many sensors, one
    // hour) and a backlog (one sensor, many hours) are each one aggregation.
    var sensorsByHour = new TreeMap<Instant, TreeSet<String>>();
    for (HourKey key : keys) {
      sensorsByHour.computeIfAbsent(key.hour(), h -> new TreeSet<>()).add(key.sensorId());
    }
    var computed = new ArrayList<SensorHour>();
    Instant from = null;
    Instant to = null;
    Set<String> sensors = null;
    for (var entry : sensorsByHour.entrySet()) {
      if (sensors != null && entry.getKey().equals(to) && sensors.equals(entry.getValue())) {
        to = to.plus(HOUR);
        continue;
      }
      if (sensors != null) {
        computed.addAll(store.aggregateRaw(sensors, from, to));
      }
      from = entry.getKey();
      to = from.plus(HOUR);
      sensors = entry.getValue();
    }
    if (sensors != null) {
      computed.addAll(store.aggregateRaw(sensors, from, to));
    }
    return write(computed);
  }

  /**
   * Recomputes every hour of {@code [from, to)} (whole UTC hours around it) that has raw readings,
   * of these sensors (every registered one when empty), and their days.
   *
   * @return the hours written
   */
  public long rebuild(Instant from, Instant to, Collection<String> sensorIds, Progress progress) {
    List<String> sensors = sensorIds.isEmpty() ? registry.sensorIds() : List.copyOf(sensorIds);
    Instant start = from.truncatedTo(ChronoUnit.HOURS);
    Instant end = to.truncatedTo(ChronoUnit.HOURS);
    if (end.isBefore(to)) {
      end = end.plus(HOUR);
    }
    long hours = Duration.between(start, end).toHours();
    long total = hours * sensors.size();
    long done = 0;
    long written = 0;
    progress.hours(0, total);
    for (int i = 0; i < sensors.size(); i += 100) {
      List<String> chunk = sensors.subList(i, Math.min(sensors.size(), i + 100));
      for (Instant t = start; t.isBefore(end); t = t.plus(Duration.ofDays(1))) {
        Instant until = t.plus(Duration.ofDays(1)).isBefore(end) ? t.plus(Duration.ofDays(1)) : end;
        written += write(store.aggregateRaw(chunk, t, until));
        done += Duration.between(t, until).toHours() * chunk.size();
        progress.hours(done, total);
      }
    }
    return written;
  }

  /** Gives the hours their coverage, writes them, then recomputes their days. */
  private int write(List<SensorHour> raw) {
    if (raw.isEmpty()) {
      return 0;
    }
    var facts = new HashMap<>(registry.facts(raw.stream().map(SensorHour::sensorId).toList()));
    var hours = new ArrayList<SensorHour>(raw.size());
    // The local days to recompute, by zone and day, with their sensors.
    var days = new TreeMap<String, TreeMap<LocalDate, TreeSet<String>>>();
    var zones = new HashMap<String, ZoneId>();
    for (SensorHour hour : raw) {
      SensorFacts sensor = facts.computeIfAbsent(hour.sensorId(), SensorFacts::unknown);
      Duration interval = sensor.reportingInterval().orElseGet(() -> estimate(hour).orElse(null));
      var fields = new EnumMap<Field, HourlyStatistics>(Field.class);
      hour.fields()
          .forEach((field, statistics) -> fields.put(field, statistics.withInterval(interval)));
      hours.add(new SensorHour(hour.sensorId(), hour.hour(), fields));
      zones.put(sensor.zone().getId(), sensor.zone());
      days.computeIfAbsent(sensor.zone().getId(), z -> new TreeMap<>())
          .computeIfAbsent(LocalDate.ofInstant(hour.hour(), sensor.zone()), d -> new TreeSet<>())
          .add(hour.sensorId());
    }
    store.writeHours(hours);
    var computed = new ArrayList<SensorDay>();
    days.forEach(
        (zone, byDay) ->
            byDay.forEach((day, sensors) -> computed.addAll(days(zones.get(zone), day, sensors))));
    store.writeDays(computed);
    return hours.size();
  }

  /** The daily rollups of these sensors for one local day, from its stored hours. */
  private List<SensorDay> days(ZoneId zone, LocalDate day, Collection<String> sensors) {
    Instant start = day.atStartOfDay(zone).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
    var hourly = new TreeMap<String, Map<Field, List<HourlyStatistics>>>();
    for (SensorHour hour : store.hours(sensors, start, end, FIELDS)) {
      var byField = hourly.computeIfAbsent(hour.sensorId(), s -> new EnumMap<>(Field.class));
      hour.fields().forEach((f, h) -> byField.computeIfAbsent(f, x -> new ArrayList<>()).add(h));
    }
    var result = new ArrayList<SensorDay>();
    hourly.forEach(
        (sensor, byField) -> {
          var fields = new EnumMap<Field, DailyStatistics>(Field.class);
          byField.forEach((field, list) -> fields.put(field, DailyStatistics.of(day, zone, list)));
          result.add(new SensorDay(sensor, day, zone, fields));
        });
    return result;
  }

  /** The interval estimated from the raw reading times of the 24 hours before the hour's end. */
  private Optional<Duration> estimate(SensorHour hour) {
    var key = new EstimateKey(hour.sensorId(), LocalDate.ofInstant(hour.hour(), ZoneOffset.UTC));
    synchronized (estimates) {
      Duration known = estimates.get(key);
      if (known != null) {
        return Optional.of(known);
      }
    }
    Instant end = hour.hour().plus(HOUR);
    List<Instant> times =
        readings
            .raw(hour.sensorId(), end.minus(Duration.ofDays(1)), end, ESTIMATE_READINGS)
            .stream()
            .map(Reading::time)
            .toList();
    Optional<Duration> estimate = ReportingInterval.estimate(times);
    // Too few readings to estimate is not kept: more may arrive later in the day.
    estimate.ifPresent(
        d -> {
          synchronized (estimates) {
            estimates.put(key, d);
          }
        });
    return estimate;
  }
}
