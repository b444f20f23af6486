package org.aqmrg.db;

import java.sql.Date;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.aqmrg.readings.SeedBucket;

/**
 * Keeps partitions in place ahead of time: monthly ones of {@code predictions}, {@code audit_logs}
 * and {@code sensor_data_hourly}, daily ones of {@code sensor_data}, whose days past the raw
 * retention it drops. The platform runs it at start-up and once a day; it is idempotent and safe
 * with several instances running it at once.
 */
public final class PartitionMaintenance {
  /** The partitioned tables. */
  static final List<String> TABLES = List.of("predictions", "audit_logs");

  /** The current month and this many after it always exist. */
  static final int MONTHS_AHEAD = 3;

  /** Today and this many days after it always have a raw partition. */
  static final int DAYS_AHEAD = 2;

  /** Raw readings are kept this many days (the seed's sensor_data bucket). */
  static final int RAW_RETENTION_DAYS = SeedBucket.RAW.retentionDays();

  private final DataSource dataSource;

  public PartitionMaintenance(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Ensures the partitions from today's month on; returns how many were created. */
  public int ensureAhead() {
    return ensure(LocalDate.now(ZoneOffset.UTC));
  }

  /** Ensures the partitions of {@code from}'s month and the months after it. */
  public int ensure(LocalDate from) {
    int created = 0;
    try (var connection = dataSource.getConnection();
        var call =
            connection.prepareStatement(
                "SELECT aqmrg_ensure_monthly_partitions(?::regclass, ?, ?)")) {
      for (String table : TABLES) {
        call.setString(1, table);
        call.setDate(2, Date.valueOf(from));
        call.setInt(3, MONTHS_AHEAD + 1);
        try (var rows = call.executeQuery()) {
          rows.next();
          created += rows.getInt(1);
        }
      }
      try (var daily =
              connection.prepareStatement(
                  "SELECT aqmrg_ensure_daily_partitions('sensor_data', ?, ?)");
          var dropRaw =
              connection.prepareStatement(
                  "SELECT aqmrg_drop_daily_partitions_before('sensor_data', ?)");
          var hourly =
              connection.prepareStatement(
                  "SELECT aqmrg_ensure_monthly_partitions('sensor_data_hourly', ?, ?)")) {
        daily.setDate(1, Date.valueOf(from));
        daily.setInt(2, DAYS_AHEAD + 1);
        try (var rows = daily.executeQuery()) {
          rows.next();
          created += rows.getInt(1);
        }
        // Raw readings older than the retention go with their whole day's partition.
        dropRaw.setDate(1, Date.valueOf(from.minusDays(RAW_RETENTION_DAYS)));
        dropRaw.execute();
        hourly.setDate(1, Date.valueOf(from));
        hourly.setInt(2, MONTHS_AHEAD + 1);
        try (var rows = hourly.executeQuery()) {
          rows.next();
          created += rows.getInt(1);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "creating the partitions failed: "
              + e.getMessage()
              + ". Is the schema migrated? Run ./aqmrg migrate --info.",
          e);
    }
    return created;
  }
}
