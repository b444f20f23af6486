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
    return new Doctor(settings, (target, relational) -> of(settings, target, relational, influx));
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
