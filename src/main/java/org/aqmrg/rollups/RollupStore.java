package org.aqmrg.rollups;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.aqmrg.readings.Field;

/**
 * The rollup tiers of the time-series role: hourly rollups in the seed's {@code sensor_data_hourly}
 * bucket and daily ones in {@code sensor_data_daily}, and the store-side aggregation of raw
 * readings that they are computed from. Two adapters, {@code influx.InfluxRollupStore} and {@code
 * postgres.PostgresRollupStore}, pass one contract test against real servers, on the same store as
 * the {@link org.aqmrg.readings.ReadingStore} of the raw readings.
 *
 * <p>A rollup written again for the same sensor and hour (or day) replaces the stored one.
 *
 * @throws org.aqmrg.error.StoreUnavailableException from every method, when the store cannot answer
 */
public interface RollupStore {

  /**
   * The statistics of the raw readings of each of these sensors in each UTC hour of {@code [from,
   * to)} that holds at least one of its readings, computed by the store (count, mean, min, max,
   * sample sd, median; interval and coverage null: the caller knows the reporting interval).
   *
   * @param from the start of a UTC hour
   * @param to the start of a UTC hour, after {@code from}
   */
  List<SensorHour> aggregateRaw(Collection<String> sensorIds, Instant from, Instant to);

  /** Stores hourly rollups, each replacing the stored one of its sensor and hour. */
  void writeHours(Collection<SensorHour> hours);

  /**
   * The stored hourly rollups of these sensors with {@code from <= hour < to}, by hour then sensor
   * id, holding only {@code fields}; a rollup without any of them is left out.
   */
  List<SensorHour> hours(
      Collection<String> sensorIds, Instant from, Instant to, Collection<Field> fields);

  /** Stores daily rollups, each replacing the stored one of its sensor and day. */
  void writeDays(Collection<SensorDay> days);

  /**
   * The stored daily rollups of these sensors whose day starts in {@code [from, to)}, by start then
   * sensor id, holding only {@code fields}; a rollup without any of them is left out.
   */
  List<SensorDay> days(
      Collection<String> sensorIds, Instant from, Instant to, Collection<Field> fields);

  /**
   * Removes what the seed's retention no longer keeps at {@code now}: hourly rollups past 730 days
   * (whole monthly partitions on PostgreSQL); daily ones are kept for ever. On InfluxDB the
   * retention policies do it and this does nothing.
   *
   * @return how many partitions (or other units the store counts in) were dropped
   */
  int enforceRetention(Instant now);
}
