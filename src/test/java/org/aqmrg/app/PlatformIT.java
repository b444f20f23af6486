package org.aqmrg.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import org.aqmrg.config.Settings;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;

class PlatformIT {

  @Test
  void start_migrates_a_new_database_and_checks_every_configured_store() {
    var env = TestServers.fullPlatformEnv(TestServers.createDatabase("platform"));

    try (var platform = Platform.start(Settings.from(env))) {
      assertThat(platform.checks())
          .extracting(check -> check.role() + " " + check.check().up())
          .containsExactly("relational true", "timeseries true", "cache true");
      assertThat(platform.checks().get(1).target()).startsWith("InfluxDB at ");
    }
  }

  @Test
  void with_migration_on_start_off_pending_migrations_stop_start_with_the_command_to_run()
      throws Exception {
    long migrations;
    try (var files = Files.list(Path.of("databases/postgres/migrations"))) {
      migrations = files.filter(f -> f.toString().endsWith(".sql")).count();
    }
    var env = new HashMap<>(TestServers.platformEnv(TestServers.createDatabase("no_migrate")));
    env.put("AQMRG_MIGRATE_ON_START", "false");

    assertThatThrownBy(() -> Platform.start(Settings.from(env)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining(migrations + " schema migration(s) are pending")
        .hasMessageContaining("Run ./aqmrg migrate");
  }

  @Test
  void an_unreachable_database_stops_start_with_host_port_and_what_to_check() {
    var env = new HashMap<>(TestServers.platformEnv("aqmrg"));
    int port = TestServers.freePort();
    env.put("DATABASE_PORT", String.valueOf(port));

    assertThatThrownBy(() -> Platform.start(Settings.from(env)))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining(
            "cannot connect to PostgreSQL at " + TestServers.pgHost() + ":" + port)
        .hasMessageContaining("./aqmrg doctor")
        .hasMessageNotContaining(TestServers.pgPassword());
  }

  @Test
  void serve_on_a_port_in_use_says_which_and_what_to_set() throws Exception {
    var env = new HashMap<>(TestServers.platformEnv(TestServers.createDatabase("port_in_use")));
    try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      env.put("AQMRG_HTTP_HOST", "127.0.0.1");
      env.put("AQMRG_HTTP_PORT", String.valueOf(taken.getLocalPort()));

      var result = org.aqmrg.testing.Cli.run(env, "serve");

      assertThat(result.exit()).isEqualTo(org.aqmrg.cli.Main.EXIT_UNAVAILABLE);
      assertThat(result.output())
          .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
          .contains("set AQMRG_HTTP_PORT")
          .doesNotContain("at io.javalin");
    }
  }
}
