package org.aqmrg.backup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InfluxBackupTest {
  @Test
  void a_continuous_query_follows_its_database_to_its_new_name() {
    String query =
        "CREATE CONTINUOUS QUERY cq ON aqmrg BEGIN SELECT mean(pm25) INTO"
            + " \"aqmrg\".\"sensor_data_hourly\".aqmrg_x FROM aqmrg.sensor_data.air_quality"
            + " GROUP BY time(1h) END";
    assertThat(InfluxBackup.renamed(query, "aqmrg", "restored"))
        .isEqualTo(
            "CREATE CONTINUOUS QUERY cq ON \"restored\" BEGIN SELECT mean(pm25) INTO"
                + " \"restored\".\"sensor_data_hourly\".aqmrg_x FROM"
                + " \"restored\".sensor_data.air_quality GROUP BY time(1h) END");
    assertThat(InfluxBackup.renamed(query, "aqmrg", "aqmrg")).isEqualTo(query);
  }

  @Test
  void each_key_belongs_to_the_pattern_of_its_prefix() {
    assertThat(RedisBackup.pattern("sensor:LAG-1:latest")).isEqualTo("sensor:*");
    assertThat(RedisBackup.pattern("user_sessions:42")).isEqualTo("user_sessions:*");
    assertThat(RedisBackup.pattern("session:abc")).isEqualTo("session:*");
    assertThat(RedisBackup.pattern("other:1")).isEqualTo("other");
  }
}
