package org.aqmrg.app;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;
import org.aqmrg.config.Settings;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.ops.RedisCheck;
import org.aqmrg.ops.Stats;
import org.aqmrg.ops.StatsCollector;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.influx.InfluxReadingStore;

/**
 * Builds the {@link StatsCollector} of {@code GET /api/v1/admin/stats} (inside {@code serve}, on
 * its own stores and meters) and of {@code ./aqmrg stats} (on connections of its own, with the
 * ingest figures read from the running server).
 */
public final class Monitoring implements AutoCloseable {
  private final RelationalDatabase database;
  private final Optional<InfluxReadingStore> influx;
  private final Optional<RedisCheck> redis;
  private final StatsCollector collector;

  private Monitoring(
      RelationalDatabase database,
      Optional<InfluxReadingStore> influx,
      Optional<RedisCheck> redis,
      StatsCollector collector) {
    this.database = database;
    this.influx = influx;
    this.redis = redis;
    this.collector = collector;
  }

  /**
   * For a command: connects to the configured stores; {@code ingest} gives the running server's
   * figures, {@code ingestNote} says why there are none.
   */
  public static Monitoring open(
      Settings settings, Supplier<Optional<Stats.Ingest>> ingest, Supplier<String> ingestNote) {
    var database = RelationalDatabase.open(settings);
    try {
      var influx = Platform.influxStore(settings);
      var redis = redis(settings);
      var collector =
          new StatsCollector(database.sql(), influx, redis, ingest, ingestNote, Clock.systemUTC());
      return new Monitoring(database, influx, redis, collector);
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** Inside {@code serve}: the platform's own stores; the Redis connection is the caller's. */
  static StatsCollector forServe(
      Settings settings,
      RelationalDatabase database,
      ReadingStore readings,
      Optional<RedisCheck> redis,
      Supplier<Optional<Stats.Ingest>> ingest) {
    Optional<InfluxReadingStore> influx =
        readings instanceof InfluxReadingStore store ? Optional.of(store) : Optional.empty();
    return new StatsCollector(
        database.sql(),
        influx,
        redis,
        ingest,
        () -> "the server's meters are not available",
        Clock.systemUTC());
  }

  static Optional<RedisCheck> redis(Settings settings) {
    return settings.cache() == Settings.CacheBackend.REDIS
        ? Optional.of(new RedisCheck(settings.redis()))
        : Optional.empty();
  }

  public StatsCollector collector() {
    return collector;
  }

  @Override
  public void close() {
    redis.ifPresent(RedisCheck::close);
    influx.ifPresent(InfluxReadingStore::close);
    database.close();
  }
}
