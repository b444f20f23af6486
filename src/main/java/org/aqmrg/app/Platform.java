package org.aqmrg.app;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.aqmrg.audit.DeniedRequests;
import org.aqmrg.backup.BackupSchedule;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.CacheMeter;
import org.aqmrg.cache.memory.MemoryCache;
import org.aqmrg.cache.redis.RedisCache;
import org.aqmrg.config.Settings;
import org.aqmrg.db.EmbeddedPostgres;
import org.aqmrg.db.Migrations;
import org.aqmrg.db.PartitionMaintenance;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.http.WebApp;
import org.aqmrg.identity.LoginThrottle;
import org.aqmrg.identity.Sessions;
import org.aqmrg.identity.cache.CacheSessions;
import org.aqmrg.identity.postgres.PostgresSessions;
import org.aqmrg.ingest.IngestService;
import org.aqmrg.ingest.LatestReadings;
import org.aqmrg.ingest.SensorRegistry;
import org.aqmrg.ingest.Validator;
import org.aqmrg.metrics.IngestFigures;
import org.aqmrg.metrics.Metrics;
import org.aqmrg.ops.InfluxCheck;
import org.aqmrg.ops.RedisCheck;
import org.aqmrg.ops.StoreCheck;
import org.aqmrg.predictions.ForecastCache;
import org.aqmrg.predictions.ForecastStore;
import org.aqmrg.predictions.Predictions;
import org.aqmrg.predictions.influx.InfluxForecastStore;
import org.aqmrg.predictions.postgres.PostgresForecastStore;
import org.aqmrg.ratelimit.RateLimiter;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.SeedBucket;
import org.aqmrg.readings.influx.InfluxReadingStore;
import org.aqmrg.readings.postgres.PostgresReadingStore;
import org.aqmrg.registry.RegistryListener;
import org.aqmrg.registry.RegistryLookup;
import org.aqmrg.registry.RegistryNotices;
import org.aqmrg.rollups.HourMarks;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.rollups.RollupWorker;
import org.aqmrg.rollups.Rollups;
import org.aqmrg.rollups.influx.InfluxRollupStore;
import org.aqmrg.rollups.postgres.PostgresRollupStore;
import org.aqmrg.spool.SpoolStatus;
import org.aqmrg.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running platform's parts, wired from {@link Settings}: the one place that decides which
 * adapter runs for each role. Closing it releases everything in reverse order of opening.
 */
