package org.aqmrg.predictions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.aqmrg.cache.memory.MemoryCache;
import org.aqmrg.http.WebApp;
import org.junit.jupiter.api.Test;

class ForecastCacheTest {
  private static final Instant NOW = Instant.parse("2026-12-04T06:20:00Z");
  private static final Instant HOUR = Instant.parse("2026-12-04T09:00:00Z");
  private final UUID location = UUID.randomUUID();
  private final MemoryCache memory = new MemoryCache();
  private final ForecastCache cache =
      new ForecastCache(memory, WebApp.objectMapper(), Clock.fixed(NOW, ZoneOffset.UTC));

  private Forecast f(String pollutant, Instant target, double value, Instant issued) {
    return new Forecast(location, pollutant, target, value, null, null, null, "xgb", "1", issued);
  }

  @Test
  void a_write_alone_leaves_an_incomplete_entry_that_a_fill_completes_without_losing_it() {
    Instant issued = NOW.minusSeconds(60);
    cache.wrote(List.of(f("pm25", HOUR, 30, issued)));
    assertThat(cache.complete(location, List.of(HOUR))).isEmpty();

    // The store, read before that write committed, knew only an older issue and another pollutant.
    cache.filled(
        location,
        List.of(HOUR),
        List.of(f("pm25", HOUR, 20, issued.minusSeconds(3600)), f("no2", HOUR, 11, issued)));

    var entry = cache.complete(location, List.of(HOUR)).get(HOUR);
    assertThat(entry)
        .extracting(ForecastCache.Cached::pollutant, ForecastCache.Cached::value)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("no2", 11.0),
            org.assertj.core.groups.Tuple.tuple("pm25", 30.0));
  }

  @Test
  void each_hour_read_counts_as_a_hit_when_a_complete_entry_is_held_and_else_as_a_miss() {
    int[] counts = new int[2];
    var meter =
        new org.aqmrg.cache.CacheMeter() {
          @Override
          public void hits(int count) {
            counts[0] += count;
          }

          @Override
          public void misses(int count) {
            counts[1] += count;
          }
        };
    var counted =
        new ForecastCache(memory, WebApp.objectMapper(), Clock.fixed(NOW, ZoneOffset.UTC), meter);
    Instant next = HOUR.plusSeconds(3600);
    counted.filled(location, List.of(HOUR), List.of());

    counted.complete(location, List.of(HOUR, next));

    assertThat(counts).containsExactly(1, 1);
  }

  @Test
  void a_later_write_of_the_same_issue_replaces_and_an_older_issue_does_not() {
    Instant issued = NOW.minusSeconds(60);
    cache.filled(location, List.of(HOUR), List.of());
    cache.wrote(List.of(f("o3", HOUR, 40, issued)));
    cache.wrote(List.of(f("o3", HOUR, 41, issued)));
    cache.wrote(List.of(f("o3", HOUR, 99, issued.minusSeconds(7200))));

    assertThat(cache.complete(location, List.of(HOUR)).get(HOUR))
        .singleElement()
        .extracting(ForecastCache.Cached::value)
        .isEqualTo(41.0);
  }

  @Test
  void an_entry_expires_an_hour_after_its_hour_and_past_hours_are_not_cached() {
    cache.filled(location, List.of(HOUR), List.of());
    Instant past = Instant.parse("2026-12-04T04:00:00Z");
    cache.wrote(List.of(f("pm25", past, 1, past.minusSeconds(60))));

    Duration expected = Duration.between(NOW, HOUR.plus(Duration.ofHours(2)));
    assertThat(memory.timeToLive(ForecastCache.key(location, HOUR)).orElseThrow())
        .isLessThanOrEqualTo(expected)
        .isGreaterThan(expected.minusSeconds(5));
    assertThat(memory.get(ForecastCache.key(location, past))).isEmpty();
    assertThat(ForecastCache.key(location, HOUR))
        .isEqualTo("prediction:" + location + ":2026-12-04T09:00:00Z");
    assertThat(cache.cachedHours(past, HOUR.plusSeconds(1)))
        .first()
        .isEqualTo(Instant.parse("2026-12-04T05:00:00Z"));
  }
}
