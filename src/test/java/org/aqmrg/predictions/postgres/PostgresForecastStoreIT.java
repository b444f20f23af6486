package org.aqmrg.predictions.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.aqmrg.db.Database;
import org.aqmrg.db.Migrations;
import org.aqmrg.error.StoreRefusedException;
import org.aqmrg.predictions.Forecast;
import org.aqmrg.predictions.ForecastStore;
import org.aqmrg.predictions.ForecastStoreContract;
import org.aqmrg.testing.TestServers;
import org.junit.jupiter.api.Test;

/** The contract on the seed's predictions table, in a test database of its own. */
class PostgresForecastStoreIT extends ForecastStoreContract {
  private static String name;
  private static Database database;

  private static synchronized Database database() {
    if (database == null) {
      name = TestServers.createDatabase("forecasts");
      var dataSource = TestServers.dataSource(name);
      new Migrations(dataSource).migrate();
      database = Database.of(dataSource);
    }
    return database;
  }

  @Override
  protected UUID newLocation() {
    UUID id = UUID.randomUUID();
    database()
        .useHandle(
            "adding a location",
            handle ->
                handle.execute(
                    "INSERT INTO locations (id, name, city, country, latitude, longitude)"
                        + " VALUES (?, ?, 'Lagos', 'NG', 6.6, 3.3)",
                    id,
                    "site " + id));
    return id;
  }

  @Override
  protected ForecastStore newStore() {
    return new PostgresForecastStore(database(), "PostgreSQL test database " + name);
  }

  @Test
  void a_forecast_of_an_unknown_location_is_refused_by_the_table() {
    var stray =
        new Forecast(UUID.randomUUID(), "pm25", next, 1, null, null, null, "m", "v", Instant.now());

    assertThatThrownBy(() -> store.write(List.of(stray))).isInstanceOf(StoreRefusedException.class);
    assertThat(
            store.find(
                org.aqmrg.predictions.ForecastQuery.of(
                    stray.locationId(), next, next.plusSeconds(1)),
                10))
        .isEmpty();
  }
}
