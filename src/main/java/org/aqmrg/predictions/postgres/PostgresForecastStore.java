package org.aqmrg.predictions.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import org.aqmrg.db.Database;
import org.aqmrg.error.Store;
import org.aqmrg.predictions.Forecast;
import org.aqmrg.predictions.ForecastQuery;
import org.aqmrg.predictions.ForecastStore;

/**
 * Forecasts in the seed's {@code predictions} table (V001, V013), partitioned by month of target
 * time. A write is one statement for the whole batch: the columns as arrays, {@code unnest}ed and
 * upserted on the primary key (location, pollutant, target time, model version, issue time), so a
 * forecast sent again replaces the stored one; within one batch the last of a key wins. Failures
 * are translated by {@link Database}, naming the store.
 */
public final class PostgresForecastStore implements ForecastStore {
  private static final String UPSERT =
      "INSERT INTO predictions (location_id, pollutant, target_time, model_version, issued_at,"
          + " model_name, value, lower_bound, upper_bound, interval_level)"
          + " SELECT * FROM unnest(?::uuid[], ?::varchar[], ?::timestamptz[], ?::varchar[],"
          + " ?::timestamptz[], ?::varchar[], ?::float8[], ?::float8[], ?::float8[], ?::float8[])"
          + " ON CONFLICT (location_id, pollutant, target_time, model_version, issued_at)"
          + " DO UPDATE SET model_name = EXCLUDED.model_name, value = EXCLUDED.value,"
          + " lower_bound = EXCLUDED.lower_bound, upper_bound = EXCLUDED.upper_bound,"
          + " interval_level = EXCLUDED.interval_level, created_at = NOW()";

  private static final String SELECT =
      "SELECT location_id, pollutant, target_time, value, lower_bound, upper_bound,"
          + " interval_level, model_name, model_version, issued_at FROM predictions"
          + " WHERE target_time >= ? AND target_time < ?"
          + " AND (?::uuid IS NULL OR location_id = ?::uuid)"
          + " AND (?::varchar IS NULL OR pollutant = ?::varchar)"
          + " AND (?::varchar IS NULL OR model_name = ?::varchar)"
          + " AND (?::varchar IS NULL OR model_version = ?::varchar)"
          + " ORDER BY target_time, location_id, pollutant, model_name, model_version, issued_at"
          + " LIMIT ?";

  private final Database database;
  private final String description;

  /** The store on the relational database's pool, {@code description} naming it in failures. */
  public PostgresForecastStore(Database database, String description) {
    this.database = database.serving(Store.TIMESERIES);
    this.description = description;
  }

  @Override
  public void write(Collection<Forecast> forecasts) {
    if (forecasts.isEmpty()) {
      return;
    }
    var byKey = new LinkedHashMap<Forecast.Key, Forecast>();
    forecasts.forEach(f -> byKey.put(f.key(), f));
    int n = byKey.size();
    String[][] columns = new String[10][n];
    int i = 0;
    for (Forecast f : byKey.values()) {
      columns[0][i] = f.locationId().toString();
      columns[1][i] = f.pollutant();
      columns[2][i] = f.targetTime().toString();
      columns[3][i] = f.modelVersion();
      columns[4][i] = f.issuedAt().toString();
      columns[5][i] = f.modelName();
      columns[6][i] = Double.toString(f.value());
      columns[7][i] = text(f.lower());
      columns[8][i] = text(f.upper());
      columns[9][i] = text(f.intervalLevel());
      i++;
    }
    database.useHandle(
        "writing " + n + " forecasts to " + description,
        handle -> {
          var statement = handle.createUpdate(UPSERT);
          for (int c = 0; c < columns.length; c++) {
            statement.bind(c, columns[c]);
          }
          statement.execute();
        });
  }

  private static String text(Double value) {
    return value == null ? null : value.toString();
  }

  @Override
  public List<Forecast> find(ForecastQuery query, int limit) {
    String location = query.location().map(UUID::toString).orElse(null);
    String pollutant = query.pollutant().orElse(null);
    String name = query.modelName().orElse(null);
    String version = query.modelVersion().orElse(null);
    List<Forecast> found =
        database.withHandle(
            "reading forecasts from " + description,
            handle ->
                handle
                    .createQuery(SELECT)
                    .bind(0, query.from())
                    .bind(1, query.to())
                    .bind(2, location)
                    .bind(3, location)
                    .bind(4, pollutant)
                    .bind(5, pollutant)
                    .bind(6, name)
                    .bind(7, name)
                    .bind(8, version)
                    .bind(9, version)
                    .bind(10, limit)
                    .map((row, ctx) -> forecast(row))
                    .list());
    var sorted = new ArrayList<>(found);
    sorted.sort(Forecast.ORDER);
    return sorted;
  }

  private static Forecast forecast(ResultSet row) throws SQLException {
    return new Forecast(
        row.getObject("location_id", UUID.class),
        row.getString("pollutant"),
        row.getObject("target_time", OffsetDateTime.class).toInstant(),
        row.getDouble("value"),
        (Double) row.getObject("lower_bound"),
        (Double) row.getObject("upper_bound"),
        (Double) row.getObject("interval_level"),
        row.getString("model_name"),
        row.getString("model_version"),
        row.getObject("issued_at", OffsetDateTime.class).toInstant());
  }
}
