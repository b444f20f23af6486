package org.aqmrg.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.Cli;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/admin/stats} and {@code ./aqmrg stats} against real PostgreSQL (with
 * pg_stat_statements preloaded, as scripts/test-services runs it), InfluxDB and Redis.
 */
class StatsIT {
  private static Map<String, String> fullStack() {
    var env = new HashMap<String, String>();
    env.put("INFLUXDB_URL", TestServers.env("AQMRG_TEST_INFLUXDB_URL"));
    env.put("INFLUXDB_DATABASE", "stats_" + Long.toHexString(System.nanoTime()));
    return env;
  }

  @Test
  void an_admin_reads_every_line_of_the_monitoring_section() {
    try (var server = ApiServer.start("redis", fullStack())) {
      server
          .platform()
          .database()
          .sql()
          .useHandle(
              "enabling pg_stat_statements",
              handle -> {
                handle.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                handle.execute(
                    "INSERT INTO sensors (id, name, status) VALUES ('ST-1', 'ST-1', 'active')");
              });
      server.user("admin@stats.test", Role.ADMIN);
      server.user("viewer@stats.test", Role.RESEARCHER);
      String admin = server.login("admin@stats.test");
      String viewer = server.login("viewer@stats.test");
      var write =
          server.send(
              "POST",
              "/api/v2/write?bucket=sensor_data&org=aqmrg",
              "air_quality,sensor_id=ST-1 pm25=12.5\nair_quality,sensor_id=ST-1 pm25=oops",
              "Authorization",
              ApiServer.bearer(admin),
              "Content-Type",
              "text/plain");
      assertThat(write.statusCode()).as(write.body()).isLessThan(500);

      assertThat(server.get("/api/v1/admin/stats").statusCode()).isEqualTo(401);
      assertThat(
              server
                  .get("/api/v1/admin/stats", "Authorization", ApiServer.bearer(viewer))
                  .statusCode())
          .isEqualTo(403);
      var response = server.get("/api/v1/admin/stats", "Authorization", ApiServer.bearer(admin));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      JsonNode stats = ApiServer.json(response);

      JsonNode pg = stats.get("postgres");
      assertThat(pg.has("error")).as(pg.toString()).isFalse();
      assertThat(pg.get("connections").asLong()).isPositive();
      assertThat(pg.get("active_connections").asLong()).isPositive();
      assertThat(pg.get("slowest_statements")).as(pg.toString()).isNotEmpty();
      assertThat(pg.get("slowest_statements").get(0).get("calls").asLong()).isPositive();
      assertThat(pg.get("tables").findValuesAsText("table"))
          .contains("users", "sensors", "audit_logs");
      assertThat(pg.get("largest_partitions").get(0).get("partition_of").asText()).isNotBlank();

      JsonNode influx = stats.get("influxdb");
      assertThat(influx.has("error")).as(influx.toString()).isFalse();
      assertThat(influx.get("buckets").findValuesAsText("retention_policy"))
          .contains("sensor_data", "sensor_data_hourly", "sensor_data_daily", "predictions");
      assertThat(influx.get("series_cardinality").asLong()).isPositive();
      assertThat(influx.get("points_written_since_start").asLong()).isPositive();
      assertThat(influx.get("queries_executed").asLong()).isPositive();
      assertThat(influx.get("mean_query_ms").asDouble()).isPositive();

      JsonNode redis = stats.get("redis");
      assertThat(redis.has("error")).as(redis.toString()).isFalse();
      assertThat(redis.get("used_memory").asLong()).isPositive();
      assertThat(redis.get("keys_by_pattern").get("sensor:*").asLong())
          .as(redis.toString())
          .isPositive();
      assertThat(redis.get("keys_by_pattern").get("session:*").asLong()).isGreaterThanOrEqualTo(2);
      assertThat(redis.get("evicted_keys").isNumber()).isTrue();
      assertThat(redis.get("commands_processed").asLong()).isPositive();
      assertThat(redis.get("busiest_commands").get(0).get("calls").asLong()).isPositive();

      JsonNode platform = stats.get("platform");
      assertThat(platform.get("ingest").get("accepted").asLong())
          .as(platform.toString())
          .isEqualTo(1);
      assertThat(platform.get("ingest").get("refused").asLong()).isEqualTo(1);
      assertThat(platform.get("ingest").get("refused_by_reason").size()).isEqualTo(1);
      assertThat(platform.has("rollup_pending_hours")).as(platform.toString()).isTrue();
      assertThat(platform.get("alert_deliveries_last24h").has("failed")).isTrue();
      assertThat(platform.get("last_backup").asText()).contains("AQMRG_BACKUP_SCHEDULE");
    }
  }

  @Test
  void the_command_prints_each_store_and_says_how_to_enable_slow_statements() {
    try (var server = ApiServer.start("redis", fullStack())) {
      server
          .platform()
          .database()
          .sql()
          .useHandle(
              "registering a sensor",
              handle ->
                  handle.execute(
                      "INSERT INTO sensors (id, name, status) VALUES ('ST-2', 'ST-2', 'active')"));
      server.user("admin@stats-cli.test", Role.ADMIN);
      var write =
          server.send(
              "POST",
              "/api/v2/write?bucket=sensor_data&org=aqmrg",
              "air_quality,sensor_id=ST-2 pm25=12.5,pm10=20",
              "Authorization",
              ApiServer.bearer(server.login("admin@stats-cli.test")),
              "Content-Type",
              "text/plain");
      assertThat(write.statusCode()).as(write.body()).isEqualTo(204);
      // Not serving on AQMRG_HTTP_PORT: the command says so, and shows the rest.
      var alone = Cli.run(server.env(), "stats");
      assertThat(alone.exit()).as(alone.output()).isZero();
      assertThat(alone.output()).contains("no ./aqmrg serve answering at");

      var env = new HashMap<>(server.env());
      env.put("AQMRG_HTTP_PORT", String.valueOf(server.port()));
      var result = Cli.run(env, "stats");
      assertThat(result.exit()).as(result.output()).isZero();
      assertThat(result.output())
          .contains("PostgreSQL", "connections", "table sizes", "largest partitions")
          .contains(PostgresStats.ENABLE_STATEMENTS)
          .contains("InfluxDB", "bucket sizes", "series cardinality", "write rate")
          .contains("Redis", "memory", "evicted keys", "sensor:*", "session:*", "commands")
          .contains("query performance")
          .contains("Platform", "ingest", "rollup lag", "alert deliveries", "last backup")
          .contains("1 accepted and 0 refused since the server started");
      var json = Cli.run(server.env(), "stats", "--json");
      assertThat(json.exit()).as(json.output()).isZero();
      assertThat(json.output()).contains("\"keys_by_pattern\"", "\"slowest_statements_note\"");
      var bad = Cli.run(server.env(), "stats", "--watch", "0");
      assertThat(bad.exit()).isNotZero();
      assertThat(bad.output()).contains("--watch");
    }
  }
}
