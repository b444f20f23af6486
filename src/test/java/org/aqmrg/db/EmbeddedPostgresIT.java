package org.aqmrg.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import org.aqmrg.config.Settings;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresIT {
  @TempDir Path dataDir;

  private Settings settings(int port) {
    return Settings.from(
        Map.of(
            "AQMRG_DATA_DIR", dataDir.toString(), "AQMRG_EMBEDDED_DB_PORT", String.valueOf(port)));
  }

  private static int count(RelationalDatabase database, String sql) throws Exception {
    try (var connection = database.dataSource().getConnection();
        var rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void data_survives_a_stop_and_a_start() throws Exception {
    int port = TestServers.freePort();
    try (var database = RelationalDatabase.open(settings(port))) {
      assertThat(database.embedded()).isTrue();
      new Migrations(database.dataSource()).migrate();
      try (var connection = database.dataSource().getConnection()) {
        connection
            .createStatement()
            .execute(
                "INSERT INTO locations (name, city, country, latitude, longitude)"
                    + " VALUES ('Yaba', 'Lagos', 'NG', 6.5095, 3.3711)");
      }
    }
    assertThatThrownBy(
            () ->
                DriverManager.getConnection(
                    "jdbc:postgresql://localhost:" + port + "/aqmrg", "postgres", ""))
        .as("the server stops when the platform closes")
        .isInstanceOf(java.sql.SQLException.class);

    try (var database = RelationalDatabase.open(settings(port))) {
      assertThat(new Migrations(database.dataSource()).pending()).isEmpty();
      assertThat(count(database, "SELECT count(*) FROM locations WHERE name = 'Yaba'"))
          .isEqualTo(1);
    }
  }

  @Test
  void a_second_command_attaches_to_the_running_server_and_leaves_it_running() throws Exception {
    int port = TestServers.freePort();
    try (var first = EmbeddedPostgres.start(dataDir, port)) {
      assertThat(first.owned()).isTrue();

      try (var second = EmbeddedPostgres.start(dataDir, port)) {
        assertThat(second.owned()).isFalse();
        assertThat(second.jdbcUrl()).isEqualTo(first.jdbcUrl());
      }

      try (var connection = DriverManager.getConnection(first.jdbcUrl(), "postgres", "")) {
        assertThat(connection.isValid(2)).isTrue();
      }
    }
  }

  private static String show(String jdbcUrl, String setting) throws Exception {
    try (var connection = DriverManager.getConnection(jdbcUrl, "postgres", "");
        var rows = connection.createStatement().executeQuery("SHOW " + setting)) {
      rows.next();
      return rows.getString(1);
    }
  }

  @Test
  void the_server_runs_with_the_durable_settings_postgresql_ships_with() throws Exception {
    try (var server = EmbeddedPostgres.start(dataDir, TestServers.freePort())) {
      assertThat(show(server.jdbcUrl(), "fsync")).isEqualTo("on");
      assertThat(show(server.jdbcUrl(), "synchronous_commit")).isEqualTo("on");
      assertThat(show(server.jdbcUrl(), "full_page_writes")).isEqualTo("on");
    }
  }

  @Test
  void a_serve_adopts_the_server_a_command_started_and_stops_it_after_the_command_left()
      throws Exception {
    int port = TestServers.freePort();
    var command = EmbeddedPostgres.start(dataDir, port);
    long pid = postmasterPid();
    try {
      try (var serve = EmbeddedPostgres.start(dataDir, port, EmbeddedPostgres.Caller.SERVE)) {
        assertThat(serve.owned()).isTrue();

        command.close();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
            .as("the command left the server to the serve that adopted it")
            .isPresent();
        try (var connection = DriverManager.getConnection(serve.jdbcUrl(), "postgres", "")) {
          assertThat(connection.isValid(2)).isTrue();
        }
      }
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
          .as("the serve stopped the server it adopted")
          .isEmpty();
      assertThat(TestServers.answers(port)).isFalse();
    } finally {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
  }

  @Test
  void a_second_serve_on_the_same_data_folder_is_refused_with_what_to_do() throws Exception {
    int port = TestServers.freePort();
    try (var first = EmbeddedPostgres.start(dataDir, port, EmbeddedPostgres.Caller.SERVE)) {
      assertThatThrownBy(
              () ->
                  EmbeddedPostgres.start(
                      dataDir, port, EmbeddedPostgres.Caller.SERVE, Duration.ofMillis(300)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("another ./aqmrg serve")
          .hasMessageContaining("is running with the data folder")
          .hasMessageContaining("AQMRG_DATA_DIR");
      assertThat(first.owned()).isTrue();
    }
    assertThat(TestServers.answers(port)).isFalse();
  }

  private long postmasterPid() throws Exception {
    return Long.parseLong(
        Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
  }

  @Test
  void a_port_taken_by_another_program_gives_an_actionable_message() throws Exception {
    try (var taken = new ServerSocket(0)) {
      assertThatThrownBy(() -> EmbeddedPostgres.start(dataDir, taken.getLocalPort()))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("port " + taken.getLocalPort() + " is taken")
          .hasMessageContaining("AQMRG_EMBEDDED_DB_PORT");
    }
  }
}
