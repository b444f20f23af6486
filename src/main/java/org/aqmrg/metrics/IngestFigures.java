package org.aqmrg.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.aqmrg.ops.Stats;

/**
 * The ingest figures of the stats view, read from the running platform's meters: points accepted
 * and refused since start (refused by reason, only the reasons that occurred, by code), and points
 * accepted per second over roughly the last minute. Empty when the registry holds no ingest meters.
 */
public final class IngestFigures implements Supplier<Optional<Stats.Ingest>> {
  private final MeterRegistry registry;
  private final IngestMeters meters;

  public IngestFigures(Metrics metrics) {
    this.registry = metrics.registry();
    this.meters = metrics.ingest();
  }

  @Override
  public Optional<Stats.Ingest> get() {
    Counter accepted = registry.find(MetricNames.POINTS_ACCEPTED).counter();
    if (accepted == null) {
      return Optional.empty();
    }
    var byReason = new TreeMap<String, Long>();
    long refused = 0;
    for (Counter counter : registry.find(MetricNames.POINTS_REFUSED).counters()) {
      long count = (long) counter.count();
      if (count > 0) {
        byReason.merge(counter.getId().getTag("reason"), count, Long::sum);
        refused += count;
      }
    }
    return Optional.of(
        new Stats.Ingest(
            meters.acceptedPerSecond(), (long) accepted.count(), refused, byReason, spool()));
  }

  /** The spool's figures from its gauges, or null when it is off. */
  private Stats.Spool spool() {
    var held = registry.find(MetricNames.SPOOL_BYTES).gauge();
    if (held == null) {
      return null;
    }
    return new Stats.Spool(
        (long) held.value(),
        (long) gauge(MetricNames.SPOOL_READINGS),
        gauge(MetricNames.SPOOL_AGE),
        (long) gauge(MetricNames.SPOOL_MAX),
        gauge(MetricNames.SPOOL_FAILING) > 0);
  }

  private double gauge(String name) {
    var gauge = registry.find(name).gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }
}
