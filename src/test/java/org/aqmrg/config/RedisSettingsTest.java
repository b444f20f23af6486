package org.aqmrg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisSettingsTest {

  @Test
  void redis_cluster_nodes_selects_a_cluster_reached_through_those_nodes() {
    var settings =
        Settings.from(
            Map.of(
                "REDIS_CLUSTER_NODES",
                " redis-1:7000, 10.0.0.2:7001,[fd00::3]:7002,redis-1:7000",
                "REDIS_PASSWORD",
                "pw"));

    assertThat(settings.cache()).isEqualTo(Settings.CacheBackend.REDIS);
    var redis = settings.redis();
    assertThat(redis.clustered()).isTrue();
    assertThat(redis.cluster())
        .as("trimmed, a repeated node once, IPv6 without its brackets")
        .containsExactly(
            new RedisSettings.Node("redis-1", 7000),
            new RedisSettings.Node("10.0.0.2", 7001),
            new RedisSettings.Node("fd00::3", 7002));
    assertThat(redis.password().reveal()).isEqualTo("pw");
    assertThat(redis.target())
        .isEqualTo("Redis Cluster at redis-1:7000,10.0.0.2:7001,[fd00::3]:7002");
  }

  @Test
  void one_server_is_not_a_cluster_and_its_target_names_host_and_port() {
    var redis = Settings.from(Map.of("REDIS_HOST", "cache", "REDIS_PORT", "6380")).redis();
    assertThat(redis.clustered()).isFalse();
    assertThat(redis.cluster()).isEmpty();
    assertThat(redis.target()).isEqualTo("Redis at cache:6380");
    assertThat(new RedisSettings("::1", 6379, Secret.of("")).target())
        .isEqualTo("Redis at [::1]:6379");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "redis-1:7000,redis-2|2|redis-2",
        "redis-1|1|redis-1",
        "redis-1:7000,,redis-3:7000|2|",
        "fd00::3:7002|1|fd00::3:7002",
        "redis-1:0|1|redis-1:0",
        "redis-1:65536|1|redis-1:65536",
        "redis-1:port|1|redis-1:port",
        ":7000|1|:7000",
        "redis 1:7000|1|redis 1:7000",
      })
  void a_malformed_node_is_refused_with_its_item_number_and_the_expected_form(
      String nodes, int item, String shown) {
    assertThatThrownBy(() -> Settings.from(Map.of("REDIS_CLUSTER_NODES", nodes)))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("REDIS_CLUSTER_NODES must be a comma-separated list of host:port")
        .hasMessageContaining("[::1]:6379")
        .hasMessageContaining("item %d is '%s'".formatted(item, shown == null ? "" : shown));
  }

  @Test
  void redis_host_and_redis_cluster_nodes_together_are_refused() {
    assertThatThrownBy(
            () ->
                Settings.from(Map.of("REDIS_HOST", "cache", "REDIS_CLUSTER_NODES", "redis-1:7000")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("REDIS_HOST and REDIS_CLUSTER_NODES are both set");
  }

  @Test
  void the_cluster_list_is_copied_so_a_caller_cannot_change_it() {
    var nodes = new java.util.ArrayList<>(List.of(new RedisSettings.Node("a", 1)));
    var redis = RedisSettings.cluster(nodes, Secret.of(""));
    nodes.add(new RedisSettings.Node("b", 2));
    assertThat(redis.cluster()).hasSize(1);
    assertThat(redis.host()).isEqualTo("a");
  }
}
