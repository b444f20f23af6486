package org.aqmrg.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.LongSupplier;
import org.aqmrg.ingest.IngestMeter;
import org.aqmrg.ingest.Refusal;

/**
 * Points accepted ({@value MetricNames#POINTS_ACCEPTED}) and refused ({@value
 * MetricNames#POINTS_REFUSED}, one counter per {@link Refusal} code), all built at start so that
 * counting a body is an array index and an add; and the accepted points of the last minute, for
 * {@link IngestFigures}.
 */
public final class IngestMeters implements IngestMeter {
  private final Counter accepted;
  private final Counter[] refused;
  private final RecentRate recent;

  IngestMeters(MeterRegistry registry, LongSupplier nanoTime) {
    this.accepted =
        Counter.builder(MetricNames.POINTS_ACCEPTED)
            .description("Points stored since start")
            .register(registry);
    var reasons = Refusal.values();
    this.refused = new Counter[reasons.length];
    for (Refusal reason : reasons) {
      refused[reason.ordinal()] =
          Counter.builder(MetricNames.POINTS_REFUSED)
              .description("Points refused since start, by reason")
              .tag("reason", reason.code())
              .register(registry);
    }
    this.recent = new RecentRate(nanoTime);
    Gauge.builder(MetricNames.POINTS_RATE, this, IngestMeters::acceptedPerSecond)
        .description("Points stored per second over roughly the last minute")
        .strongReference(true)
        .register(registry);
  }

  @Override
  public void accepted(int points) {
    accepted.increment(points);
    recent.add(points);
  }

  @Override
  public void refused(Refusal reason, int points) {
    refused[reason.ordinal()].increment(points);
  }

  /** Points accepted per second over roughly the last minute. */
  double acceptedPerSecond() {
    return recent.perSecond();
  }
}
