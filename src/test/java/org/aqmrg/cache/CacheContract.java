package org.aqmrg.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Cache} adapter must do. A subclass per adapter supplies the cache; every key is
 * prefixed with a random value per test, so runs against a shared server never collide.
 */
public abstract class CacheContract {
  private static final Duration SHORT = Duration.ofMillis(300);
  private static final Duration LONG = Duration.ofMinutes(10);
  private static final Duration DEADLINE = Duration.ofSeconds(5);

  private final String prefix = "test:" + UUID.randomUUID() + ":";
  private final List<String> used = new ArrayList<>();
  protected Cache cache;

  /** A new cache on the adapter's store; closed after each test. */
  protected abstract Cache createCache();

  @BeforeEach
  void openCache() {
    cache = createCache();
  }

  @AfterEach
  void cleanUpAndClose() {
    try {
      used.forEach(cache::delete);
    } finally {
      cache.close();
    }
  }

  /** A key unique to this test, deleted after it. */
  protected String key(String name) {
    String key = prefix + name;
    used.add(key);
    return key;
  }

  @Test
  void put_then_get_returns_the_value_and_a_second_put_overwrites_it() {
    String key = key("greeting");
    cache.put(key, "hello", LONG);
    assertThat(cache.get(key)).contains("hello");

    cache.put(key, "bonjour", LONG);
    assertThat(cache.get(key)).contains("bonjour");
  }

  @Test
  void get_of_a_missing_key_is_empty() {
    assertThat(cache.get(key("missing"))).isEmpty();
  }

  @Test
  void a_value_expires_after_its_ttl() {
    String key = key("short-lived");
    cache.put(key, "v", SHORT);
    assertThat(cache.timeToLive(key))
        .hasValueSatisfying(ttl -> assertThat(ttl).isBetween(Duration.ZERO, SHORT));

    await().atMost(DEADLINE).until(() -> cache.get(key).isEmpty());
    assertThat(cache.timeToLive(key)).isEmpty();
  }

  @Test
  void a_put_replaces_the_ttl_of_the_value_it_overwrites() {
    String key = key("renewed");
    cache.put(key, "v1", SHORT);
    cache.put(key, "v2", LONG);
    assertThat(cache.timeToLive(key))
        .hasValueSatisfying(ttl -> assertThat(ttl).isGreaterThan(SHORT));
  }

  /** Stores {@code value} without expiry over whatever string {@code key} holds. */
  private void putPermanent(String key, String value) {
    String held = cache.get(key).orElse(null);
    assertThat(cache.compareAndSet(List.of(new Cache.Swap(key, held, value, null))))
        .containsExactly(key);
  }

  @Test
  void a_swap_without_ttl_stores_a_value_without_ttl_even_over_one_that_had_one() {
    String key = key("permanent");
    cache.put(key, "old", SHORT);
    putPermanent(key, "new");

    assertThat(cache.get(key)).contains("new");
    assertThat(cache.timeToLive(key)).isEmpty();
  }

