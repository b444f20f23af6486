package org.aqmrg.rollups;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.aqmrg.config.Settings;
import org.aqmrg.db.Database;
import org.aqmrg.db.Migrations;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The marks table on the test PostgreSQL: upsert, claim, lease, done, and an outage. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HourMarksIT {
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final Instant HOUR = Instant.parse("2026-11-20T10:00:00Z");

  private RelationalDatabase database;
  private HourMarks marks;
  private int sensors;

  @BeforeAll
  void migrate() {
    var settings = Settings.from(TestServers.platformEnv(TestServers.createDatabase("hour_marks")));
    database = RelationalDatabase.open(settings);
    new Migrations(database.dataSource()).migrate();
    marks = new HourMarks(database.sql(), Duration.ZERO, 100, Duration.ZERO);
  }

  @AfterAll
  void close() {
    database.close();
  }

  private String sensor() {
    return "MARKS-" + ProcessHandle.current().pid() + "-" + ++sensors;
  }

  private static Reading at(String sensor, Instant time) {
    return Reading.builder(sensor, time.getEpochSecond() * 1_000_000_000L)
        .set(Field.PM25, 1)
        .build();
  }

  private List<HourMarks.Mark> claimOf(String sensor, String instance) {
    return marks.claim(100, LEASE, instance).stream()
        .filter(m -> m.key().sensorId().equals(sensor))
        .toList();
  }

  @Test
  void a_write_marks_each_distinct_hour_it_touches_once() {
    String sensor = sensor();
    marks.beforeWrite(
        List.of(
            at(sensor, HOUR),
            at(sensor, HOUR.plusSeconds(3_599)),
            at(sensor, HOUR.plusSeconds(3_600)),
            at(sensor, HOUR.minus(Duration.ofDays(7)))));

    assertThat(claimOf(sensor, "a"))
        .extracting(HourMarks.Mark::key)
        .containsExactlyInAnyOrder(
            new HourKey(sensor, HOUR),
            new HourKey(sensor, HOUR.plusSeconds(3_600)),
            new HourKey(sensor, HOUR.minus(Duration.ofDays(7))));
  }

  @Test
  void a_claimed_mark_is_not_claimed_again_and_done_deletes_it() {
    String sensor = sensor();
    marks.mark(List.of(new HourKey(sensor, HOUR)));

    var claimed = claimOf(sensor, "a");
    assertThat(claimed).hasSize(1);
    assertThat(claimOf(sensor, "b")).isEmpty();
    marks.done("a", claimed);

    assertThat(count(sensor)).isZero();
  }

  @Test
  void a_mark_marked_again_after_its_claim_stays_with_its_claim_cleared() {
    String sensor = sensor();
    marks.mark(List.of(new HourKey(sensor, HOUR)));
    var claimed = claimOf(sensor, "a");
    marks.mark(List.of(new HourKey(sensor, HOUR)));

    marks.done("a", claimed);

    var again = claimOf(sensor, "b");
    assertThat(again).hasSize(1);
    assertThat(again.get(0).markedAt()).isAfter(claimed.get(0).markedAt());
  }

  @Test
  void a_mark_whose_lease_has_passed_is_claimed_by_another_worker() {
    String sensor = sensor();
    marks.mark(List.of(new HourKey(sensor, HOUR)));
    assertThat(
            marks.claim(10_000, Duration.ZERO, "dead").stream()
                .filter(m -> m.key().sensorId().equals(sensor)))
        .hasSize(1);

    assertThat(claimOf(sensor, "alive")).hasSize(1);
  }

  @Test
  void a_mark_younger_than_the_settle_time_is_not_claimed() {
    String sensor = sensor();
    var settling = new HourMarks(database.sql(), Duration.ofHours(1), 100, Duration.ZERO);
    settling.mark(List.of(new HourKey(sensor, HOUR)));

    assertThat(
            settling.claim(10_000, LEASE, "a").stream()
                .filter(m -> m.key().sensorId().equals(sensor)))
        .isEmpty();
    assertThat(claimOf(sensor, "a")).hasSize(1);
  }

  @Test
  void two_workers_claiming_at_once_never_get_the_same_mark_and_together_get_all()
      throws Exception {
    String sensor = sensor();
    var keys = new ArrayList<HourKey>();
    for (int h = 0; h < 2_000; h++) {
      keys.add(new HourKey(sensor, HOUR.minus(Duration.ofHours(h))));
    }
    marks.mark(keys);
    var pool = Executors.newFixedThreadPool(2);
    try {
      Callable<List<HourKey>> worker =
          () -> {
            String id = Thread.currentThread().getName();
            var mine = new ArrayList<HourKey>();
            for (var batch = claimOf(sensor, id); !batch.isEmpty(); batch = claimOf(sensor, id)) {
              batch.forEach(m -> mine.add(m.key()));
              marks.done(id, batch);
            }
            return mine;
          };
      var first = pool.submit(worker);
      var second = pool.submit(worker);
      var all = new ArrayList<>(first.get());
      all.addAll(second.get());

      assertThat(all).hasSize(keys.size()).containsExactlyInAnyOrderElementsOf(keys);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void while_postgresql_is_down_marks_wait_in_memory_and_are_written_with_the_next_success() {
    var switchable = new Switchable(database.dataSource());
    var hook = new HourMarks(Database.of(switchable), Duration.ZERO, 2, Duration.ZERO);
    String sensor = sensor();
    switchable.down = true;

    hook.beforeWrite(List.of(at(sensor, HOUR), at(sensor, HOUR.plusSeconds(3_600))));
    hook.beforeWrite(List.of(at(sensor, HOUR.plusSeconds(7_200))));
    assertThat(hook.pending()).isEqualTo(2); // bounded: the third is dropped, and logged
    assertThat(count(sensor)).isZero();

    switchable.down = false;
    hook.beforeWrite(List.of(at(sensor, HOUR.plusSeconds(10_800))));

    assertThat(hook.pending()).isZero();
    assertThat(count(sensor)).isEqualTo(3);
  }

  private int count(String sensor) {
    return database
        .sql()
        .withHandle(
            "counting marks",
            h ->
                h.createQuery("SELECT count(*) FROM rollup_marks WHERE sensor_id = ?")
                    .bind(0, sensor)
                    .mapTo(Integer.class)
                    .one());
  }

  /** A data source that refuses connections, as a stopped server does, while {@code down}. */
  private static final class Switchable implements DataSource {
    private final DataSource target;
    volatile boolean down;

    Switchable(DataSource target) {
      this.target = target;
    }

    @Override
    public Connection getConnection() throws SQLException {
      if (down) {
        throw new SQLException("Connection refused", "08001");
      }
      return target.getConnection();
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return false;
    }
  }
}
