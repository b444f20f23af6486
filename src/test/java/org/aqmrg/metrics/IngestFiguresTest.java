package org.aqmrg.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.aqmrg.ingest.Refusal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ingest figures of the stats view, read back from the meters. */
class IngestFiguresTest {
  private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
  private final Metrics metrics = new Metrics(nanos::get);
  private final IngestFigures figures = new IngestFigures(metrics);

  @AfterEach
  void close() {
    metrics.close();
  }

  private void advance(Duration duration) {
    nanos.addAndGet(duration.toNanos());
  }

  @Test
  void before_any_write_everything_is_zero() {
    var ingest = figures.get().orElseThrow();

    assertThat(ingest.accepted()).isZero();
    assertThat(ingest.refused()).isZero();
    assertThat(ingest.refusedByReason()).isEmpty();
    assertThat(ingest.pointsPerSecond()).isZero();
  }

  @Test
  void totals_since_start_and_refusals_by_the_reasons_that_occurred() {
    metrics.ingest().accepted(100);
    metrics.ingest().refused(Refusal.UNKNOWN_SENSOR, 4);
    metrics.ingest().refused(Refusal.SYNTAX, 1);
    metrics.ingest().refused(Refusal.UNKNOWN_SENSOR, 2);
    advance(Duration.ofMinutes(10));
    metrics.ingest().accepted(20);

    var ingest = figures.get().orElseThrow();

    assertThat(ingest.accepted()).isEqualTo(120);
    assertThat(ingest.refused()).isEqualTo(7);
    assertThat(ingest.refusedByReason()).isEqualTo(Map.of("unknown_sensor", 6L, "syntax", 1L));
  }

  @Test
  void the_rate_is_over_the_last_minute_only() {
    metrics.ingest().accepted(1_000_000); // long ago: not in the rate
    advance(Duration.ofMinutes(5));
    for (int second = 0; second < 60; second++) {
      metrics.ingest().accepted(50);
      advance(Duration.ofSeconds(1));
    }

    assertThat(figures.get().orElseThrow().pointsPerSecond()).isCloseTo(50, within(5.0));

    advance(Duration.ofMinutes(2)); // nothing since
    assertThat(figures.get().orElseThrow().pointsPerSecond()).isZero();
  }

  @Test
  void right_after_start_the_rate_is_over_the_time_since_start() {
    advance(Duration.ofSeconds(10));
    metrics.ingest().accepted(200);

    assertThat(figures.get().orElseThrow().pointsPerSecond()).isCloseTo(20, within(0.01));
  }
}
