package org.aqmrg.rollups.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.aqmrg.db.Database;
import org.aqmrg.db.Migrations;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.postgres.PostgresReadingStore;
import org.aqmrg.rollups.DailyStatistics;
import org.aqmrg.rollups.HourlyStatistics;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.rollups.RollupStoreContract;
import org.aqmrg.rollups.SensorDay;
import org.aqmrg.rollups.SensorHour;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;

class PostgresRollupStoreIT extends RollupStoreContract {
  private static String database;
  private Database sql;

  @Override
  protected ReadingStore newReadingStore() {
    if (database == null) {
      database = TestServers.createDatabase("rollups");
    }
    var dataSource = TestServers.dataSource(database);
    new Migrations(dataSource).migrate();
    sql = Database.of(dataSource);
    return new PostgresReadingStore(sql, "PostgreSQL test database " + database);
  }

  @Override
  protected RollupStore newRollupStore(ReadingStore readings) {
    return new PostgresRollupStore(sql, "PostgreSQL test database " + database);
  }

  private SensorHour hourAt(Instant hour) {
    return new SensorHour(
        sensor("old"),
        hour,
        Map.of(Field.PM25, HourlyStatistics.of(hour, new double[] {1, 2}, null)));
  }

  @Test
  void retention_drops_the_hourly_months_past_730_days_and_keeps_younger_ones_and_the_days() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    var old = hourAt(now.minus(Duration.ofDays(800)));
    var young = hourAt(now.minus(Duration.ofDays(700)));
    LocalDate oldDay = LocalDate.ofInstant(old.hour(), ZoneOffset.UTC);
    var day =
        new SensorDay(
            sensor("old"),
            oldDay,
            ZoneOffset.UTC,
            Map.of(
                Field.PM25,
                DailyStatistics.of(oldDay, ZoneOffset.UTC, List.of(old.fields().get(Field.PM25)))));
    store.writeHours(List.of(old, young));
    store.writeDays(List.of(day));
    List<String> ids = List.of(sensor("old"));
    Instant longAgo = now.minus(Duration.ofDays(900));

    assertThat(store.enforceRetention(now)).isEqualTo(1);

    assertThat(store.hours(ids, longAgo, now, List.of(Field.PM25))).containsExactly(young);
    assertThat(store.days(ids, longAgo, now, List.of(Field.PM25))).containsExactly(day);
    assertThat(store.enforceRetention(now)).isZero();
  }
}
