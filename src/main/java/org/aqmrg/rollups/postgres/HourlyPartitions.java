package org.aqmrg.rollups.postgres;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.aqmrg.db.Database;
import org.aqmrg.rollups.SensorHour;

/**
 * The monthly partitions of {@code sensor_data_hourly} (V007: no default partition): created for
 * the months of the hours about to be written, dropped whole once past the retention, with the SQL
 * functions of V001.
 */
final class HourlyPartitions {
  private final Database database;
  private final String description;

  /** The months whose partition exists, as far as this store knows. */
  private final Set<YearMonth> known = ConcurrentHashMap.newKeySet();

  HourlyPartitions(Database database, String description) {
    this.database = database;
    this.description = description;
  }

  /** Creates the partitions of the hours' months not known to exist. */
  void ensure(Collection<SensorHour> hours) {
    var missing = new TreeSet<YearMonth>();
    for (SensorHour hour : hours) {
      YearMonth month = YearMonth.from(hour.hour().atOffset(ZoneOffset.UTC));
      if (!known.contains(month)) {
        missing.add(month);
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    database.useHandle(
        "creating the partitions of the hourly rollups in " + description,
        handle -> {
          for (YearMonth month : missing) {
            handle
                .createQuery("SELECT aqmrg_ensure_monthly_partitions('sensor_data_hourly', ?, 1)")
                .bind(0, month.atDay(1))
                .mapTo(Integer.class)
                .one();
            known.add(month);
          }
        });
  }

  /** Drops the months that end on or before {@code cutoff}; returns how many. */
  int dropBefore(LocalDate cutoff) {
    int dropped =
        database.withHandle(
            "dropping the hourly rollups before " + cutoff + " from " + description,
            handle ->
                handle
                    .createQuery(
                        "SELECT aqmrg_drop_monthly_partitions_before('sensor_data_hourly', ?)")
                    .bind(0, cutoff)
                    .mapTo(Integer.class)
                    .one());
    known.clear();
    return dropped;
  }
}
