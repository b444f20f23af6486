package org.aqmrg.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.aqmrg.ingest.Refusal;
import org.aqmrg.notify.Attempt;
import org.aqmrg.notify.Notification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The meters as Prometheus reads them: names, labels, buckets and the values recorded. */
class MetricsTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final Metrics metrics = new Metrics(nanos::get);

  @AfterEach
  void close() {
    metrics.close();
  }

  /** The sample lines of the scrape (no comments). */
  private List<String> samples() {
    return metrics.scrape().lines().filter(line -> !line.startsWith("#")).toList();
  }

  @Test
  void every_meter_including_the_jvms_and_the_pools_is_named_with_the_aqmrg_prefix() {
    var samples = samples();

    assertThat(samples).isNotEmpty().allMatch(line -> line.startsWith("aqmrg_"));
    assertThat(metrics.scrape())
        .contains("aqmrg_jvm_memory_used_bytes{")
        .contains("aqmrg_jvm_threads_live_threads ")
        .contains("aqmrg_jvm_classes_loaded_classes ")
        .contains("aqmrg_system_cpu_count ")
        .contains("aqmrg_process_uptime_seconds ");
  }

  @Test
  void every_refusal_reason_is_shown_from_the_start_and_counts_what_is_recorded() {
    var scrape = metrics.scrape();
    for (Refusal reason : Refusal.values()) {
      assertThat(scrape).contains("aqmrg_points_refused_total{reason=\"" + reason.code() + "\"} 0");
    }
    assertThat(scrape).contains("aqmrg_points_accepted_total 0");

    metrics.ingest().accepted(5);
    metrics.ingest().accepted(2);
    metrics.ingest().refused(Refusal.TOO_OLD, 3);

    assertThat(samples())
        .contains("aqmrg_points_accepted_total 7.0")
        .contains("aqmrg_points_refused_total{reason=\"too_old\"} 3.0")
        .contains("aqmrg_points_refused_total{reason=\"syntax\"} 0.0");
  }

  @Test
  void http_requests_are_labelled_by_method_route_template_and_status_with_fixed_buckets() {
    var http = metrics.http();
    http.record("GET", "/api/v1/sensors/{id}", 200, 3_000_000);
    http.record("GET", "/api/v1/sensors/{id}", 200, 40_000_000);
    http.record("GET", null, 404, 1_000_000);
    http.record("BREW", null, 405, 1_000_000);

    var samples = samples();
    String series = "method=\"GET\",route=\"/api/v1/sensors/{id}\",status=\"200\"";
    assertThat(samples)
        .contains("aqmrg_http_requests_seconds_count{" + series + "} 2")
        .contains("aqmrg_http_requests_seconds_bucket{" + series + ",le=\"0.005\"} 1")
        .contains("aqmrg_http_requests_seconds_bucket{" + series + ",le=\"0.05\"} 2")
        .contains(
            "aqmrg_http_requests_seconds_count{method=\"GET\",route=\"unmatched\",status=\"404\"} 1")
        .contains(
            "aqmrg_http_requests_seconds_count{method=\"OTHER\",route=\"unmatched\",status=\"405\"}"
                + " 1");
    long buckets =
        samples.stream()
            .filter(line -> line.startsWith("aqmrg_http_requests_seconds_bucket{"))
            .filter(line -> line.contains(series))
            .count();
    assertThat(buckets).isEqualTo(MetricNames.HTTP_BUCKETS.length + 1); // and +Inf
  }

  @Test
  void store_writes_are_timed_per_backend_between_before_and_after() {
    var hook = metrics.storeWrites("influxdb");

    hook.beforeWrite(List.of());
    hook.afterWrite(List.of());

    assertThat(samples())
        .anyMatch(
            line -> line.startsWith("aqmrg_store_writes_seconds_count{backend=\"influxdb\"} 1"));
  }

  @Test
  void cache_reads_count_hits_and_misses_per_cache() {
    var latest = metrics.cache("latest");

    latest.hits(3);
    latest.misses(1);
    latest.hits(0);

    assertThat(samples())
        .contains("aqmrg_cache_requests_total{cache=\"latest\",result=\"hit\"} 3.0")
        .contains("aqmrg_cache_requests_total{cache=\"latest\",result=\"miss\"} 1.0");
  }

  @Test
  void notifications_are_counted_by_channel_and_outcome_all_shown_from_the_start() {
    metrics.notifications().attempted(Notification.Channel.WEBHOOK, Attempt.Outcome.RETRY);

    var samples = samples();
    assertThat(samples)
        .contains("aqmrg_notifications_total{channel=\"webhook\",outcome=\"retry\"} 1.0")
        .contains("aqmrg_notifications_total{channel=\"email\",outcome=\"delivered\"} 0.0");
    assertThat(samples.stream().filter(line -> line.startsWith("aqmrg_notifications_total")))
        .hasSize(Notification.Channel.values().length * Attempt.Outcome.values().length);
  }

  @Test
  void the_rollup_lag_is_read_at_most_every_five_seconds_and_is_nan_while_it_fails() {
    var reads = new AtomicInteger();
    var failing = new boolean[1];
    metrics.rollupLag(
        () -> {
          reads.incrementAndGet();
          if (failing[0]) {
            throw new IllegalStateException("PostgreSQL is down");
          }
          return 42.5;
        });

    assertThat(samples()).contains("aqmrg_rollup_lag_seconds 42.5");
    metrics.scrape();
    assertThat(reads).hasValue(1);

    failing[0] = true;
    nanos.addAndGet(Metrics.ROLLUP_LAG_MAX_AGE.toNanos());
    assertThat(samples()).contains("aqmrg_rollup_lag_seconds NaN");
    assertThat(reads).hasValue(2);

    failing[0] = false;
    nanos.addAndGet(Duration.ofSeconds(5).toNanos());
    assertThat(samples()).contains("aqmrg_rollup_lag_seconds 42.5");
  }

  @Test
  void the_content_type_is_prometheus_text_format() {
    assertThat(Metrics.CONTENT_TYPE).startsWith("text/plain; version=0.0.4");
    assertThat(Arrays.asList(MetricNames.HTTP_BUCKETS)).isSorted().hasSizeLessThan(20);
  }
}
