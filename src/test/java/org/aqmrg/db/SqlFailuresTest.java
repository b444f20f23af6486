package org.aqmrg.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import org.aqmrg.error.ConflictException;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreRefusedException;
import org.aqmrg.error.StoreUnavailableException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlFailuresTest {
  @ParameterizedTest
  @ValueSource(strings = {"08006", "08001", "57P01", "57P03", "53300", "40001"})
  void a_lost_connection_or_a_passing_state_is_unavailable(String state) {
    var failure =
        SqlFailures.translate(
            Store.RELATIONAL, "listing sensors", Map.of(), new SQLException("gone", state));

    assertThat(failure)
        .isExactlyInstanceOf(StoreUnavailableException.class)
        .hasMessage("listing sensors failed: gone");
    assertThat(((StoreUnavailableException) failure).store()).isEqualTo(Store.RELATIONAL);
  }

  @Test
  void no_connection_from_the_pool_is_unavailable() {
    var timedOut =
        new ConnectionException(
            new SQLTransientConnectionException(
                "aqmrg - Connection is not available, request timed out after 1000ms",
                null,
                new ConnectException("Connection refused")));

    var failure = SqlFailures.translate(Store.TIMESERIES, "reading", Map.of(), timedOut);

    assertThat(failure).isExactlyInstanceOf(StoreUnavailableException.class);
    assertThat(((StoreUnavailableException) failure).store()).isEqualTo(Store.TIMESERIES);
  }

  @Test
  void a_refused_statement_is_refused_naming_the_store() {
    var failure =
        SqlFailures.translate(
            Store.RELATIONAL,
            "creating a user",
            Map.of(),
            new SQLException("value too long for type character varying(255)", "22001"));

    assertThat(failure)
        .isExactlyInstanceOf(StoreRefusedException.class)
        .hasMessageContaining("creating a user failed: value too long");
  }

  @Test
  void an_expected_state_becomes_the_callers_exception() {
    var failure =
        SqlFailures.translate(
            Store.RELATIONAL,
            "deleting a user",
            Map.of("23503", () -> ConflictException.on("id", "still owns alerts")),
            new SQLException("violates foreign key constraint", "23503"));

    assertThat(failure).isInstanceOf(ConflictException.class).hasMessage("still owns alerts");
  }
}
