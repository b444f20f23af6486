package org.aqmrg.predictions;

import java.util.Collection;
import java.util.List;

/**
 * The seed's {@code predictions} bucket on the time-series role: 365 days of forecasts. Two
 * adapters, {@code influx.InfluxForecastStore} (retention policy {@code predictions}) and {@code
 * postgres.PostgresForecastStore} (the seed's {@code predictions} table, partitioned by month),
 * pass one contract test against real servers. Retention is the store's own: the retention policy
 * on InfluxDB, {@code db.PartitionMaintenance} dropping the months past 365 days on PostgreSQL.
 *
 * @throws org.aqmrg.error.StoreUnavailableException from every method, when the store cannot answer
 */
public interface ForecastStore {

  /** The most forecasts {@link #find} reads at once; more is refused by the callers. */
  int MAX_READ = 200_000;

  /**
   * Stores forecasts, each replacing the stored one with the same {@link Forecast#key()}. The
   * forecasts' locations exist (the caller checked).
   */
  void write(Collection<Forecast> forecasts);

  /**
   * The stored forecasts the query asks for, ordered by target time, location, pollutant, model
   * name, model version and issue time; at most {@code limit} of them.
   */
  List<Forecast> find(ForecastQuery query, int limit);
}
