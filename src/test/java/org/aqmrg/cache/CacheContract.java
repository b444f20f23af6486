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

  @Test
  void putPermanent_stores_a_value_without_ttl_even_over_one_that_had_one() {
    String key = key("permanent");
    cache.put(key, "old", SHORT);
    cache.putPermanent(key, "new");

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
    var counter = new Cache.SubjectCounter(prefix + "rl:", ":/api/v1/auth/me", LONG);

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
    var counter = new Cache.SubjectCounter(prefix + "rl:", ":/x", LONG);
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
    cache.putPermanent(permanent, "v");
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
    cache.putPermanent(b, "beta");
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

  private static Cache.Stamped stamped(String key, String time, String note) {
    return new Cache.Stamped(key, "{\"time\":\"" + time + "\",\"note\":\"" + note + "\"}", time);
  }

  @Test
  void put_if_newer_keeps_the_newest_value_whatever_the_order_of_writes() {
    String a = key("latest:a");
    String b = key("latest:b");

    int first =
        cache.putIfNewer(
            List.of(
                stamped(a, "2026-11-25T14:05:00.000000000Z", "first"),
                stamped(b, "2026-11-25T14:00:00.000000000Z", "b")));
    int late = cache.putIfNewer(List.of(stamped(a, "2026-11-25T14:04:59.999999999Z", "late")));
    int newer = cache.putIfNewer(List.of(stamped(b, "2026-11-25T14:00:00.000000001Z", "newer")));

    assertThat(List.of(first, late, newer)).containsExactly(2, 0, 1);
    assertThat(cache.get(a)).hasValueSatisfying(v -> assertThat(v).contains("first"));
    assertThat(cache.get(b)).hasValueSatisfying(v -> assertThat(v).contains("newer"));
    assertThat(cache.timeToLive(a)).isEmpty();
    assertThat(cache.putIfNewer(List.of())).isZero();
  }

  private static Cache.Stamped reading(String key, String time, String fields) {
    return new Cache.Stamped(
        key,
        "{\"sensor_id\":\"S-1\",\"time\":\""
            + time
            + "\",\"location\":null,\"fields\":{"
            + fields
            + "}}",
        time);
  }

  @Test
  void put_if_newer_with_the_same_time_merges_the_fields_the_new_value_winning() {
    String a = key("latest:same");
    String t = "2026-11-25T14:05:00.000000000Z";
    cache.putIfNewer(List.of(reading(a, t, "\"pm25\":35.2,\"humidity\":78.0")));

    int same = cache.putIfNewer(List.of(reading(a, t, "\"pm10\":45.8,\"pm25\":36.5")));

    assertThat(same).isOne();
    assertThat(cache.get(a))
        .contains(
            "{\"sensor_id\":\"S-1\",\"time\":\""
                + t
                + "\",\"location\":null,\"fields\":{\"pm10\":45.8,\"pm25\":36.5,\"humidity\":78.0}}");
  }

  @Test
  void put_if_newer_with_the_same_time_and_the_same_fields_takes_the_new_values() {
    String a = key("latest:resent");
    String t = "2026-11-25T14:05:00.000000000Z";
    cache.putIfNewer(List.of(reading(a, t, "\"pm25\":1.0")));

    cache.putIfNewer(List.of(reading(a, t, "\"pm25\":2.0")));
    cache.putIfNewer(List.of(reading(a, "2026-11-25T14:04:00.000000000Z", "\"o3\":9.0")));

    assertThat(cache.get(a)).hasValueSatisfying(v -> assertThat(v).endsWith("{\"pm25\":2.0}}"));
  }

  @Test
  void put_if_newer_with_a_later_time_replaces_the_fields_whole() {
    String a = key("latest:later");
    cache.putIfNewer(List.of(reading(a, "2026-11-25T14:05:00.000000000Z", "\"pm25\":1.0")));

    cache.putIfNewer(List.of(reading(a, "2026-11-25T14:06:00.000000000Z", "\"no2\":3.0")));

    assertThat(cache.get(a)).hasValueSatisfying(v -> assertThat(v).endsWith("{\"no2\":3.0}}"));
  }

  @Test
  void put_if_newer_with_the_same_time_replaces_a_value_without_fields() {
    String a = key("latest:nofields");
    String t = "2026-11-25T14:05:00.000000000Z";
    cache.putIfNewer(List.of(stamped(a, t, "old")));

    cache.putIfNewer(List.of(reading(a, t, "\"co\":0.5")));

    assertThat(cache.get(a))
        .hasValueSatisfying(v -> assertThat(v).endsWith("{\"co\":0.5}}").doesNotContain("old"));
  }

  @Test
  void put_if_newer_replaces_a_value_that_is_not_stamped_json() {
    String a = key("latest:plain");
    cache.putPermanent(a, "not json");

    assertThat(cache.putIfNewer(List.of(stamped(a, "2026-01-01T00:00:00.000000000Z", "x"))))
        .isOne();
  }

  @Test
  void put_if_newer_takes_the_time_member_not_a_look_alike_inside_a_string() {
    String a = key("latest:lookalike");
    cache.putPermanent(
        a,
        "{\"sensor_id\":\"x\\\"time\\\":\\\"9999-01-01T00:00:00.000000000Z\","
            + "\"time\":\"2026-01-01T00:00:00.000000000Z\"}");

    int older = cache.putIfNewer(List.of(stamped(a, "2025-12-31T23:59:59.999999999Z", "older")));
    int newer = cache.putIfNewer(List.of(stamped(a, "2026-06-01T00:00:00.000000000Z", "newer")));

    assertThat(List.of(older, newer)).containsExactly(0, 1);
    assertThat(cache.get(a)).hasValueSatisfying(v -> assertThat(v).contains("newer"));
  }

  @Test
  void put_if_newer_under_concurrent_writers_ends_with_the_newest() throws Exception {
    String a = key("latest:race");
    var threads = new ArrayList<Thread>();
    for (int t = 0; t < 4; t++) {
      int offset = t;
      threads.add(
          new Thread(
              () -> {
                for (int i = offset; i < 400; i += 4) {
                  cache.putIfNewer(
                      List.of(
                          stamped(
                              a,
                              "2026-11-25T14:%02d:%02d.000000000Z".formatted(i / 60, i % 60),
                              "v" + i)));
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread thread : threads) {
      thread.join();
    }

    assertThat(cache.get(a)).hasValueSatisfying(v -> assertThat(v).contains("\"v399\""));
  }
}
