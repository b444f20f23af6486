package org.aqmrg.readings.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.aqmrg.db.Database;
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
    return new PostgresReadingStore(
        Database.of(dataSource), "PostgreSQL test database " + database);
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

  /**
   * PostgreSQL keeps microseconds: readings a few nanoseconds apart are one point here, merged in
   * one batch (later fields win) and replaced by a later batch, never a failed write.
   */
  @Test
  void readings_within_one_microsecond_are_one_point_in_a_batch_and_across_batches() {
    String sensor = "US-" + java.util.UUID.randomUUID().toString().substring(0, 8);
    long second = Instant.now().minus(Duration.ofHours(1)).getEpochSecond() * 1_000_000_000L;
    long micro = second + 7_000; // 7 µs past the second

    store.write(
        List.of(
            Reading.builder(sensor, micro).set(Field.PM25, 1).set(Field.PM10, 10).build(),
            Reading.builder(sensor, micro + 2).set(Field.PM25, 2).build(),
            Reading.builder(sensor, micro + 1_000).set(Field.PM25, 3).build()));
    store.write(List.of(Reading.builder(sensor, micro + 999).set(Field.PM25, 4).build()));

    var stored =
        store.raw(
            sensor,
            Instant.ofEpochSecond(second / 1_000_000_000L).minusSeconds(1),
            Instant.ofEpochSecond(second / 1_000_000_000L).plusSeconds(1),
            10);
    assertThat(stored).extracting(Reading::timeNanos).containsExactly(micro, micro + 1_000);
    assertThat(stored.get(0).value(Field.PM25)).isEqualTo(4.0);
    assertThat(stored.get(0).value(Field.PM10)).as("kept from the first reading").isEqualTo(10.0);
    assertThat(stored.get(1).value(Field.PM25)).isEqualTo(3.0);
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
