package org.aqmrg.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.aqmrg.readings.SeedBucket;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;

class PartitionMaintenanceIT {
  private static PartitionMaintenance maintenance(javax.sql.DataSource dataSource) {
    return new PartitionMaintenance(
        Database.of(dataSource),
        SeedBucket.RAW.retentionDays(),
        SeedBucket.PREDICTIONS.retentionDays());
  }

  @Test
  void partitions_ahead_are_created_once_and_rows_of_their_month_leave_the_default()
      throws Exception {
    String database = TestServers.createDatabase("partition_maintenance");
    var dataSource = MigrationsIT.dataSource(database);
    new Migrations(dataSource).migrate();
    try (var connection = dataSource.getConnection()) {
      connection
          .createStatement()
          .execute(
              "INSERT INTO audit_logs (occurred_at, actor_type, action)"
                  + " VALUES ('2031-07-15T10:00:00Z', 'system', 'test.far_future')");
    }
    var maintenance = maintenance(dataSource);

    // 4 months of predictions, audit_logs and alert_events each, 3 raw days, 4 months of hourly
    // rollups.
    assertThat(maintenance.ensure(LocalDate.of(2031, 7, 20))).isEqualTo(19);
    assertThat(maintenance.ensure(LocalDate.of(2031, 7, 20))).isZero();

    assertThat(
            MigrationsIT.names(
                database,
                "SELECT tableoid::regclass::text FROM audit_logs WHERE action = 'test.far_future'"))
        .containsExactly("audit_logs_y2031m07");
    assertThat(
            MigrationsIT.names(
                database,
                "SELECT tablename FROM pg_tables WHERE tablename LIKE 'predictions_y2031m%'"))
        .containsExactlyInAnyOrder(
            "predictions_y2031m07",
            "predictions_y2031m08",
            "predictions_y2031m09",
            "predictions_y2031m10");
    // The months of predictions past their 365 days, those V001 created included, are gone;
    // hourly rollups keep theirs for 730 days.
    assertThat(
            MigrationsIT.names(
                database,
                "SELECT tablename FROM pg_tables WHERE tablename LIKE 'predictions\\_y%'"))
        .hasSize(4);
    assertThat(
            MigrationsIT.names(
                database,
                "SELECT tablename FROM pg_tables WHERE tablename LIKE 'sensor\\_data\\_hourly\\_y%'"))
        .hasSizeGreaterThan(4);
    // Raw days older than the 30-day retention, counted from that day, are gone.
    assertThat(
            MigrationsIT.names(
                database,
                "SELECT tablename FROM pg_tables WHERE tablename LIKE 'sensor\\_data\\_p%'"))
        .containsExactlyInAnyOrder(
            "sensor_data_p20310720", "sensor_data_p20310721", "sensor_data_p20310722");
  }

  @Test
  void ensuring_the_months_ahead_of_today_creates_nothing_after_migration() {
    String database = TestServers.createDatabase("partition_today");
    var dataSource = MigrationsIT.dataSource(database);
    new Migrations(dataSource).migrate();

    // V001 creates the previous month to three months ahead: exactly what start-up keeps.
    assertThat(maintenance(dataSource).ensureAhead()).isZero();
  }
}
