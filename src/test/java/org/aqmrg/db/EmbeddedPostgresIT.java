package org.aqmrg.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.Map;
import org.aqmrg.config.Settings;
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

  @Test
  void a_port_taken_by_another_program_gives_an_actionable_message() throws Exception {
    try (var taken = new ServerSocket(0)) {
      assertThatThrownBy(() -> EmbeddedPostgres.start(dataDir, taken.getLocalPort()))
          .isInstanceOf(DatabaseUnavailableException.class)
          .hasMessageContaining("port " + taken.getLocalPort() + " is taken")
          .hasMessageContaining("AQMRG_EMBEDDED_DB_PORT");
    }
  }
}