  @Test
  void a_ttl_shorter_than_one_millisecond_is_rejected() {
    String key = key("bad-ttl");
    assertThatThrownBy(() -> cache.put(key, "v", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.putHash(key, Map.of("a", "1"), Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.increment(key, Duration.ofNanos(999_999)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.addToSet(key, "m", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Cache.Swap(key, null, "v", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(cache.get(key)).isEmpty();
  }

  @Test
  void delete_is_true_only_when_the_key_existed() {
    String key = key("doomed");
    String hash = key("doomed-hash");
    cache.put(key, "v", LONG);
    cache.putHash(hash, Map.of("a", "1"), LONG);

    assertThat(cache.delete(key)).isTrue();
    assertThat(cache.delete(hash)).isTrue();
    assertThat(cache.get(key)).isEmpty();
    assertThat(cache.getHash(hash)).isEmpty();
    assertThat(cache.delete(key)).isFalse();
  }

  @Test
  void putHash_replaces_every_field_and_sets_the_ttl() {
    String key = key("session");
    cache.putHash(key, Map.of("user_id", "u1", "role", "admin"), LONG);
    assertThat(cache.getHash(key)).isEqualTo(Map.of("user_id", "u1", "role", "admin"));

    cache.putHash(key, Map.of("user_id", "u2"), Duration.ofMinutes(1));
    assertThat(cache.getHash(key)).isEqualTo(Map.of("user_id", "u2"));
    assertThat(cache.timeToLive(key))
        .hasValueSatisfying(ttl -> assertThat(ttl).isBetween(Duration.ZERO, Duration.ofMinutes(1)));
  }

  @Test
  void putHash_with_no_fields_leaves_no_hash() {
    String key = key("emptied");
    cache.putHash(key, Map.of("a", "1"), LONG);
    cache.putHash(key, Map.of(), LONG);
    assertThat(cache.getHash(key)).isEmpty();
    assertThat(cache.delete(key)).isFalse();
  }

  @Test
  void a_hash_expires_after_its_ttl_and_a_missing_hash_is_empty() {
    String key = key("short-session");
    cache.putHash(key, Map.of("a", "1"), SHORT);
    assertThat(cache.getHash(key)).containsEntry("a", "1");

    await().atMost(DEADLINE).until(() -> cache.getHash(key).isEmpty());
    assertThat(cache.getHash(key("never-written"))).isEmpty();
  }

  @Test
  void the_first_increment_is_1_and_its_window_is_set() {
    String key = key("counter");
    Cache.Counter first = cache.increment(key, Duration.ofSeconds(60));

    assertThat(first.count()).isEqualTo(1);
    assertThat(first.resetsIn()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(60));
    assertThat(cache.timeToLive(key)).isPresent();
    assertThat(cache.get(key)).contains("1");
  }

  @Test
  void later_increments_keep_the_window_of_the_first_and_a_new_window_starts_over() {
    String key = key("window");
    cache.increment(key, SHORT);
    // A longer window on the second call must not extend the one that is running.
    Cache.Counter second = cache.increment(key, LONG);
    assertThat(second.count()).isEqualTo(2);
    assertThat(second.resetsIn()).isLessThanOrEqualTo(SHORT);
    assertThat(cache.timeToLive(key))
        .hasValueSatisfying(ttl -> assertThat(ttl).isLessThanOrEqualTo(SHORT));

    await().atMost(DEADLINE).until(() -> cache.get(key).isEmpty());
    Cache.Counter next = cache.increment(key, LONG);
    assertThat(next.count()).isEqualTo(1);
    assertThat(next.resetsIn()).isGreaterThan(SHORT);
  }

  @Test
  void incrementAll_adds_each_amount_in_the_window_of_its_counter_and_refuses_amounts_below_1() {
    String running = key("all-running");
    String fresh = key("all-fresh");
    cache.increment(running, SHORT);

    Map<String, Cache.Counter> counters = cache.incrementAll(Map.of(running, 4L, fresh, 7L), LONG);

    assertThat(counters.get(running).count()).isEqualTo(5);
    assertThat(counters.get(running).resetsIn()).isLessThanOrEqualTo(SHORT);
    assertThat(counters.get(fresh).count()).isEqualTo(7);
    assertThat(counters.get(fresh).resetsIn()).isGreaterThan(SHORT).isLessThanOrEqualTo(LONG);
    assertThat(cache.increment(fresh, LONG).count()).isEqualTo(8);
    assertThat(cache.incrementAll(Map.of(), LONG)).isEmpty();
    assertThatThrownBy(() -> cache.incrementAll(Map.of(fresh, 0L), LONG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(fresh)
        .hasMessageContaining("at least 1");
    assertThat(cache.get(fresh)).contains("8");
  }

  @Test
  void getHashAndIncrement_reads_the_hash_and_counts_on_the_subjects_counter() {
    String hashKey = key("session");
    cache.putHash(hashKey, Map.of("user_id", "u-1", "role", "admin"), LONG);
    String counterKey = key("rl:u-1:/api/v1/auth/me");
    var counter = new Cache.KeyedCounter(prefix + "rl:", ":/api/v1/auth/me", LONG);

    Cache.HashAndCounter first = cache.getHashAndIncrement(hashKey, "user_id", counter);
    Cache.HashAndCounter second = cache.getHashAndIncrement(hashKey, "user_id", counter);

    assertThat(first.hash()).isEqualTo(Map.of("user_id", "u-1", "role", "admin"));
    assertThat(first.counter()).hasValueSatisfying(c -> assertThat(c.count()).isEqualTo(1));
    assertThat(second.counter())
        .hasValueSatisfying(
            c -> {
              assertThat(c.count()).isEqualTo(2);
              assertThat(c.resetsIn()).isPositive().isLessThanOrEqualTo(LONG);
            });
    assertThat(cache.get(counterKey)).contains("2");
    assertThat(cache.timeToLive(counterKey)).isPresent();
    // The same counter as a plain increment: one limit, whichever way a request is counted.
    assertThat(cache.increment(counterKey, LONG).count()).isEqualTo(3);
  }

  @Test
  void getHashAndIncrement_counts_nothing_without_the_hash_or_its_subject_field() {
    String missing = key("no-such-session");
    String partial = key("partial");
    cache.putHash(partial, Map.of("role", "admin"), LONG);
    var counter = new Cache.KeyedCounter(prefix + "rl:", ":/x", LONG);
    key("rl:null:/x");
    key("rl::/x");

    Cache.HashAndCounter none = cache.getHashAndIncrement(missing, "user_id", counter);
    Cache.HashAndCounter noField = cache.getHashAndIncrement(partial, "user_id", counter);

    assertThat(none.hash()).isEmpty();
    assertThat(none.counter()).isEmpty();
    assertThat(noField.hash()).isEqualTo(Map.of("role", "admin"));
    assertThat(noField.counter()).isEmpty();
    assertThat(cache.get(prefix + "rl:null:/x")).isEmpty();
    assertThat(cache.get(prefix + "rl::/x")).isEmpty();
  }

  @Test
  void concurrent_increments_each_see_a_distinct_count() throws Exception {
    String key = key("busy");
    int threads = 8;
    int perThread = 250;
    var counts = new ConcurrentLinkedQueue<Long>();
    var start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      var done = new ArrayList<Future<?>>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    counts.add(cache.increment(key, LONG).count());
                  }
                  return null;
                }));
      }
      start.countDown();
      for (var future : done) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(counts)
        .hasSize(threads * perThread)
        .containsExactlyInAnyOrderElementsOf(
            LongStream.rangeClosed(1, threads * perThread).boxed().toList());
  }

  @Test
  void set_members_are_added_once_and_removed() {
    String key = key("tags");
    cache.addToSet(key, "a", LONG);
    cache.addToSet(key, "b", LONG);
    cache.addToSet(key, "a", LONG);
    assertThat(cache.members(key)).isEqualTo(Set.of("a", "b"));

    cache.removeFromSet(key, "a");
    cache.removeFromSet(key, "not-there");
    assertThat(cache.members(key)).isEqualTo(Set.of("b"));

    cache.removeFromSet(key, "b");
    assertThat(cache.members(key)).isEmpty();
    assertThat(cache.delete(key)).as("an empty set is no key").isFalse();
    assertThat(cache.members(key("never-written"))).isEmpty();
  }

  @Test
  void addToSet_sets_the_expiry_of_the_whole_set_from_now() {
    String key = key("expiring-set");
    cache.addToSet(key, "a", LONG);
    cache.addToSet(key, "b", SHORT);
    assertThat(cache.timeToLive(key))
        .hasValueSatisfying(ttl -> assertThat(ttl).isLessThanOrEqualTo(SHORT));

    await().atMost(DEADLINE).until(() -> cache.members(key).isEmpty());
  }

  @Test
  void timeToLive_is_empty_for_missing_and_permanent_keys() {
    String permanent = key("forever");
    putPermanent(permanent, "v");
    assertThat(cache.timeToLive(permanent)).isEmpty();
    assertThat(cache.timeToLive(key("missing"))).isEmpty();

    String expiring = key("expiring");
    cache.put(expiring, "v", Duration.ofSeconds(30));
    assertThat(cache.timeToLive(expiring))
        .hasValueSatisfying(
            ttl ->
                assertThat(ttl)
                    .isGreaterThan(Duration.ofSeconds(25))
                    .isLessThanOrEqualTo(Duration.ofSeconds(30)));
  }

  @Test
  void keys_with_spaces_colons_unicode_and_ipv6_addresses_are_kept_apart() {
    List<String> keys =
        List.of(
            key("with space"),
            key("rate_limit:ip:2001:db8::1:/api/v1/sensors/{id}"),
            key("rate_limit:ip:2001:db8::1:/api/v1/sensors"),
            key("Ìkẹjà ☁ 空気 🌫"),
            key("tab\tand\nnewline"));
    for (String key : keys) {
      cache.put(key, "value of " + key, LONG);
    }
    for (String key : keys) {
      assertThat(cache.get(key)).contains("value of " + key);
    }
    assertThat(cache.increment(key("rate_limit:ip:::1:/api/v1/readings"), LONG).count())
        .isEqualTo(1);
  }

  @Test
  void unicode_values_and_values_of_one_megabyte_come_back_unchanged() {
    String big = "x".repeat(1024 * 1024 - 8) + "Ẹ̀kọ́ 🌫";
    String key = key("big");
    cache.put(key, big, LONG);
    assertThat(cache.get(key)).hasValueSatisfying(value -> assertThat(value).isEqualTo(big));

    String hash = key("big-hash");
    cache.putHash(hash, Map.of("payload", big), LONG);
    assertThat(cache.getHash(hash).get("payload")).isEqualTo(big);
  }

  @Test
  void a_key_used_as_another_type_is_an_illegal_state() {
    String text = key("text");
    String hash = key("hash");
    cache.put(text, "not a number", LONG);
    cache.putHash(hash, Map.of("a", "1"), LONG);

    assertThatThrownBy(() -> cache.get(hash)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cache.members(text)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cache.increment(text, LONG)).isInstanceOf(IllegalStateException.class);
    assertThat(cache.get(text)).contains("not a number");
  }

  @Test
  void getAll_answers_the_string_keys_that_exist_in_one_map_and_leaves_out_the_rest() {
    String a = key("many:a");
    String b = key("many:b é 🌫");
    String counter = key("many:counter");
    String hash = key("many:hash");
    String set = key("many:set");
    cache.put(a, "alpha", LONG);
    putPermanent(b, "beta");
    cache.increment(counter, LONG);
    cache.putHash(hash, Map.of("f", "v"), LONG);
    cache.addToSet(set, "m", LONG);

    var values = cache.getAll(List.of(a, b, counter, hash, set, key("many:missing"), a));

    assertThat(values)
        .containsExactlyInAnyOrderEntriesOf(Map.of(a, "alpha", b, "beta", counter, "1"));
    assertThat(cache.getAll(List.of())).isEmpty();
  }

  @Test
  void getAll_leaves_out_an_expired_key() {
    String gone = key("many:short");
    String kept = key("many:long");
    cache.put(gone, "v", SHORT);
    cache.put(kept, "w", LONG);

    await()
        .atMost(DEADLINE)
        .untilAsserted(
            () -> assertThat(cache.getAll(List.of(gone, kept))).isEqualTo(Map.of(kept, "w")));
  }

  @Test
  void compareAndSet_stores_only_where_the_key_holds_the_expected_value() {
    String fresh = key("cas:fresh");
    String held = key("cas:held");
    String stale = key("cas:stale");
    String taken = key("cas:taken");
    cache.put(held, "v1", LONG);
    cache.put(stale, "v2", LONG);
    cache.put(taken, "already", LONG);

    var swapped =
        cache.compareAndSet(
            List.of(
                new Cache.Swap(fresh, null, "new", null),
                new Cache.Swap(held, "v1", "v1'", Duration.ofSeconds(30)),
                new Cache.Swap(stale, "v1", "lost", null),
                new Cache.Swap(taken, null, "lost", null)));

    assertThat(swapped).containsExactlyInAnyOrder(fresh, held);
    assertThat(cache.get(fresh)).contains("new");
    assertThat(cache.timeToLive(fresh)).isEmpty();
    assertThat(cache.get(held)).contains("v1'");
    assertThat(cache.timeToLive(held))
        .hasValueSatisfying(ttl -> assertThat(ttl).isBetween(SHORT, Duration.ofSeconds(30)));
    assertThat(cache.get(stale)).contains("v2");
    assertThat(cache.get(taken)).contains("already");
    assertThat(cache.compareAndSet(List.of())).isEmpty();
  }

  @Test
  void compareAndSet_sees_an_expired_key_as_missing_and_never_swaps_a_hash() {
    String gone = key("cas:gone");
    String hash = key("cas:hash");
    cache.put(gone, "old", SHORT);
    cache.putHash(hash, Map.of("a", "1"), LONG);
    await().atMost(DEADLINE).until(() -> cache.get(gone).isEmpty());

    var swapped =
        cache.compareAndSet(
            List.of(
                new Cache.Swap(gone, null, "new", LONG), new Cache.Swap(hash, null, "x", LONG)));

    assertThat(swapped).containsExactly(gone);
    assertThat(cache.get(gone)).contains("new");
    assertThat(cache.getHash(hash)).isEqualTo(Map.of("a", "1"));
  }

  @Test
  void compareAndSet_under_concurrent_writers_loses_no_update() throws Exception {
    String key = key("cas:race");
    var threads = new ArrayList<Thread>();
    for (int t = 0; t < 4; t++) {
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 50; i++) {
                  while (true) {
                    String held = cache.get(key).orElse(null);
                    String next = Long.toString(held == null ? 1 : Long.parseLong(held) + 1);
                    if (!cache
                        .compareAndSet(List.of(new Cache.Swap(key, held, next, LONG)))
                        .isEmpty()) {
                      break;
                    }
                  }
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(cache.get(key)).contains("200");
  }
}
