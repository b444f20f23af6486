package org.aqmrg.readings.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Reading;
import org.junit.jupiter.api.Test;

/** InfluxQL quoting, the seed's retention policies and reading query answers. */
class InfluxQlTest {
  @Test
  void identifiers_and_strings_escape_their_quote_backslashes_and_newlines() {
    assertThat(InfluxQl.identifier("a\"b\\c'd")).isEqualTo("\"a\\\"b\\\\c'd\"");
    assertThat(InfluxQl.string("x'; DROP --\" \\\n")).isEqualTo("'x\\'; DROP --\" \\\\\\n'");
  }

  @Test
  void latest_and_raw_select_one_sensor_by_a_quoted_literal() {
    assertThat(InfluxQl.latest("aq\"db", "sensor_data", "it's"))
        .isEqualTo(
            "SELECT * FROM \"aq\\\"db\".\"sensor_data\".\"air_quality\" WHERE \"sensor_id\" ="
                + " 'it\\'s' GROUP BY * ORDER BY time DESC LIMIT 1");
    assertThat(
            InfluxQl.raw(
                "aqmrg",
                "sensor_data",
                "s",
                Instant.ofEpochSecond(1, 5),
                Instant.ofEpochSecond(2),
                10))
        .isEqualTo(
            "SELECT * FROM \"aqmrg\".\"sensor_data\".\"air_quality\" WHERE \"sensor_id\" = 's'"
                + " AND time >= 1000000005 AND time < 2000000000 GROUP BY * ORDER BY time ASC"
                + " LIMIT 10");
  }

  @Test
  void history_statements_quote_every_sensor_id_and_field_and_name_windows_in_seconds() {
    var query =
        new Query.Windowed(
            List.of("a' OR 1=1 --", "b\\", "\"; DROP MEASUREMENT air_quality"),
            Instant.ofEpochSecond(3600),
            Instant.ofEpochSecond(7200),
            List.of(Field.PM25, Field.NO2),
            Duration.ofMinutes(5),
            Query.Aggregate.LAST);

    assertThat(InfluxQl.windowed("aqmrg", "sensor_data", query))
        .isEqualTo(
            "SELECT last(\"pm25\") AS \"pm25\", last(\"no2\") AS \"no2\" FROM"
                + " \"aqmrg\".\"sensor_data\".\"air_quality\" WHERE (\"sensor_id\" = 'a\\' OR 1=1"
                + " --' OR \"sensor_id\" = 'b\\\\' OR \"sensor_id\" = '\"; DROP MEASUREMENT"
                + " air_quality') AND time >= 3600000000000 AND time < 7200000000000 GROUP BY"
                + " time(300s) fill(none)");
    assertThat(
            InfluxQl.rawPage(
                "aqmrg",
                "sensor_data",
                List.of("it's"),
                List.of(Field.CO),
                Instant.ofEpochSecond(1),
                Instant.ofEpochSecond(2),
                7))
        .isEqualTo(
            "SELECT \"co\" FROM \"aqmrg\".\"sensor_data\".\"air_quality\" WHERE (\"sensor_id\" ="
                + " 'it\\'s') AND time >= 1000000000 AND time < 2000000000 GROUP BY * ORDER BY"
                + " time ASC LIMIT 7");
  }

  @Test
  void times_outside_influxdbs_range_are_clamped() {
    assertThat(InfluxQl.nanos(Instant.MIN)).isEqualTo(InfluxQl.MIN_TIME);
    assertThat(InfluxQl.nanos(Instant.MAX)).isEqualTo(InfluxQl.MAX_TIME);
  }

  @Test
  void retention_policies_are_created_as_the_seed_defines_them() {
    assertThat(BucketSpec.SEED)
        .extracting(b -> InfluxQl.retentionPolicy(true, "aqmrg", b))
        .containsExactly(
            "CREATE RETENTION POLICY \"sensor_data\" ON \"aqmrg\" DURATION 30d REPLICATION 1"
                + " SHARD DURATION 1d DEFAULT",
            "CREATE RETENTION POLICY \"sensor_data_hourly\" ON \"aqmrg\" DURATION 730d"
                + " REPLICATION 1 SHARD DURATION 7d",
            "CREATE RETENTION POLICY \"sensor_data_daily\" ON \"aqmrg\" DURATION INF"
                + " REPLICATION 1 SHARD DURATION 30d",
            "CREATE RETENTION POLICY \"predictions\" ON \"aqmrg\" DURATION 365d REPLICATION 1"
                + " SHARD DURATION 7d");
    assertThat(InfluxQl.retentionPolicy(false, "aqmrg", BucketSpec.SEED.get(0)))
        .isEqualTo(
            "ALTER RETENTION POLICY \"sensor_data\" ON \"aqmrg\" DURATION 30d SHARD DURATION 1d"
                + " DEFAULT");
  }

  @Test
  void influxdb_durations_become_the_ports_retention() {
    assertThat(BucketSpec.retention(BucketSpec.parseGoDuration("720h0m0s"))).isEqualTo("30d");
    assertThat(BucketSpec.retention(BucketSpec.parseGoDuration("17520h0m0s"))).isEqualTo("730d");
    assertThat(BucketSpec.retention(BucketSpec.parseGoDuration("8760h0m0s"))).isEqualTo("365d");
    assertThat(BucketSpec.retention(BucketSpec.parseGoDuration("0s"))).isEqualTo("infinite");
    assertThat(BucketSpec.retention(BucketSpec.parseGoDuration("1h30m0s"))).isEqualTo("5400s");
    assertThat(BucketSpec.parseGoDuration("1m30.5s")).isEqualTo(90);
    assertThat(BucketSpec.parseGoDuration("10ms")).isZero();
    assertThatThrownBy(() -> BucketSpec.parseGoDuration("30d"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sizes_read_like_pg_size_pretty() {
    assertThat(V1Buckets.pretty(61)).isEqualTo("61 bytes");
    assertThat(V1Buckets.pretty(10 * 1024)).isEqualTo("10 kB");
    assertThat(V1Buckets.pretty(5L << 30)).isEqualTo("5120 MB");
  }

  @Test
  void series_of_one_sensor_merge_by_time_the_newest_series_winning() throws Exception {
    String answer =
        """
        {"statement_id":0,"series":[
          {"name":"air_quality","tags":{"location":"Ikeja","manufacturer":"","sensor_id":"s"},
           "columns":["time","co","pm25","pm10","unknown"],
           "values":[[100,null,1,2,"x"],[200,null,3,null,null]]},
          {"name":"air_quality","tags":{"location":"Yaba","manufacturer":"PurpleAir","sensor_id":"s"},
           "columns":["time","co","pm25","pm10","unknown"],
           "values":[[200,0.5,4,null,null],[300,null,5,null,null]]}
        ]}
        """;

    var readings = SeriesReader.readings("s", new ObjectMapper().readTree(answer));

    assertThat(readings)
        .containsExactly(
            Reading.builder("s", 100)
                .location("Ikeja")
                .set(Field.PM25, 1)
                .set(Field.PM10, 2)
                .build(),
            Reading.builder("s", 200)
                .location("Yaba")
                .manufacturer("PurpleAir")
                .set(Field.PM25, 4)
                .set(Field.CO, 0.5)
                .build(),
            Reading.builder("s", 300)
                .location("Yaba")
                .manufacturer("PurpleAir")
                .set(Field.PM25, 5)
                .build());
  }

  @Test
  void an_answer_without_series_has_no_readings() throws Exception {
    assertThat(SeriesReader.readings("s", new ObjectMapper().readTree("{\"statement_id\":0}")))
        .isEmpty();
  }
}
