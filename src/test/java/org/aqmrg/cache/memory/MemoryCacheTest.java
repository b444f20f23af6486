package org.aqmrg.cache.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.CacheContract;
import org.junit.jupiter.api.Test;

/** The contract on the in-process cache, plus its own clock-driven expiry and purge. */
class MemoryCacheTest extends CacheContract {
  private final AtomicLong now = new AtomicLong(1_000_000);

  @Override
  protected Cache createCache() {
    return new MemoryCache();
  }

  @Test
  void a_key_lives_until_exactly_its_ttl_on_the_given_clock() {
    try (var memory = new MemoryCache(now::get)) {
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
    try (var memory = new MemoryCache(now::get)) {
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
    try (var memory = new MemoryCache(now::get)) {
      memory.putPermanent("c", "41");
      assertThat(memory.increment("c", Duration.ofSeconds(10)))
          .isEqualTo(new Cache.Counter(42, Duration.ofSeconds(10)));
    }
  }

  @Test
  void expired_keys_that_are_never_read_again_are_purged() {
    try (var memory = new MemoryCache(now::get)) {
      for (int i = 0; i < 1000; i++) {
        memory.put("gone-" + i, "v", Duration.ofSeconds(1));
        memory.putHash("gone-hash-" + i, Map.of("a", "b"), Duration.ofSeconds(1));
      }
      memory.put("kept", "v", Duration.ofHours(1));
      assertThat(memory.heldKeys()).isEqualTo(2001);

      now.addAndGet(MemoryCache.PURGE_INTERVAL_MS);
      memory.put("trigger", "v", Duration.ofHours(1));

      assertThat(memory.heldKeys()).isEqualTo(2);
      assertThat(memory.get("kept")).contains("v");
    }
  }
}
