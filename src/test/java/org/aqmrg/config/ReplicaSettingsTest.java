package org.aqmrg.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaSettingsTest {

  @Test
  void no_replica_unless_its_host_is_set() {
    assertThat(Settings.from(Map.of("DATABASE_HOST", "db")).database().replica()).isEmpty();
  }

  @Test
  void the_replica_takes_the_primary_port_unless_given_one_and_five_seconds_of_lag() {
    var replica =
        Settings.from(
                Map.of(
                    "DATABASE_HOST",
                    "db",
                    "DATABASE_PORT",
                    "5433",
                    "DATABASE_REPLICA_HOST",
                    "db-ro"))
            .database()
            .replica()
            .orElseThrow();
    assertThat(replica).isEqualTo(new ReplicaSettings("db-ro", 5433, Duration.ofSeconds(5)));
    assertThat(replica.address()).isEqualTo("db-ro:5433");
    assertThat(replica.target("aqmrg")).isEqualTo("PostgreSQL replica at db-ro:5433/aqmrg");

    var other =
        Settings.from(
                Map.of(
                    "DATABASE_HOST", "db",
                    "DATABASE_REPLICA_HOST", "::1",
                    "DATABASE_REPLICA_PORT", "6432",
                    "AQMRG_REPLICA_MAX_LAG_SECONDS", "0"))
            .database()
            .replica()
            .orElseThrow();
    assertThat(other.maxLag()).isZero();
    assertThat(other.address()).isEqualTo("[::1]:6432");
  }

  @Test
  void a_replica_of_the_embedded_database_is_refused_with_what_to_do() {
    assertThatThrownBy(() -> Settings.from(Map.of("DATABASE_REPLICA_HOST", "db-ro")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("DATABASE_REPLICA_HOST needs DATABASE_HOST")
        .hasMessageContaining("unset DATABASE_REPLICA_HOST");
  }

  @Test
  void the_primary_named_as_its_own_replica_is_refused() {
    assertThatThrownBy(
            () -> Settings.from(Map.of("DATABASE_HOST", "DB", "DATABASE_REPLICA_HOST", "db")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("name the primary itself (db:5432)");
  }

  @Test
  void bad_ports_and_lags_are_named() {
    assertThatThrownBy(
            () ->
                Settings.from(
                    Map.of(
                        "DATABASE_HOST", "db",
                        "DATABASE_REPLICA_HOST", "db-ro",
                        "DATABASE_REPLICA_PORT", "x",
                        "AQMRG_REPLICA_MAX_LAG_SECONDS", "-1")))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("DATABASE_REPLICA_PORT")
        .hasMessageContaining("AQMRG_REPLICA_MAX_LAG_SECONDS");
  }
}
