package org.aqmrg.predictions;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.aqmrg.aqi.AqiScales;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.error.NotFoundException;
import org.aqmrg.readings.Field;
import org.aqmrg.registry.RegistryLookup;
import org.aqmrg.rollups.AqiReport;
import org.aqmrg.rollups.AqiReports;
import org.aqmrg.rollups.HourlyStatistics;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.rollups.SensorHour;

/**
 * Forecasts from the forecasting pipeline: written to every store that keeps them (the seed's
 * {@code predictions} table, and on InfluxDB the {@code predictions} bucket too), the latest issue
 * of each target time served from the cache, and their skill against the observed hourly means.
 * Reads go to the time-series role's store.
 */
public final class Predictions {
  private final List<ForecastStore> writes;
  private final ForecastStore reads;
  private final ForecastCache cache;
  private final RegistryLookup registry;
  private final RollupStore rollups;
  private final AqiReports aqi;
  private final Clock clock;
  private final ForecastParser parser = new ForecastParser();

  /**
   * @param writes the stores a forecast is written to, in order (the relational table first)
   * @param reads the store reads go to, one of {@code writes}
   */
  public Predictions(
      List<ForecastStore> writes,
      ForecastStore reads,
      ForecastCache cache,
      RegistryLookup registry,
      RollupStore rollups,
      Clock clock) {
    this.writes = List.copyOf(writes);
    this.reads = reads;
    this.cache = cache;
    this.registry = registry;
    this.rollups = rollups;
    this.aqi = new AqiReports(rollups, clock);
    this.clock = clock;
  }

  /** The store reads are answered from: the time-series role's. */
  public ForecastStore reads() {
    return reads;
  }

  /** What a write did: how many forecasts were stored, and the items refused. */
  public record WriteResult(int written, List<ForecastParser.Refusal> refused) {}

  /**
   * Stores the good forecasts of a JSON array and lists the bad ones by index; nothing is stored
   * when the array holds more than {@link ForecastParser#MAX_BATCH}.
   */
  public WriteResult write(JsonNode array) {
    if (array == null || !array.isArray()) {
      throw new InvalidInputException(
          "the body must be a JSON array of forecasts", Map.of("field", "body"));
    }
    if (array.size() > ForecastParser.MAX_BATCH) {
      throw new InvalidInputException(
          "a request holds at most %,d forecasts, this one %,d: send it in parts; nothing was stored"
              .formatted(ForecastParser.MAX_BATCH, array.size()),
          Map.of("field", "body"));
    }
    var parsed = parser.parse(array, clock.instant());
    var refused = new ArrayList<>(parsed.refused());
    var locations = new ArrayList<UUID>();
    parsed.items().forEach(item -> locations.add(item.forecast().locationId()));
    Set<UUID> known = registry.existingLocations(locations);
    var good = new ArrayList<Forecast>();
    for (var item : parsed.items()) {
      if (known.contains(item.forecast().locationId())) {
        good.add(item.forecast());
      } else {
        refused.add(
            new ForecastParser.Refusal(
                item.index(), "location_id", "unknown location " + item.forecast().locationId()));
      }
    }
    refused.sort(java.util.Comparator.comparingInt(ForecastParser.Refusal::index));
    if (!good.isEmpty()) {
      writes.forEach(store -> store.write(good));
      cache.wrote(good);
    }
    return new WriteResult(good.size(), refused);
  }