public final class Platform implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Platform.class);

  private final Settings settings;
  private final Metrics metrics;
  private final RelationalDatabase database;
  private final List<StoreCheck> checks;
  private final ScheduledExecutorService maintenance;
  private final Cache cache;
  private final ReadingStore readings;
  private final WritePath writes;
  private final Rollups rollups;
  private final Optional<RollupWorker> worker;
  private final Optional<RegistryNotices> notices;
  private final LatestReadings latest;
  private final AlertParts alerts;
  private final WebApp.Parts web;
  private Optional<BackupSchedule> backups = Optional.empty(); // a serve's only

  private Platform(
      Settings settings,
      Metrics metrics,
      RelationalDatabase database,
      List<StoreCheck> checks,
      ScheduledExecutorService maintenance,
      Cache cache,
      ReadingStore readings,
      RollupStore rollupStore,
      boolean spooled) {
    this.settings = settings;
    this.metrics = metrics;
    this.database = database;
    this.checks = checks;
    this.maintenance = maintenance;
    this.cache = cache;
    this.readings = readings;
    var marks = new HourMarks(database.sql());
    metrics.rollupLag(marks::oldestAgeSeconds);
    // The timer innermost: it times the store write alone, not the marking around it.
    this.writes =
        WritePath.open(
            readings,
            marks.around(metrics.storeWrites(backend(settings))),
            settings.spool(),
            spooled,
            Clock.systemUTC());
    metrics.spool(writes::spoolStatus);
    metrics.replica(database::replica);
    this.rollups = new Rollups(rollupStore, readings, new RegistryLookup(database.sql()));
    this.worker =
        settings.rollupWorker()
            ? Optional.of(RollupWorker.start(marks, rollups))
            : Optional.empty();
    this.latest =
        new LatestReadings(cache, writes.reads(), WebApp.objectMapper(), metrics.cache("latest"));
    this.alerts =
        new AlertParts(
            new Parts(settings, database, cache),
            settings.alerts(),
            database.sql(),
            cache,
            latest,
            rollupStore,
            WebApp.objectMapper(),
            metrics.notifications());
    // One ingest cache of the registry, told of every change made through any instance.
    var sensorRegistry = new SensorRegistry(new RegistryLookup(database.sql()));
    // The listener holds one pooled connection for as long as it runs: not from a pool of two.
    this.notices =
        settings.pool().maxConnections() > 2
            ? Optional.of(RegistryNotices.listen(database.sql(), sensorRegistry))
            : Optional.empty();
    this.web =
        webParts(
            settings,
            metrics,
            database,
            checks,
            cache,
            readings,
            writes,
            rollupStore,
            latest,
            alerts,
            sensorRegistry);
  }

  /** The label of the time-series backend: {@code influxdb} or {@code postgres}. */
  private static String backend(Settings settings) {
    return switch (settings.timeSeries()) {
      case POSTGRES -> "postgres";
      case INFLUXDB -> "influxdb";
    };
  }

  /** The time-series adapter for {@code AQMRG_TIMESERIES}. */
  static ReadingStore readingStore(Settings settings, RelationalDatabase database) {
    return switch (settings.timeSeries()) {
      case POSTGRES ->
          new PostgresReadingStore(database.sql(), database.reads(), database.description());
      case INFLUXDB -> new InfluxReadingStore(settings.influx());
    };
  }

  /** The rollup adapter on the same store as the raw readings. */
  static RollupStore rollupStore(RelationalDatabase database, ReadingStore readings) {
    return readings instanceof InfluxReadingStore influx
        ? new InfluxRollupStore(influx)
        : new PostgresRollupStore(database.sql(), database.description());
  }

  /**
   * The rollups as the API's history reads them: on PostgreSQL from the streaming replica when one
   * is configured and keeping up ({@code rollups} itself otherwise, and always for the worker).
   */
  private static RollupStore historyRollups(RelationalDatabase database, RollupStore rollups) {
    return rollups instanceof PostgresRollupStore && database.reads() != database.sql()
        ? new PostgresRollupStore(database.sql(), database.reads(), database.description())
        : rollups;
  }

  /**
   * The InfluxDB adapter when the time series is on InfluxDB, else empty: for the doctor, whose
   * check pings InfluxDB through the adapter's HTTP client. The caller closes it.
   */
  public static Optional<InfluxReadingStore> influxStore(Settings settings) {
    return settings.timeSeries() == Settings.TimeSeriesBackend.INFLUXDB
        ? Optional.of(new InfluxReadingStore(settings.influx()))
        : Optional.empty();
  }

  /**
   * Sessions in Redis when it is the cache, shared by every instance; without Redis in the
   * relational database, so that they survive a restart.
   */
  static Sessions sessions(
      Settings settings, RelationalDatabase database, Cache cache, Clock clock) {
    var lifetime = settings.access().sessionLifetime();
    return switch (settings.cache()) {
      case MEMORY -> new PostgresSessions(database.sql(), cache, lifetime, clock);
      case REDIS -> new CacheSessions(cache, lifetime, clock);
    };
  }

  /** The cache adapter for {@code AQMRG_CACHE}. */
  public static Cache cache(Settings settings) {
    return switch (settings.cache()) {
      case MEMORY -> new MemoryCache(settings.inProcessCache().maxEntries());
      case REDIS -> new RedisCache(settings.redis());
    };
  }

  private static WebApp.Parts webParts(
      Settings settings,
      Metrics metrics,
      RelationalDatabase database,
      List<StoreCheck> checks,
      Cache cache,
      ReadingStore readings,
      WritePath writes,
      RollupStore rollups,
      LatestReadings latest,
      AlertParts alerts,
      SensorRegistry sensorRegistry) {
    var parts = new Parts(settings, database, cache);
    var access = settings.access();
    var clock = Clock.systemUTC();
    var lookup = parts.registryLookup();
    RegistryListener changes = RegistryNotices.publishing(database.sql(), sensorRegistry);
    var audit = parts.audit();
    return new WebApp.Parts(
        checks,
        parts.users(),
        sessions(settings, database, cache, clock),
        parts.apiTokens(),
        new LoginThrottle(
            cache,
            access.loginFailuresPerAccount(),
            access.loginFailuresPerAddress(),
            access.loginFailureWindow()),
        audit,
        new DeniedRequests(audit, access.rateWindow()),
        new RateLimiter(cache, access.limits().anonymous(), access.rateWindow(), access.rateSync()),
        new IngestService(
            new Validator(settings.ingest().maxFuture(), SeedBucket.RAW.retention().orElseThrow()),
            sensorRegistry,
            writes.ingest(),
            latest,
            settings.ingest().registerUnknownSensors(),
            clock,
            metrics.ingest()),
        latest,
        parts.locations(changes),
        parts.sensors(changes),
        settings,
        writes.reads(),
        lookup,
        historyRollups(database, rollups),
        alerts.rules,
        alerts.unsubscribe,
        alerts.outbox,
        alerts.events,
        predictions(database, readings, cache, metrics.cache("forecasts"), rollups, lookup, clock),
        Monitoring.forServe(
            settings,
            database,
            readings,
            checks.stream()
                .filter(RedisCheck.class::isInstance)
                .map(RedisCheck.class::cast)
                .findFirst(),
            new IngestFigures(metrics)),
        metrics,
        writes::spoolStatus,
        database::replica);
  }

  /**
   * Forecasts: always in the seed's predictions table; on InfluxDB also in its predictions bucket,
   * which reads then use.
   */
  static Predictions predictions(
      RelationalDatabase database,
      ReadingStore readings,
      Cache cache,
      CacheMeter cacheMeter,
      RollupStore rollups,
      RegistryLookup lookup,
      Clock clock) {
    ForecastStore table = new PostgresForecastStore(database.sql(), database.description());
    List<ForecastStore> writes = List.of(table);
    ForecastStore reads = table;
    if (readings instanceof InfluxReadingStore influx) {
      reads = new InfluxForecastStore(influx);
      writes = List.of(table, reads);
    }
    var forecasts = new ForecastCache(cache, WebApp.objectMapper(), clock, cacheMeter);
    return new Predictions(writes, reads, forecasts, lookup, rollups, clock);
  }

  /** The time-series adapter in use. */
  public ReadingStore readings() {
    return readings;
  }

  /** The write-ahead spool's state, when writes pass through it (a serve with it on). */
  public Optional<SpoolStatus> spool() {
    return writes.spoolStatus();
  }

  /** The hourly and daily rollups, on the time-series store. */
  public RollupStore rollups() {
    return rollups.store();
  }

  /** Recomputing rollups: what the worker runs, and {@code ./aqmrg rollups rebuild}. */
  public Rollups rollupService() {
    return rollups;
  }

  /** The platform's meters, which {@code GET /metrics} shows. */
  public Metrics metrics() {
    return metrics;
  }

  /** The cache adapter in use. */
  public Cache cache() {
    return cache;
  }

  /** Everything the web app needs. */
  public WebApp.Parts web() {
    return web;
  }

  /**
   * Creates the seed's buckets on InfluxDB at start-up, so a new server works at once. A token
   * without the right to create them is not fatal: the buckets may already exist.
   */
  private static void createInfluxBuckets(ReadingStore store) {
    try {
      store.createBuckets();
    } catch (RuntimeException e) {
      log.warn(
          "Could not create the InfluxDB buckets ({}); if writes fail, run ./aqmrg buckets create"
              + " with a token that may create them",
          e.getMessage());
    }
  }

  private static void dailyMaintenance(PartitionMaintenance partitions, RollupStore rollups) {
    try {
      int created = partitions.ensureAhead();
      if (created > 0) {
        log.info("Created {} monthly partition(s) ahead", created);
      }
    } catch (RuntimeException e) {
      // The next run tries again; until then writes still land in the default partition.
      log.error("Daily partition maintenance failed; it runs again tomorrow", e);
    }
    enforceRetention(rollups);
  }

  private static void enforceRetention(RollupStore rollups) {
    try {
      int dropped = rollups.enforceRetention(Instant.now());
      if (dropped > 0) {
        log.info("Dropped {} hourly rollup partition(s) past their retention", dropped);
      }
    } catch (RuntimeException e) {
      log.error("Enforcing the rollups' retention failed; it runs again tomorrow", e);
    }
  }

  /** As a command: connects to (or starts) the stores and migrates the schema if so configured. */
  public static Platform start(Settings settings) {
    return start(settings, EmbeddedPostgres.Caller.COMMAND);
  }

  /**
   * Connects to (or starts) the stores and migrates the schema when so configured; {@code caller}
   * says who stops the embedded PostgreSQL (see {@link EmbeddedPostgres}), and whether writes pass
   * through the write-ahead spool ({@code serve} only, when {@code AQMRG_SPOOL} is on).
   */
  public static Platform start(Settings settings, EmbeddedPostgres.Caller caller) {
    var metrics = new Metrics();
    RelationalDatabase database;
    try {
      database = RelationalDatabase.open(settings, caller, metrics.pools());
    } catch (RuntimeException e) {
      metrics.close();
      throw e;
    }
    ReadingStore readings = null;
    try {
      log.info("Relational store: {}", database.description());
      var migrations = new Migrations(database.dataSource());
      if (settings.migrateOnStart()) {
        int applied = migrations.migrate();
        if (applied > 0) {
          log.info("Applied {} schema migration(s)", applied);
        }
      } else if (!migrations.pending().isEmpty()) {
        throw new StoreUnavailableException(
            Store.RELATIONAL,
            migrations.pending().size()
                + " schema migration(s) are pending in "
                + database.description()
                + ". Run ./aqmrg migrate, or set AQMRG_MIGRATE_ON_START=true.",
            null);
      }
      var partitions =
          new PartitionMaintenance(
              database.sql(),
              SeedBucket.RAW.retentionDays(),
              SeedBucket.PREDICTIONS.retentionDays());
      int created = partitions.ensureAhead();
      if (created > 0) {
        log.info("Created {} monthly partition(s) ahead", created);
      }
      readings = readingStore(settings, database);
      var rollups = rollupStore(database, readings);
      var maintenance =
          Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("aqmrg-maintenance"));
      maintenance.scheduleAtFixedRate(
          () -> dailyMaintenance(partitions, rollups), 1, 1, TimeUnit.DAYS);
      maintenance.execute(() -> enforceRetention(rollups));
      InfluxCheck.Ping ping = InfluxCheck.Ping.NONE;
      if (readings instanceof InfluxReadingStore influx) {
        ping = influx::ping;
        createInfluxBuckets(influx);
      }
      var checks =
          StoreChecks.of(
              settings, database.description(), database.dataSource()::getConnection, ping);
      var platform =
          new Platform(
              settings,
              metrics,
              database,
              checks,
              maintenance,
              cache(settings),
              readings,
              rollups,
              caller == EmbeddedPostgres.Caller.SERVE);
      if (caller == EmbeddedPostgres.Caller.SERVE) {
        platform.backups = BackupSchedule.start(settings, database.sql(), Clock.systemUTC());
      }
      return platform;
    } catch (RuntimeException e) {
      if (readings != null) {
        readings.close();
      }
      database.close();
      metrics.close();
      throw e;
    }
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
    backups.ifPresent(BackupSchedule::close);
    maintenance.shutdownNow();
    worker.ifPresent(RollupWorker::close);
    alerts.close();
    writes.close(); // delivers and writes what is queued, before the latest values and store close
    web.latest().close();
    web.limiter().close();
    web.denied().close(); // before the database closes: it writes what is still open
    notices.ifPresent(RegistryNotices::close); // gives its connection back before the pool closes
    readings.close();
    cache.close();
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
    metrics.close();
  }
}
