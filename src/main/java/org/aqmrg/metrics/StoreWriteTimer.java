package org.aqmrg.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.WriteHook;

/**
 * Times each write to the time-series store ({@value MetricNames#STORE_WRITES}, tag backend), from
 * {@link #beforeWrite} to {@link #afterWrite} on the writer's lane thread; failed writes included.
 * Put it innermost ({@link WriteHook#around}) so that it times the store alone.
 */
final class StoreWriteTimer implements WriteHook {
  private final Timer timer;
  private final ThreadLocal<long[]> started = ThreadLocal.withInitial(() -> new long[1]);

  StoreWriteTimer(MeterRegistry registry, String backend) {
    this.timer =
        Timer.builder(MetricNames.STORE_WRITES)
            .description("Writes to the time-series store, by backend")
            .tag("backend", backend)
            .serviceLevelObjectives(MetricNames.STORE_BUCKETS)
            .register(registry);
  }

  @Override
  public void beforeWrite(List<Reading> readings) {
    started.get()[0] = System.nanoTime();
  }

  @Override
  public void afterWrite(List<Reading> readings) {
    timer.record(System.nanoTime() - started.get()[0], TimeUnit.NANOSECONDS);
  }
}
