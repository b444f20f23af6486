package org.aqmrg.readings.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aqmrg.db.Migrations;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.ReadingStoreContract;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class PostgresReadingStoreIT extends ReadingStoreContract {
  private static String database;

  @Override
  protected ReadingStore newStore() {
    if (database == null) {
      database = TestServers.createDatabase("readings");
    }
    var dataSource = new PGSimpleDataSource();
    dataSource.setServerNames(new String[] {TestServers.pgHost()});
    dataSource.setPortNumbers(new int[] {TestServers.pgPort()});
    dataSource.setDatabaseName(database);
    dataSource.setUser(TestServers.pgUser());
    dataSource.setPassword(TestServers.pgPassword());
    new Migrations(dataSource).migrate();
    return new PostgresReadingStore(dataSource, "PostgreSQL test database " + database);
  }

  /** A backend's state, and when the server last changed it (microseconds since the epoch). */
  private record State(String state, long changedMicros) {}

  /** The state of the backend that runs the history query. */
  private static Optional<State> stateOfHistoryQuery() {
    String sql =
        "SELECT state, (extract(epoch FROM state_change) * 1000000)::bigint"
            + " FROM pg_stat_activity WHERE datname = ?"
            + " AND query LIKE 'SELECT time, sensor_id, %' AND pid <> pg_backend_pid()";
    try (var connection = TestServers.connect(database);
        var select = connection.prepareStatement(sql)) {
      select.setString(1, database);
      try (var rows = select.executeQuery()) {
        return rows.next()
            ? Optional.of(new State(rows.getString(1), rows.getLong(2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void history_rows_reach_the_sink_while_the_server_still_holds_the_rest_in_a_cursor() {
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
    String sensor = "stream-" + System.nanoTime();
    var batch = new ArrayList<Reading>();
    int count = PostgresHistory.FETCH_SIZE * 5 / 2;
    for (int i = 0; i < count; i++) {
      long nanos = start.plusSeconds(i).getEpochSecond() * 1_000_000_000L;
      batch.add(Reading.builder(sensor, nanos).set(Field.PM25, i).build());
    }
    store.write(batch);
    var seen = new ArrayList<State>();
    var received = new ArrayList<Double>();

    store.query(
        new Query.Raw(
            List.of(sensor),
            start,
            start.plus(Duration.ofHours(1)),
            List.of(Field.PM25),
            count,
            Optional.empty()),
        row -> {
          received.add(row.get(Field.PM25).orElseThrow());
          if (received.size() == 1 || received.size() == count) {
            seen.add(stateOfHistoryQuery().orElse(new State("no such backend", 0)));
          }
        });

    assertThat(received).hasSize(count);
    assertThat(received.get(count - 1)).isEqualTo(count - 1);
    assertThat(seen)
        .as("the query waits in its transaction while rows are passed on")
        .extracting(State::state)
        .containsExactly("idle in transaction", "idle in transaction");
    assertThat(seen.get(1).changedMicros())
        .as("fetching the later rows went back to the server after the first were passed on")
        .isGreaterThan(seen.get(0).changedMicros());
  }
}