  /**
   * For each target time in {@code [from, to)} and pollutant, the most recently issued forecast (of
   * {@code model} when given), by target time then pollutant.
   */
  public List<Forecast> forecast(
      UUID location, Optional<String> pollutant, Instant from, Instant to, Optional<String> model) {
    List<Instant> cachedHours = cache.cachedHours(from, to);
    Map<Instant, List<ForecastCache.Cached>> hit = cache.complete(location, cachedHours);
    // A complete entry exists only for a location that did (and one with forecasts cannot be
    // deleted); anything read from the store checks it first.
    boolean fromStore =
        hit.size() < cachedHours.size()
            || cachedHours.isEmpty()
            || from.isBefore(cachedHours.get(0));
    if (fromStore) {
      if (registry.locationZone(location).isEmpty()) {
        throw new NotFoundException("location " + location + " does not exist", Map.of());
      }
    }
    var candidates = new ArrayList<Forecast>();
    hit.values().forEach(list -> list.forEach(c -> candidates.add(c.at(location))));
    var missing = cachedHours.stream().filter(h -> !hit.containsKey(h)).toList();
    Instant firstCached = cachedHours.isEmpty() ? to : cachedHours.get(0);
    if (from.isBefore(firstCached)) {
      candidates.addAll(
          reads.find(ForecastQuery.of(location, from, firstCached), ForecastStore.MAX_READ));
    }
    if (!missing.isEmpty()) {
      Instant start = missing.get(0);
      Instant end = missing.get(missing.size() - 1).plus(1, ChronoUnit.HOURS);
      var stored = reads.find(ForecastQuery.of(location, start, end), ForecastStore.MAX_READ);
      cache.filled(location, missing, stored);
      var wanted = Set.copyOf(missing);
      stored.stream()
          .filter(f -> wanted.contains(f.targetTime().truncatedTo(ChronoUnit.HOURS)))
          .forEach(candidates::add);
    }
    var latest = new LinkedHashMap<String, Forecast>();
    for (Forecast f : candidates) {
      if (f.targetTime().isBefore(from)
          || !f.targetTime().isBefore(to)
          || pollutant.map(p -> !p.equals(f.pollutant())).orElse(false)
          || model.map(m -> !m.equals(f.modelName())).orElse(false)) {
        continue;
      }
      String slot = f.targetTime() + "\n" + f.pollutant();
      latest.merge(slot, f, (a, b) -> b.issuedAt().isAfter(a.issuedAt()) ? b : a);
    }
    var answer = new ArrayList<>(latest.values());
    answer.sort(
        java.util.Comparator.comparing(Forecast::targetTime).thenComparing(Forecast::pollutant));
    return answer;
  }

  /** A page of stored forecasts, in {@link Forecast#ORDER}; {@code more} when more follow. */
  public record Page(List<Forecast> forecasts, boolean more) {}

  public Page list(ForecastQuery query, int limit, int offset) {
    List<Forecast> found = reads.find(query, offset + limit + 1);
    List<Forecast> page = found.subList(Math.min(offset, found.size()), found.size());
    boolean more = page.size() > limit;
    return new Page(List.copyOf(more ? page.subList(0, limit) : page), more);
  }

  /**
   * The skill of a location's forecasts of one pollutant with target times in {@code [from, to)}:
   * against the location's observed hourly means (count-weighted over its sensors) or, for {@code
   * aqi}, its hourly US EPA AQI.
   */
  public Skill.Report skill(
      UUID location, String pollutant, Optional<String> model, Instant from, Instant to) {
    List<String> sensors =
        registry
            .sensorsAt(location)
            .orElseThrow(
                () -> new NotFoundException("location " + location + " does not exist", Map.of()));
    var query = ForecastQuery.of(location, from, to).withPollutant(pollutant).withModel(model);
    List<Forecast> forecasts = reads.find(query, ForecastStore.MAX_READ);
    if (forecasts.size() >= ForecastStore.MAX_READ) {
      throw new InvalidInputException(
          "more than %,d forecasts in the range: narrow from and to"
              .formatted(ForecastStore.MAX_READ),
          Map.of("parameter", "to"));
    }
    Instant start = from.truncatedTo(ChronoUnit.HOURS);
    return Skill.of(forecasts, observed(sensors, pollutant, start, to));
  }

  /** The observed value of each hour of {@code [from, to)} that has one. */
  private Map<Instant, Double> observed(
      List<String> sensors, String pollutant, Instant from, Instant to) {
    var observed = new TreeMap<Instant, Double>();
    if (sensors.isEmpty()) {
      return observed;
    }
    if (ForecastParser.AQI.equals(pollutant)) {
      for (AqiReport report : aqi.hourly(sensors, from, to, AqiScales.of("us-epa"))) {
        if (report.overall().present()) {
          observed.put(report.start(), report.overall().value().doubleValue());
        }
      }
      return observed;
    }
    Field field = Field.known(pollutant);
    var sums = new HashMap<Instant, double[]>();
    for (SensorHour hour : rollups.hours(sensors, from, to, List.of(field))) {
      HourlyStatistics s = hour.fields().get(field);
      if (s != null && s.mean() != null && s.count() > 0) {
        double[] sum = sums.computeIfAbsent(hour.hour(), h -> new double[2]);
        sum[0] += s.mean() * s.count();
        sum[1] += s.count();
      }
    }
    sums.forEach((hour, sum) -> observed.put(hour, sum[0] / sum[1]));
    return observed;
  }
}
