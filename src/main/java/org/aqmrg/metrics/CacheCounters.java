package org.aqmrg.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.aqmrg.cache.CacheMeter;

/** Hits and misses of one cache ({@value MetricNames#CACHE_REQUESTS}, tags cache and result). */
final class CacheCounters implements CacheMeter {
  private final Counter hits;
  private final Counter misses;

  CacheCounters(MeterRegistry registry, String cache) {
    this.hits = counter(registry, cache, "hit");
    this.misses = counter(registry, cache, "miss");
  }

  private static Counter counter(MeterRegistry registry, String cache, String result) {
    return Counter.builder(MetricNames.CACHE_REQUESTS)
        .description("Reads of cached values: hit when the cache held the value, miss when not")
        .tag("cache", cache)
        .tag("result", result)
        .register(registry);
  }

  @Override
  public void hits(int count) {
    if (count > 0) {
      hits.increment(count);
    }
  }

  @Override
  public void misses(int count) {
    if (count > 0) {
      misses.increment(count);
    }
  }
}
