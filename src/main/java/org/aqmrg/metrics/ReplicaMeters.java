package org.aqmrg.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.aqmrg.db.ReplicaStatus;

/**
 * The read replica's meters, read from its status when scraped: whether reads use it, its lag, and
 * the reads meant for it by the server that served them. Registered only with a replica.
 */
final class ReplicaMeters {
  private ReplicaMeters() {}

  static void register(MeterRegistry registry, Supplier<Optional<ReplicaStatus>> status) {
    if (status.get().isEmpty()) {
      return;
    }
    Gauge.builder(
            MetricNames.REPLICA_IN_USE,
            status,
            s -> s.get().map(r -> r.inUse() ? 1.0 : 0.0).orElse(0.0))
        .description("1 while reads that may use the replica go to it")
        .strongReference(true)
        .register(registry);
    Gauge.builder(
            MetricNames.REPLICA_LAG,
            status,
            s -> s.get().map(ReplicaStatus::lagSeconds).map(Double::doubleValue).orElse(Double.NaN))
        .description("How far behind the primary the replica was at the last check")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    for (String server : List.of("replica", "primary")) {
      FunctionCounter.builder(
              MetricNames.REPLICA_READS,
              status,
              s ->
                  s.get()
                      .map(r -> server.equals("replica") ? r.readsOnReplica() : r.readsOnPrimary())
                      .orElse(0L)
                      .doubleValue())
          .description("Reads meant for the replica, by the server that served them")
          .tag("served_by", server)
          .register(registry);
    }
  }
}
