package org.aqmrg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.aqmrg.testing.Cli;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DoctorIT {

  /** How many migration files there are, so these tests hold when one is added. */
  private static long migrations() {
    try (var files = Files.list(Path.of("databases/postgres/migrations"))) {
      return files.filter(f -> f.toString().endsWith(".sql")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> migratedFullEnv() {
    String database = TestServers.createDatabase("doctor");
    var env = TestServers.fullPlatformEnv(database);
    assertThat(Cli.run(env, "migrate").exit()).isZero();
    return env;
  }

  @Test
  void all_stores_up_prints_ok_for_each_and_exits_0() {
    var result = Cli.run(migratedFullEnv(), "doctor");

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output())
        .containsPattern("ok +relational +PostgreSQL at .*: answered in")
        .containsPattern("ok +timeseries +InfluxDB at http://.*: answered in")
        .containsPattern("ok +cache +Redis at .*: answered in")
        .containsPattern("ok +schema .*all " + migrations() + " migrations applied")
        .contains("All stores answer.");
  }

  @Test
  void redis_that_refuses_is_named_with_host_port_and_what_to_try() {
    var env = new HashMap<>(migratedFullEnv());
    int port = TestServers.freePort();
    env.put("REDIS_HOST", "127.0.0.1");
    env.put("REDIS_PORT", String.valueOf(port));

    var result = Cli.run(env, "doctor");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.output())
        .contains(
            "FAIL  cache       Redis at 127.0.0.1:"
                + port
                + ": connection refused. Is Redis running and reachable? Try: redis-cli -h 127.0.0.1 -p "
                + port
                + " ping")
        .containsPattern("ok +relational")
        .contains("1 problem(s) found");
  }

  @Test
  void redis_with_a_wrong_password_points_at_redis_password() {
    var env = new HashMap<>(migratedFullEnv());
    env.put("REDIS_PASSWORD", "not-the-password");

    var result = Cli.run(env, "doctor");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.output()).containsPattern("FAIL +cache .*WRONGPASS.*Check REDIS_PASSWORD.");
  }

  @Test
  void influxdb_that_refuses_is_named_with_its_url() {
    var env = new HashMap<>(migratedFullEnv());
    int port = TestServers.freePort();
    env.put("INFLUXDB_URL", "http://127.0.0.1:" + port);

    var result = Cli.run(env, "doctor");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.output())
        .contains(
            "FAIL  timeseries  InfluxDB at http://127.0.0.1:"
                + port
                + ": connection refused. Is InfluxDB running and reachable? Try: curl -i"
                + " http://127.0.0.1:"
                + port
                + "/ping");
  }

  @Test
  void postgresql_that_refuses_is_named_with_host_and_port() {
    var env = new HashMap<>(TestServers.platformEnv("aqmrg"));
    int port = TestServers.freePort();
    env.put("DATABASE_HOST", "127.0.0.1");
    env.put("DATABASE_PORT", String.valueOf(port));

    var result = Cli.run(env, "doctor");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.output())
        .containsPattern(
            "FAIL +relational +PostgreSQL at 127.0.0.1:" + port + "/aqmrg: .*refused.*")
        .contains("pg_isready -h 127.0.0.1 -p " + port)
        .doesNotContain("schema");
  }

  @Test
  void postgresql_with_a_wrong_password_points_at_the_credentials() {
    var env = new HashMap<>(migratedFullEnv());
    env.put("DATABASE_PASSWORD", "wrong");

    var result = Cli.run(env, "doctor");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.output())
        .containsPattern("FAIL +relational .*password authentication failed")
        .contains("Check DATABASE_USER and DATABASE_PASSWORD.")
        .doesNotContain("wrong");
  }

  @Test
  void pending_migrations_are_a_problem_with_the_command_that_fixes_them() {
    var env = TestServers.platformEnv(TestServers.createDatabase("doctor_pending"));

    var result = Cli.run(env, "doctor");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.output())
        .containsPattern(
            "FAIL +schema .*%d of %d migrations pending. Run ./aqmrg migrate."
                .formatted(migrations(), migrations()));
  }

  @Test
  void the_embedded_default_is_started_checked_and_stopped(@TempDir Path dataDir) {
    var env =
        Map.of(
            "AQMRG_DATA_DIR", dataDir.toString(),
            "AQMRG_EMBEDDED_DB_PORT", String.valueOf(TestServers.freePort()));
    assertThat(Cli.run(env, "migrate").exit()).isZero();

    var result = Cli.run(env, "doctor");

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output())
        .containsPattern("ok +data +" + dataDir.toString().replace("/", "\\/") + ": writable")
        .containsPattern("ok +relational +embedded PostgreSQL in ")
        .containsPattern("ok +cache +in-process memory");
  }
}
