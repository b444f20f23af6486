package org.aqmrg.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.aqmrg.db.Migrations;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.ops.InfluxCheck;
import org.aqmrg.ops.MemoryCheck;
import org.aqmrg.ops.PostgresCheck;
import org.aqmrg.ops.RedisCheck;
import org.aqmrg.ops.StoreCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running platform's parts, wired from {@link Settings}: the one place that decides which
 * adapter runs for each role. Closing it releases everything in reverse order of opening.
 */
public final class Platform implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Platform.class);

  private final Settings settings;
  private final RelationalDatabase database;
  private final List<StoreCheck> checks;

  private Platform(Settings settings, RelationalDatabase database, List<StoreCheck> checks) {
    this.settings = settings;
    this.database = database;
    this.checks = checks;
  }

  /** Connects to (or starts) the stores and migrates the schema when so configured. */
  public static Platform start(Settings settings) {
    var database = RelationalDatabase.open(settings);
    try {
      log.info("Relational store: {}", database.description());
      if (settings.migrateOnStart()) {
        int applied = new Migrations(database.dataSource()).migrate();
        if (applied > 0) {
          log.info("Applied {} schema migration(s)", applied);
        }
      }
      var checks =
          storeChecks(settings, database.description(), database.dataSource()::getConnection);
      return new Platform(settings, database, checks);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /**
   * One check per configured store, in the order relational, time series, cache.
   *
   * @param relationalTarget where the relational store is, for messages
   * @param relational how to reach it: the pool when serving, direct connections for the doctor
   */
  public static List<StoreCheck> storeChecks(
      Settings settings, String relationalTarget, PostgresCheck.Connections relational) {
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
      case INFLUXDB ->
          checks.add(
              new InfluxCheck(settings.influx().url().orElseThrow(), settings.influx().token()));
    }
    switch (settings.cache()) {
      case MEMORY -> checks.add(new MemoryCheck());
      case REDIS -> checks.add(new RedisCheck(settings.redis()));
    }
    return List.copyOf(checks);
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

  public Settings settings() {
    return settings;
  }

  public RelationalDatabase database() {
    return database;
  }

  public List<StoreCheck> checks() {
    return checks;
  }

  @Override
  public void close() {
    for (StoreCheck check : checks) {
      if (check instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.warn("Closing the check of {} failed: {}", check.target(), e.getMessage());
        }
      }
    }
    database.close();
  }
}
