package org.aqmrg.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.aqmrg.spool.SpoolStatus;

/**
 * The write-ahead spool's meters, read from its status when scraped: what it holds (bytes,
 * readings, the age of the oldest), whether deliveries fail, and counts of retries, readings the
 * store refused and bytes lost to damage. Registered only when the spool is on.
 */
final class SpoolMeters {
  private SpoolMeters() {}

  static void register(MeterRegistry registry, Supplier<Optional<SpoolStatus>> status) {
    if (status.get().isEmpty()) {
      return;
    }
    gauge(
        registry,
        MetricNames.SPOOL_BYTES,
        "Bytes of acknowledged writes not yet in the store",
        "bytes",
        status,
        s -> s.bytes());
    gauge(
        registry,
        MetricNames.SPOOL_READINGS,
        "Readings acknowledged and not yet in the store",
        null,
        status,
        s -> s.readings());
    gauge(
        registry,
        MetricNames.SPOOL_AGE,
        "Age of the oldest write in the spool",
        "seconds",
        status,
        SpoolStatus::oldestAgeSeconds);
    gauge(
        registry,
        MetricNames.SPOOL_MAX,
        "The spool's limit, past which writes are refused",
        "bytes",
        status,
        s -> s.maxBytes());
    gauge(
        registry,
        MetricNames.SPOOL_FAILING,
        "1 while deliveries to the store fail",
        null,
        status,
        s -> s.problem() == null ? 0 : 1);
    counter(
        registry,
        MetricNames.SPOOL_RETRIES,
        "Deliveries to the store tried again",
        status,
        s -> s.retries());
    counter(
        registry,
        MetricNames.SPOOL_REFUSED,
        "Spooled readings the store refused, kept in refused/",
        status,
        s -> s.refused());
    counter(
        registry,
        MetricNames.SPOOL_LOST,
        "Bytes of damaged spool segments that could not be read",
        status,
        s -> s.lostBytes());
  }

  private static void gauge(
      MeterRegistry registry,
      String name,
      String description,
      String unit,
      Supplier<Optional<SpoolStatus>> status,
      ToDoubleFunction<SpoolStatus> value) {
    Gauge.builder(name, status, s -> s.get().map(value::applyAsDouble).orElse(Double.NaN))
        .description(description)
        .baseUnit(unit)
        .strongReference(true)
        .register(registry);
  }

  private static void counter(
      MeterRegistry registry,
      String name,
      String description,
      Supplier<Optional<SpoolStatus>> status,
      ToDoubleFunction<SpoolStatus> value) {
    FunctionCounter.builder(name, status, s -> s.get().map(value::applyAsDouble).orElse(0.0))
        .description(description)
        .baseUnit(name.equals(MetricNames.SPOOL_LOST) ? "bytes" : null)
        .register(registry);
  }
}
