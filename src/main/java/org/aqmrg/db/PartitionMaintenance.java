package org.aqmrg.db;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * Keeps partitions in place ahead of time: monthly ones of {@code predictions}, {@code audit_logs},
 * {@code alert_events} and {@code sensor_data_hourly}, daily ones of {@code sensor_data}, whose
 * days past the raw retention it drops, as it drops the months of {@code predictions} past theirs.
 * The platform runs it at start-up and once a day; it is idempotent and safe with several instances
 * running it at once.
 */
public final class PartitionMaintenance {
  /** The partitioned tables. */
  static final List<String> TABLES = List.of("predictions", "audit_logs", "alert_events");

  /** The current month and this many after it always exist. */
  static final int MONTHS_AHEAD = 3;

  /** Today and this many days after it always have a raw partition. */
  static final int DAYS_AHEAD = 2;

  private final Database database;
  private final int rawRetentionDays;
  private final int predictionRetentionDays;

  /**
   * @param rawRetentionDays how many days raw readings are kept (the seed's sensor_data bucket)
   * @param predictionRetentionDays how many days predictions are kept (the seed's predictions
   *     bucket); a month is dropped once all of it is older
   */
  public PartitionMaintenance(
      Database database, int rawRetentionDays, int predictionRetentionDays) {
    this.database = database;
    this.rawRetentionDays = rawRetentionDays;
    this.predictionRetentionDays = predictionRetentionDays;
  }

  /** Ensures the partitions from today's month on; returns how many were created. */
  public int ensureAhead() {
    return ensure(LocalDate.now(ZoneOffset.UTC));
  }

  /** Ensures the partitions of {@code from}'s month and the months after it. */
  public int ensure(LocalDate from) {
    return database.withHandle(
        "creating the partitions (is the schema migrated? ./aqmrg migrate --info tells)",
        handle -> {
          int created = 0;
          for (String table : TABLES) {
            created +=
                count(
                    handle,
                    "SELECT aqmrg_ensure_monthly_partitions(?::regclass, ?, ?)",
                    table,
                    from,
                    MONTHS_AHEAD + 1);
          }
          created +=
              count(
                  handle,
                  "SELECT aqmrg_ensure_daily_partitions('sensor_data', ?, ?)",
                  from,
                  DAYS_AHEAD + 1);
          // Raw readings older than the retention go with their whole day's partition.
          handle
              .createQuery("SELECT aqmrg_drop_daily_partitions_before('sensor_data', ?)")
              .bind(0, from.minusDays(rawRetentionDays))
              .mapTo(Integer.class)
              .list();
          count(
              handle,
              "SELECT aqmrg_drop_monthly_partitions_before('predictions', ?)",
              from.minusDays(predictionRetentionDays));
          created +=
              count(
                  handle,
                  "SELECT aqmrg_ensure_monthly_partitions('sensor_data_hourly', ?, ?)",
                  from,
                  MONTHS_AHEAD + 1);
          return created;
        });
  }

  private static int count(Handle handle, String sql, Object... values) {
    var query = handle.createQuery(sql);
    for (int i = 0; i < values.length; i++) {
      query.bind(i, values[i]);
    }
    return query.mapTo(Integer.class).one();
  }
}
