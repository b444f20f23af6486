package org.aqmrg.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP requests timer ({@value MetricNames#HTTP_REQUESTS}): one timer per method, route
 * template and status, built the first time that combination is seen and looked up in one map after
 * that. Labels never hold a raw path: a request no route matched is counted under {@value
 * #UNMATCHED}, a method outside the usual ones under {@code OTHER}.
 */
public final class HttpMeters {
  /** The route label of requests that matched no route. */
  public static final String UNMATCHED = "unmatched";

  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  /** More distinct label sets than this and new ones go under one overflow timer. */
  private static final int MAX_TIMERS = 2_000;

  private record Key(String method, String route, int status) {}

  private final MeterRegistry registry;
  private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

  HttpMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Records one request.
   *
   * @param method the HTTP method, e.g. {@code GET}
   * @param route the matched route's template, e.g. {@code /api/v1/sensors/{id}}; null when no
   *     route matched
   * @param status the status of the answer
   * @param nanos how long the request took, in nanoseconds
   */
  public void record(String method, String route, int status, long nanos) {
    var key =
        new Key(
            METHODS.contains(method) ? method : "OTHER",
            route == null ? UNMATCHED : route,
            status < 100 || status > 599 ? 0 : status);
    Timer timer = timers.get(key);
    if (timer == null) {
      if (timers.size() >= MAX_TIMERS) {
        key = new Key("OTHER", UNMATCHED, 0);
      }
      timer = timers.computeIfAbsent(key, this::timer);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(Key key) {
    return Timer.builder(MetricNames.HTTP_REQUESTS)
        .description("HTTP requests by method, route template and status")
        .tag("method", key.method())
        .tag("route", key.route())
        .tag("status", String.valueOf(key.status()))
        .serviceLevelObjectives(MetricNames.HTTP_BUCKETS)
        .register(registry);
  }
}
