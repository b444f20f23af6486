package org.aqmrg.http;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aqmrg.alerts.AlertEvents;
import org.aqmrg.alerts.AlertListener;
import org.aqmrg.alerts.AlertRules;
import org.aqmrg.alerts.ChannelChecks;
import org.aqmrg.alerts.Unsubscribe;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.audit.DeniedRequests;
import org.aqmrg.cache.memory.MemoryCache;
import org.aqmrg.config.Settings;
import org.aqmrg.db.Database;
import org.aqmrg.identity.ApiTokens;
import org.aqmrg.identity.LoginThrottle;
import org.aqmrg.identity.Passwords;
import org.aqmrg.identity.Users;
import org.aqmrg.identity.cache.CacheSessions;
import org.aqmrg.ingest.IngestService;
import org.aqmrg.ingest.LatestReadings;
import org.aqmrg.ingest.SensorRegistry;
import org.aqmrg.ingest.Validator;
import org.aqmrg.notify.Outbox;
import org.aqmrg.notify.WebhookTargets;
import org.aqmrg.ops.StatsCollector;
import org.aqmrg.ops.StoreCheck;
import org.aqmrg.predictions.ForecastCache;
import org.aqmrg.predictions.Predictions;
import org.aqmrg.predictions.postgres.PostgresForecastStore;
import org.aqmrg.ratelimit.RateLimiter;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.StoreWriter;
import org.aqmrg.readings.postgres.PostgresReadingStore;
import org.aqmrg.registry.Locations;
import org.aqmrg.registry.RegistryListener;
import org.aqmrg.registry.RegistryLookup;
import org.aqmrg.registry.Sensors;
import org.aqmrg.rollups.MemoryRollupStore;
import org.aqmrg.rollups.RollupStore;
import org.postgresql.ds.PGSimpleDataSource;

/** Web app parts for unit tests of routes that touch no database. */
final class TestParts {
  private TestParts() {}

  static WebApp.Parts withChecks(List<StoreCheck> checks) {
    var settings = Settings.from(Map.of());
    var access = settings.access();
    // A database nobody listens on: the routes under test must not need one.
    var nowhere = new PGSimpleDataSource();
    nowhere.setURL("jdbc:postgresql://127.0.0.1:9/none");
    var sql = Database.of(nowhere);
    var cache = new MemoryCache();
    var store = new PostgresReadingStore(sql, "nowhere");
    var latest = new LatestReadings(cache, store, WebApp.objectMapper());
    var audit = new AuditLog(sql, WebApp.objectMapper());
    return new WebApp.Parts(
        checks,
        new Users(sql, new Passwords()),
        new CacheSessions(cache, access.sessionLifetime(), Clock.systemUTC()),
        new ApiTokens(sql, cache, Clock.systemUTC()),
        new LoginThrottle(cache, 5, 20, access.loginFailureWindow()),
        audit,
        new DeniedRequests(audit, access.rateWindow()),
        new RateLimiter(cache, access.limits().anonymous(), access.rateWindow(), access.rateSync()),
        new IngestService(
            new Validator(Duration.ofMinutes(5), Duration.ofDays(30)),
            new SensorRegistry(new RegistryLookup(sql)),
            new StoreWriter(store, 1, StoreWriter.MAX_POINTS),
            latest,
            false,
            Clock.systemUTC()),
        latest,
        new Locations(sql, WebApp.objectMapper(), RegistryListener.NONE),
        new Sensors(sql, WebApp.objectMapper(), RegistryListener.NONE),
        settings,
        store,
        new RegistryLookup(sql),
        new MemoryRollupStore(),
        new AlertRules(
            sql,
            WebApp.objectMapper(),
            new ChannelChecks(new WebhookTargets(List.of()), false),
            AlertListener.NONE,
            AlertRules.MAX_PER_USER),
        new Unsubscribe(sql, WebApp.objectMapper(), AlertListener.NONE),
        new Outbox(sql),
        new AlertEvents(sql, WebApp.objectMapper(), Clock.systemUTC()),
        new Predictions(
            List.of(),
            new PostgresForecastStore(sql, "nowhere"),
            new ForecastCache(cache, WebApp.objectMapper(), Clock.systemUTC()),
            new RegistryLookup(sql),
            new MemoryRollupStore(),
            Clock.systemUTC()),
        new StatsCollector(
            sql,
            Optional.empty(),
            Optional.empty(),
            Optional::empty,
            () -> "no server in this test",
            Clock.systemUTC()),
        new org.aqmrg.metrics.Metrics(),
        java.util.Optional::empty,
        java.util.Optional::empty);
  }

  /**
   * {@link #withChecks} with no checks, but a real registry and tokens in {@code database} and
   * these time-series stores.
   */
  static WebApp.Parts withStores(
      Database database, ApiTokens tokens, ReadingStore readings, RollupStore rollups) {
    var parts = withChecks(List.of());
    return new WebApp.Parts(
        parts.checks(),
        parts.users(),
        parts.sessions(),
        tokens,
        parts.throttle(),
        parts.audit(),
        parts.denied(),
        parts.limiter(),
        parts.ingest(),
        parts.latest(),
        parts.locations(),
        parts.sensors(),
        parts.settings(),
        readings,
        new RegistryLookup(database),
        rollups,
        parts.alerts(),
        parts.unsubscribe(),
        parts.outbox(),
        parts.alertEvents(),
        parts.predictions(),
        parts.stats(),
        new org.aqmrg.metrics.Metrics(),
        java.util.Optional::empty,
        java.util.Optional::empty);
  }
}
