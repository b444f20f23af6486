package org.aqmrg.app;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.aqmrg.config.Settings;
import org.aqmrg.ops.Doctor;
import org.aqmrg.ops.InfluxCheck;
import org.aqmrg.ops.MemoryCheck;
import org.aqmrg.ops.PostgresCheck;
import org.aqmrg.ops.RedisCheck;
import org.aqmrg.ops.StoreCheck;

/**
 * The checks of the configured stores (which check runs for which backend), for {@code
 * /health/ready} and {@code ./aqmrg doctor}.
 */
public final class StoreChecks {
  private StoreChecks() {}

  /**
   * One check per configured store, in the order relational, time series, cache.
   *
   * @param relationalTarget where the relational store is, for messages
   * @param relational how to reach it: the pool when serving, direct connections for the doctor
   * @param influx how to ping InfluxDB, through the time-series adapter's client, when the time
   *     series is there ({@link InfluxCheck.Ping#NONE} otherwise)
   */
  static List<StoreCheck> of(
      Settings settings,
      String relationalTarget,
      PostgresCheck.Connections relational,
      InfluxCheck.Ping influx) {
    var checks = new ArrayList<StoreCheck>();
    checks.add(new PostgresCheck("relational", relationalTarget, hints(settings), relational));
    switch (settings.timeSeries()) {
      case POSTGRES ->
          checks.add(
              new PostgresCheck(
                  "timeseries",
                  relationalTarget + " (the relational database)",
                  hints(settings),
                  relational));
      case INFLUXDB -> checks.add(new InfluxCheck(settings.influx().url().orElseThrow(), influx));
    }
    switch (settings.cache()) {
      case MEMORY -> checks.add(new MemoryCheck());
      case REDIS -> checks.add(new RedisCheck(settings.redis()));
    }
    return List.copyOf(checks);
  }

  /**
   * The doctor, checking the stores that {@code settings} configure; {@code influx} pings InfluxDB
   * when the time series is there.
   */
  public static Doctor doctor(Settings settings, InfluxCheck.Ping influx) {
    return new Doctor(
        settings,
        (target, relational) -> {
          var checks = new ArrayList<>(of(settings, target, relational, influx));
          replica(settings).ifPresent(checks::add);
          return checks;
        });
  }

  /**
   * The streaming replica, for the doctor only: while it is down the primary serves every read, so
   * it does not decide readiness ({@code /health/ready} shows its state apart).
   */
  private static java.util.Optional<StoreCheck> replica(Settings settings) {
    return settings
        .database()
        .replica()
        .map(
            replica -> {
              // the settings accept a replica only with DATABASE_HOST
              var primary = settings.database().external().orElseThrow();
              String url = "jdbc:postgresql://%s/%s".formatted(replica.address(), primary.name());
              return new PostgresCheck(
                  "replica",
                  replica.target(primary.name()),
                  problem ->
                      "Is the replica running and reachable? Try: pg_isready -h %s -p %d; or"
                              .formatted(replica.host(), replica.port())
                          + " unset DATABASE_REPLICA_HOST to read from the primary alone.",
                  () ->
                      java.sql.DriverManager.getConnection(
                          url, primary.user(), primary.password().reveal()));
            });
  }

  /** Advice fitting an external or the embedded server. */
  private static Function<String, String> hints(Settings settings) {
    return settings
        .database()
        .external()
        .map(server -> PostgresCheck.externalHints(server.host(), server.port(), server.name()))
        .orElse(
            problem ->
                "The embedded PostgreSQL stopped answering; restart ./aqmrg serve and read"
                    + " the log in "
                    + settings.dataDir().resolve("postgres")
                    + ".");
  }
}
