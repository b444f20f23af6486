package org.aqmrg.influxql;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.SeedBucket;
import org.aqmrg.rollups.RollupStore;

/**
 * Runs parsed statements: a SHOW from {@link Metadata}, a SELECT translated into the platform's own
 * queries ({@link SelectRun}): raw points and windows of whole seconds or minutes through {@link
 * ReadingStore#query}, windows of whole hours (and {@code time(1d)}, UTC days of 24 hours) through
 * the hourly rollups, as the JSON history API reads them. No text of the statement reaches a store.
 */
public final class Executor {
  static final String MEASUREMENT = "air_quality";

  private final ReadingStore store;
  private final RollupStore rollups;
  private final Supplier<List<SeriesTags>> catalog;
  private final String database;
  private final Limits limits;
  private final Clock clock;

  /**
   * @param catalog the registry's sensors and their tags, read once per statement
   * @param database the one database there is: INFLUXDB_DATABASE
   */
  public Executor(
      ReadingStore store,
      RollupStore rollups,
      Supplier<List<SeriesTags>> catalog,
      String database,
      Limits limits,
      Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.rollups = Objects.requireNonNull(rollups, "rollups");
    this.catalog = Objects.requireNonNull(catalog, "catalog");
    this.database = Objects.requireNonNull(database, "database");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The answer to one statement; a statement the stores cannot answer as asked (an unknown
   * database, a bound passed) is a {@link Result#failed} with InfluxDB's wording where it has one.
   *
   * @param db the request's {@code db}, may be null
   * @param rp the request's {@code rp}, may be null
   * @throws InvalidInputException naming the limit when the statement asks more than {@link Limits}
   *     allows
   */
  public Result run(int id, Statement statement, String db, String rp) {
    if (statement instanceof Statement.Show show) {
      if (show.what() != Statement.Show.What.DATABASES) {
        Optional<String> missing = checkDatabase(show.database().orElse(db));
        if (missing.isPresent()) {
          return Result.failed(id, missing.get());
        }
      }
      List<SeriesTags> sensors =
          show.what() == Statement.Show.What.TAG_VALUES ? catalog.get() : List.of();
      if (show.what() == Statement.Show.What.TAG_VALUES
          && !SeriesTags.KEYS.contains(show.tagKey())) {
        return Result.of(id, List.of());
      }
      return Result.of(id, Metadata.answer(show, database, sensors));
    }
    Statement.Select select = (Statement.Select) statement;
    Optional<String> missing = checkDatabase(select.database().orElse(db));
    if (missing.isPresent()) {
      return Result.failed(id, missing.get());
    }
    String policy = select.retentionPolicy().orElse(rp == null || rp.isBlank() ? null : rp);
    if (policy != null && !policy.equals(SeedBucket.RAW.bucket())) {
      return Result.failed(id, policyError(policy));
    }
    if (!select.measurement().equals(MEASUREMENT)) {
      return Result.of(id, List.of());
    }
    return Result.of(
        id, new SelectRun(select, store, rollups, limits, clock.instant()).run(catalog.get()));
  }

  /**
   * True when the statement reads raw points or windows shorter than {@code window}: what the
   * history API keeps from public callers.
   */
  public static boolean finerThan(Statement statement, Duration window) {
    return statement instanceof Statement.Select select
        && (select.fn().isEmpty() || select.every().orElse(Duration.ZERO).compareTo(window) < 0);
  }

  private Optional<String> checkDatabase(String db) {
    if (db == null || db.isBlank()) {
      return Optional.of("database name required");
    }
    return db.equals(database) ? Optional.empty() : Optional.of("database not found: " + db);
  }

  private static String policyError(String policy) {
    for (SeedBucket bucket : SeedBucket.values()) {
      if (bucket.bucket().equals(policy)) {
        return "retention policy "
            + policy
            + " cannot be read here: ask "
            + SeedBucket.RAW.bucket()
            + " (the default); GROUP BY time(1h) or longer reads the hourly rollups";
      }
    }
    return "retention policy not found: " + policy;
  }

  static InvalidInputException bound(String limit, String message, Object max) {
    return new InvalidInputException(message + " (" + limit + ")", Map.of(limit, max));
  }

  static <T> List<T> copy(List<T> list) {
    return new ArrayList<>(list);
  }
}
