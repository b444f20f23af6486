package org.aqmrg.ops;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.function.Supplier;
import org.aqmrg.cache.KeyPatterns;
import org.aqmrg.db.Database;
import org.aqmrg.readings.influx.InfluxReadingStore;

/**
 * Gathers {@link Stats} from the stores the platform is configured with, and the ingest figures
 * from {@code ingest} (the running server's meters). Used by {@code ./aqmrg stats} and {@code GET
 * /api/v1/admin/stats}; the caller owns and closes the stores.
 */
public final class StatsCollector {
  private final Database sql;
  private final PostgresStats postgres;
  private final Optional<InfluxStats> influx;
  private final Optional<RedisCheck> redis;
  private final Supplier<Optional<Stats.Ingest>> ingest;
  private final Supplier<String> ingestNote;
  private final Clock clock;

  public StatsCollector(
      Database sql,
      Optional<InfluxReadingStore> influx,
      Optional<RedisCheck> redis,
      Supplier<Optional<Stats.Ingest>> ingest,
      Supplier<String> ingestNote,
      Clock clock) {
    this.sql = sql;
    this.postgres = new PostgresStats(sql);
    this.influx = influx.map(InfluxStats::new);
    this.redis = redis;
    this.ingest = ingest;
    this.ingestNote = ingestNote;
    this.clock = clock;
  }

  public Stats collect() {
    return new Stats(
        clock.instant(),
        postgres.collect(),
        influx.map(InfluxStats::collect).orElse(null),
        redis.map(check -> check.stats(KeyPatterns.ALL)).orElse(null),
        platform());
  }

  private Stats.PlatformFigures platform() {
    var ingested = ingest.get();
    String note = ingested.isPresent() ? null : ingestNote.get();
    try {
      return sql.withHandle(
          "reading the platform's figures",
          handle -> {
            var lag =
                handle
                    .createQuery(
                        "SELECT count(*), extract(epoch FROM clock_timestamp() - min(marked_at))"
                            + " FROM rollup_marks")
                    .map((rows, context) -> new Object[] {rows.getLong(1), rows.getObject(2)})
                    .one();
            var deliveries = new LinkedHashMap<String, Long>();
            for (String status : java.util.List.of("delivered", "pending", "failed")) {
              deliveries.put(status, 0L);
            }
            handle
                .createQuery(
                    "SELECT status, count(*) FROM alert_deliveries"
                        + " WHERE created_at > now() - interval '24 hours' GROUP BY status")
                .map((rows, context) -> java.util.Map.entry(rows.getString(1), rows.getLong(2)))
                .forEach(entry -> deliveries.put(entry.getKey(), entry.getValue()));
            String backup =
                handle
                    .createQuery(
                        "SELECT slot || ': ' || coalesce(folder, 'failed: ' || error, 'running')"
                            + " FROM backup_runs ORDER BY slot DESC LIMIT 1")
                    .mapTo(String.class)
                    .findOne()
                    .orElse("no scheduled backup has run (AQMRG_BACKUP_SCHEDULE)");
            return new Stats.PlatformFigures(
                ingested.orElse(null),
                note,
                (Long) lag[0],
                lag[1] == null ? 0.0 : ((Number) lag[1]).doubleValue(),
                deliveries,
                backup,
                null);
          });
    } catch (RuntimeException e) {
      return new Stats.PlatformFigures(
          ingested.orElse(null), note, null, null, null, null, Problems.describe(e));
    }
  }
}
