package org.aqmrg.cache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.cluster.SlotHash;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.CacheContract;
import org.aqmrg.config.RedisSettings;
import org.aqmrg.config.Secret;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;

/**
 * The contract on the three-master Redis Cluster the test services start, plus what only a cluster
 * can show: batches whose keys fall in many hash slots, on every master, in one call.
 */
class RedisClusterCacheIT extends CacheContract {
  private static final Duration LONG = Duration.ofMinutes(10);

  static RedisSettings testCluster() {
    List<RedisSettings.Node> nodes =
        Arrays.stream(TestServers.env("AQMRG_TEST_REDIS_CLUSTER_NODES").split(","))
            .map(
                item -> {
                  int colon = item.lastIndexOf(':');
                  return new RedisSettings.Node(
                      item.substring(0, colon), Integer.parseInt(item.substring(colon + 1)));
                })
            .toList();
    return RedisSettings.cluster(nodes, Secret.of(TestServers.env("AQMRG_TEST_REDIS_PASSWORD")));
  }

  @Override
  protected Cache createCache() {
    return new RedisCache(testCluster());
  }

  @Test
  void description_names_the_cluster_and_its_nodes() {
    assertThat(cache.description())
        .isEqualTo("Redis Cluster at " + TestServers.env("AQMRG_TEST_REDIS_CLUSTER_NODES"));
  }

  @Test
  void incrementAll_over_keys_in_many_slots_counts_each_key_once() {
    List<String> keys = keys("rl", 300);
    assertThat(slots(keys)).hasSizeGreaterThan(250);
    cache.increment(keys.get(0), LONG);
    var amounts = new LinkedHashMap<String, Long>();
    for (int i = 0; i < keys.size(); i++) {
      amounts.put(keys.get(i), (long) i + 1);
    }

    Map<String, Cache.Counter> counters = cache.incrementAll(amounts, LONG);

    assertThat(counters).hasSize(keys.size());
    assertThat(counters.get(keys.get(0)).count()).isEqualTo(2);
    for (int i = 1; i < keys.size(); i++) {
      assertThat(counters.get(keys.get(i)).count()).as(keys.get(i)).isEqualTo(i + 1);
      assertThat(cache.get(keys.get(i))).as(keys.get(i)).contains(String.valueOf(i + 1));
    }
  }

  @Test
  void compareAndSet_over_keys_in_many_slots_swaps_exactly_the_ones_that_match() {
    List<String> keys = keys("latest", 200);
    var swaps = new ArrayList<Cache.Swap>();
    var expected = new ArrayList<String>();
    for (int i = 0; i < keys.size(); i++) {
      String key = keys.get(i);
      switch (i % 3) {
        case 0 -> { // missing, expected missing: swapped
          swaps.add(new Cache.Swap(key, null, "new-" + i, LONG));
          expected.add(key);
        }
        case 1 -> { // held as expected: swapped
          cache.put(key, "old-" + i, LONG);
          swaps.add(new Cache.Swap(key, "old-" + i, "new-" + i, LONG));
          expected.add(key);
        }
        default -> { // changed by someone else: kept
          cache.put(key, "theirs-" + i, LONG);
          swaps.add(new Cache.Swap(key, "old-" + i, "new-" + i, LONG));
        }
      }
    }

    List<String> swapped = List.copyOf(cache.compareAndSet(swaps));

    assertThat(swapped).containsExactlyInAnyOrderElementsOf(expected);
    Map<String, String> now = cache.getAll(keys);
    for (int i = 0; i < keys.size(); i++) {
      String want = i % 3 == 2 ? "theirs-" + i : "new-" + i;
      assertThat(now.get(keys.get(i))).as(keys.get(i)).isEqualTo(want);
    }
  }

  @Test
  void a_session_and_its_rate_limit_counter_in_different_slots_are_read_and_counted() {
    String session = key("session:" + "a".repeat(40));
    cache.putHash(session, Map.of("user_id", "u-42"), LONG);
    var counter = new Cache.KeyedCounter(prefixOf(session) + "rl:", ":/api/v1/auth/me", LONG);
    String counterKey = key("rl:u-42:/api/v1/auth/me");
    assertThat(SlotHash.getSlot(session)).isNotEqualTo(SlotHash.getSlot(counterKey));

    cache.getHashAndIncrement(session, "user_id", counter);
    Cache.HashAndCounter second = cache.getHashAndIncrement(session, "user_id", counter);

    assertThat(second.hash()).isEqualTo(Map.of("user_id", "u-42"));
    assertThat(second.counter()).hasValueSatisfying(c -> assertThat(c.count()).isEqualTo(2));
  }

  @Test
  void a_cluster_whose_nodes_are_all_unreachable_is_unavailable_and_named() {
    int port = TestServers.freePort();
    var nowhere =
        RedisSettings.cluster(List.of(new RedisSettings.Node("127.0.0.1", port)), Secret.of(""));
    assertThatThrownBy(
            () -> {
              try (var cache = new RedisCache(nowhere)) {
                cache.get("any");
              }
            })
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("Redis Cluster at 127.0.0.1:" + port);
  }

  private List<String> keys(String name, int count) {
    return IntStream.range(0, count).mapToObj(i -> key(name + ":" + i)).toList();
  }

  private static Set<Integer> slots(List<String> keys) {
    return keys.stream().map(SlotHash::getSlot).collect(Collectors.toSet());
  }

  private static String prefixOf(String key) {
    return key.substring(0, key.indexOf("session:"));
  }
}
