package org.aqmrg.db;

import java.sql.Date;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;

/**
 * Keeps the monthly partitions of {@code predictions} and {@code audit_logs} in place ahead of
 * time, through {@code aqmrg_ensure_monthly_partitions} of migration V001. The platform runs it at
 * start-up and once a day; it is idempotent and safe with several instances running it at once.
 */
public final class PartitionMaintenance {
  /** The partitioned tables. */
  static final List<String> TABLES = List.of("predictions", "audit_logs");

  /** The current month and this many after it always exist. */
  static final int MONTHS_AHEAD = 3;

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
    } catch (SQLException e) {
      throw new IllegalStateException(
          "creating the monthly partitions failed: "
              + e.getMessage()
              + ". Is the schema migrated? Run ./aqmrg migrate --info.",
          e);
    }
    return created;
  }
}
