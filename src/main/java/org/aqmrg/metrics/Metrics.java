package org.aqmrg.metrics;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.aqmrg.cache.CacheMeter;
import org.aqmrg.db.ReplicaStatus;
import org.aqmrg.notify.DeliveryMeter;
import org.aqmrg.readings.WriteHook;
import org.aqmrg.spool.SpoolStatus;

/**
 * The platform's meters, in one Prometheus registry that {@code GET /metrics} shows: built once by
 * the wiring, which hands each part the recorder it records with. Holds the JVM's meters (memory,
 * garbage collection, threads, class loading, processor, uptime); every meter's name starts with
 * {@code aqmrg_} (see {@link MetricNames}). Labels hold only fixed sets of values or route
 * templates, never a secret, an address or a path a client sent.
 */
public final class Metrics implements AutoCloseable {
  /** The content type of {@link #scrape}: Prometheus' text format 0.0.4. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /** How long the rollup lag is reused between scrapes. */
  static final Duration ROLLUP_LAG_MAX_AGE = Duration.ofSeconds(5);

  /** Names every meter not already named so with the {@code aqmrg.} prefix. */
  private static final MeterFilter PREFIXED =
      new MeterFilter() {
        @Override
        public Meter.Id map(Meter.Id id) {
          return id.getName().startsWith(MetricNames.PREFIX)
              ? id
              : id.withName(MetricNames.PREFIX + id.getName());
        }
      };

  private final LongSupplier nanoTime;
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final IngestMeters ingest;
  private final HttpMeters http;
  private final DeliveryCounters notifications;

  public Metrics() {
    this(System::nanoTime);
  }

  /** With the clock (in nanoseconds) of the recent ingest rate and the rollup lag, for tests. */
  Metrics(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(PREFIXED);
    new JvmMemoryMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    ingest = new IngestMeters(registry, nanoTime);
    http = new HttpMeters(registry);
    notifications = new DeliveryCounters(registry);
  }

  /** Every meter in Prometheus' text format ({@link #CONTENT_TYPE}). */
  public String scrape() {
    return registry.scrape();
  }

  /** The registry, for meters that bind themselves (and for reading figures back). */
  public MeterRegistry registry() {
    return registry;
  }

  /** Points accepted and refused, for the ingest service. */
  public IngestMeters ingest() {
    return ingest;
  }

  /** HTTP requests, for the web app. */
  public HttpMeters http() {
    return http;
  }

  /** Notification delivery attempts, for the outbox's sender. */
  public DeliveryMeter notifications() {
    return notifications;
  }

  /**
   * A write hook timing each store write to the time-series backend {@code backend} ({@code
   * influxdb} or {@code postgres}); put it innermost, see {@link WriteHook#around}.
   */
  public WriteHook storeWrites(String backend) {
    return new StoreWriteTimer(registry, backend);
  }

  /** Hits and misses of the cache named {@code cache} (e.g. {@code latest}). */
  public CacheMeter cache(String cache) {
    return new CacheCounters(registry, cache);
  }

  /**
   * The rollup lag gauge ({@value MetricNames#ROLLUP_LAG}): {@code ageSeconds} (the age of the
   * oldest pending rollup mark, in seconds), read at most every 5 s; NaN while it fails.
   */
  public void rollupLag(DoubleSupplier ageSeconds) {
    var cached = new CachedValue("the rollup lag", ageSeconds, ROLLUP_LAG_MAX_AGE, nanoTime);
    Gauge.builder(MetricNames.ROLLUP_LAG, cached, CachedValue::getAsDouble)
        .description("Age of the oldest hour marked for the rollups and not yet rolled up")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
  }

  /** The write-ahead spool's meters (see {@link SpoolMeters}), when {@code status} has a spool. */
  public void spool(Supplier<Optional<SpoolStatus>> status) {
    SpoolMeters.register(registry, status);
  }

  /** The read replica's meters (see {@link ReplicaMeters}), when one is configured. */
  public void replica(Supplier<Optional<ReplicaStatus>> status) {
    ReplicaMeters.register(registry, status);
  }

  /** HikariCP's pool meters (connections active, idle, pending, timing), for each pool built. */
  public MetricsTrackerFactory pools() {
    return new MicrometerMetricsTrackerFactory(registry);
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
