package org.aqmrg.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.aqmrg.influxql.SeriesTags;
import org.aqmrg.registry.RegistryLookup;

/**
 * The registry's sensors with the tags InfluxQL and Flux see on their series, read at most once a
 * second: a query of either language asks it first, and a registry change shows within 1 s, as the
 * latest readings do.
 */
final class SeriesCatalog implements Supplier<List<SeriesTags>> {
  static final Duration FRESH = Duration.ofSeconds(1);

  private final RegistryLookup registry;
  private final Clock clock;
  private volatile Snapshot snapshot;

  private record Snapshot(List<SeriesTags> sensors, Instant readAt) {}

  SeriesCatalog(RegistryLookup registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public List<SeriesTags> get() {
    Instant now = clock.instant();
    Snapshot seen = snapshot;
    if (seen != null && !now.isBefore(seen.readAt()) && now.isBefore(seen.readAt().plus(FRESH))) {
      return seen.sensors();
    }
    var tags = new ArrayList<SeriesTags>();
    for (RegistryLookup.Registered sensor : registry.registered(registry.sensorIds())) {
      tags.add(new SeriesTags(sensor.id(), sensor.location(), sensor.manufacturer()));
    }
    List<SeriesTags> sensors = List.copyOf(tags);
    snapshot = new Snapshot(sensors, now);
    return sensors;
  }
}
