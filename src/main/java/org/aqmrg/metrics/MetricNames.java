package org.aqmrg.metrics;

import java.time.Duration;

/**
 * The names of the platform's own meters, as Micrometer names them; Prometheus shows each with dots
 * as underscores and its unit or {@code _total} added, e.g. {@code aqmrg.points.accepted} as {@code
 * aqmrg_points_accepted_total}. Every other meter (JVM, connection pool) gets the {@code aqmrg.}
 * prefix too, so everything the platform exposes starts with {@code aqmrg_}.
 */
public final class MetricNames {
  private MetricNames() {}

  public static final String PREFIX = "aqmrg.";

  /** Timer of HTTP requests, tags method, route (the template) and status. */
  public static final String HTTP_REQUESTS = "aqmrg.http.requests";

  /** Counter of points stored. */
  public static final String POINTS_ACCEPTED = "aqmrg.points.accepted";

  /** Counter of points refused, tag reason (an {@link org.aqmrg.ingest.Refusal} code). */
  public static final String POINTS_REFUSED = "aqmrg.points.refused";

  /**
   * Gauge of the points stored per second over roughly the last minute, for readers without a
   * Prometheus to compute a rate ({@code ./aqmrg stats}).
   */
  public static final String POINTS_RATE = "aqmrg.points.accepted.rate";

  /**
   * Timer of the writes to the time-series store, tag backend ({@code influxdb}, {@code postgres}).
   */
  public static final String STORE_WRITES = "aqmrg.store.writes";

  /** Counter of cache reads, tags cache and result ({@code hit}, {@code miss}). */
  public static final String CACHE_REQUESTS = "aqmrg.cache.requests";

  /** Gauge of the age of the oldest rollup mark not yet rolled up, in seconds. */
  public static final String ROLLUP_LAG = "aqmrg.rollup.lag";

  /** Gauges of the write-ahead spool: what it holds, its oldest write's age, its limit. */
  public static final String SPOOL_BYTES = "aqmrg.spool.held";

  public static final String SPOOL_READINGS = "aqmrg.spool.readings";
  public static final String SPOOL_AGE = "aqmrg.spool.oldest.age";
  public static final String SPOOL_MAX = "aqmrg.spool.limit";

  /** Gauge: 1 while the spool's deliveries to the store fail, else 0. */
  public static final String SPOOL_FAILING = "aqmrg.spool.failing";

  /** Counters of the spool's deliveries tried again, readings refused, bytes lost to damage. */
  public static final String SPOOL_RETRIES = "aqmrg.spool.retries";

  public static final String SPOOL_REFUSED = "aqmrg.spool.refused";
  public static final String SPOOL_LOST = "aqmrg.spool.lost";

  /** Gauges of the read replica: 1 while reads use it, and its lag at the last check. */
  public static final String REPLICA_IN_USE = "aqmrg.replica.in.use";

  public static final String REPLICA_LAG = "aqmrg.replica.lag";

  /** Counter of the reads meant for the replica, tag {@code served_by} replica or primary. */
  public static final String REPLICA_READS = "aqmrg.replica.reads";

  /** Counter of notification delivery attempts, tags channel and outcome. */
  public static final String NOTIFICATIONS = "aqmrg.notifications";

  /** The upper bounds of the HTTP latency histogram: 5 ms to 10 s. */
  static final Duration[] HTTP_BUCKETS =
      millis(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000);

  /** The upper bounds of the store write latency histogram: 1 ms to 10 s. */
  static final Duration[] STORE_BUCKETS =
      millis(1, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000);

  private static Duration[] millis(long... bounds) {
    var durations = new Duration[bounds.length];
    for (int i = 0; i < bounds.length; i++) {
      durations[i] = Duration.ofMillis(bounds[i]);
    }
    return durations;
  }
}
