package org.aqmrg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.aqmrg.testing.Cli;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./aqmrg rollups rebuild}: recomputes imported hours, with progress; bad ranges exit 2. */
class RollupsRebuildIT {
  @TempDir Path work;
  private String database;
  private Map<String, String> env;

  @BeforeEach
  void database() throws SQLException {
    database = TestServers.createDatabase("rebuild");
    env = new HashMap<>(TestServers.platformEnv(database));
    env.put("AQMRG_ROLLUPS", "off"); // only the rebuild computes
    var migrated = Cli.run(env, "migrate");
    assertThat(migrated.exit()).as(migrated.output()).isZero();
    try (var connection = TestServers.connect(database);
        var statement = connection.createStatement()) {
      statement.execute("INSERT INTO sensors (id, name) VALUES ('RB-1', 'one'), ('RB-2', 'two')");
    }
  }

  private int hourly(String sensor) throws SQLException {
    try (var connection = TestServers.connect(database);
        var result =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT count(*) FROM sensor_data_hourly WHERE sensor_id = '" + sensor + "'")) {
      result.next();
      return result.getInt(1);
    }
  }

  @Test
  void rebuild_recomputes_the_hours_with_raw_data_of_the_sensor_with_progress_and_a_summary()
      throws Exception {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3));
    var lines = new StringBuilder();
    for (String sensor : new String[] {"RB-1", "RB-2"}) {
      for (int h = 0; h < 3; h++) {
        long s = hour.plus(Duration.ofHours(h)).getEpochSecond();
        lines.append("air_quality,sensor_id=%s pm25=5 %d%n".formatted(sensor, s));
      }
    }
    Path file = work.resolve("old.lp");
    Files.writeString(file, lines);
    var imported = Cli.run(env, "import", "--precision", "s", file.toString());
    assertThat(imported.exit()).as(imported.output()).isZero();

    var rebuilt =
        Cli.run(
            env,
            "rollups",
            "rebuild",
            "--from",
            hour.minus(Duration.ofDays(1)).toString().substring(0, 10),
            "--to",
            hour.plus(Duration.ofHours(2)).toString(),
            "--sensor",
            "RB-1");

    assertThat(rebuilt.exit()).as(rebuilt.output()).isZero();
    assertThat(rebuilt.output())
        .contains("rollups rebuild: 100%")
        .contains("Rebuilt 2 hour(s)")
        .doesNotContain("\u001b");
    assertThat(hourly("RB-1")).isEqualTo(2);
    assertThat(hourly("RB-2")).isZero();
  }

  @Test
  void from_after_to_is_refused_with_exit_status_2() {
    var result =
        Cli.run(env, "rollups", "rebuild", "--from", "2026-11-03", "--to", "2026-11-01T00:00:00Z");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.output()).contains("--from (2026-11-03T00:00:00Z) must be before --to");
  }

  @Test
  void a_time_that_is_not_rfc_3339_or_a_date_is_refused_with_exit_status_2() {
    var result = Cli.run(env, "rollups", "rebuild", "--from", "yesterday", "--to", "2026-11-01");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.output()).contains("--from must be an RFC 3339 time").contains("'yesterday'");
  }

  @Test
  void an_unknown_sensor_is_refused_with_exit_status_2() {
    var result =
        Cli.run(
            env,
            "rollups",
            "rebuild",
            "--from",
            "2026-11-01",
            "--to",
            "2026-11-02",
            "--sensor",
            "NOPE");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.output()).contains("no sensor 'NOPE' in the registry");
  }
}
