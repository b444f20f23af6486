package org.aqmrg.cache.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.CacheContract;
import org.junit.jupiter.api.Test;

/** The contract on the in-process cache, plus its own clock-driven expiry and its bound. */
class MemoryCacheTest extends CacheContract {
  private final AtomicLong now = new AtomicLong(1_000_000);

  @Override
  protected Cache createCache() {
    return new MemoryCache();
  }

  @Test
  void a_key_lives_until_exactly_its_ttl_on_the_given_clock() {
    try (var memory = new MemoryCache(MemoryCache.DEFAULT_MAX_ENTRIES, now::get)) {
      memory.put("k", "v", Duration.ofMillis(500));
      now.addAndGet(499);
      assertThat(memory.get("k")).contains("v");
      assertThat(memory.timeToLive("k")).contains(Duration.ofMillis(1));
      now.addAndGet(1);
      assertThat(memory.get("k")).isEmpty();
      assertThat(memory.delete("k")).isFalse();
    }
  }

  @Test
  void a_counter_resets_in_what_is_left_of_its_window() {
    try (var memory = new MemoryCache(MemoryCache.DEFAULT_MAX_ENTRIES, now::get)) {
      assertThat(memory.increment("c", Duration.ofSeconds(60)))
          .isEqualTo(new Cache.Counter(1, Duration.ofSeconds(60)));
      now.addAndGet(20_000);
      assertThat(memory.increment("c", Duration.ofSeconds(60)))
          .isEqualTo(new Cache.Counter(2, Duration.ofSeconds(40)));
      now.addAndGet(40_000);
      assertThat(memory.increment("c", Duration.ofSeconds(60)))
          .isEqualTo(new Cache.Counter(1, Duration.ofSeconds(60)));
    }
  }

  @Test
  void a_counter_written_without_expiry_gets_the_window_on_its_next_increment() {
    try (var memory = new MemoryCache(MemoryCache.DEFAULT_MAX_ENTRIES, now::get)) {
      memory.compareAndSet(List.of(new Cache.Swap("c", null, "41", null)));
      assertThat(memory.increment("c", Duration.ofSeconds(10)))
          .isEqualTo(new Cache.Counter(42, Duration.ofSeconds(10)));
    }
  }

  @Test
  void expired_keys_that_are_never_read_again_are_dropped() {
    try (var memory = new MemoryCache(MemoryCache.DEFAULT_MAX_ENTRIES, now::get)) {
      for (int i = 0; i < 1000; i++) {
        memory.put("gone-" + i, "v", Duration.ofSeconds(1));
        memory.putHash("gone-hash-" + i, Map.of("a", "b"), Duration.ofSeconds(1));
      }
      memory.put("kept", "v", Duration.ofHours(1));
      memory.compareAndSet(List.of(new Cache.Swap("permanent", null, "v", null)));
      assertThat(memory.heldKeys()).isEqualTo(2002);

      now.addAndGet(1_000);

      assertThat(memory.heldKeys()).isEqualTo(2);
      assertThat(memory.get("kept")).contains("v");
      assertThat(memory.get("permanent")).contains("v");
    }
  }

  @Test
  void the_cache_holds_no_more_keys_than_its_bound_whatever_is_written() {
    try (var memory = new MemoryCache(1_000, now::get)) {
      for (int i = 0; i < 20_000; i++) {
        memory.put("value-" + i, "v", Duration.ofHours(1));
        memory.increment("counter-" + i, Duration.ofHours(1));
        memory.compareAndSet(List.of(new Cache.Swap("latest-" + i, null, "v", null)));
      }

      assertThat(memory.heldKeys()).isLessThanOrEqualTo(1_000).isGreaterThan(0);
    }
  }

  @Test
  void a_bound_below_one_key_is_refused() {
    assertThatThrownBy(() -> new MemoryCache(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
