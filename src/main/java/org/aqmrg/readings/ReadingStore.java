package org.aqmrg.readings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The time-series role: where readings of the {@code air_quality} measurement live. Two adapters,
 * {@code influx.InfluxReadingStore} and {@code postgres.PostgresReadingStore}, pass one contract
 * test against real servers.
 *
 * <p>A reading with the same sensor and time as a stored one replaces it field by field, as in
 * InfluxDB: fields it carries overwrite, fields it lacks keep their stored value. Times are kept to
 * the nanosecond on InfluxDB and to the microsecond on PostgreSQL.
 */
public interface ReadingStore extends AutoCloseable {

  /**
   * Stores a batch. When this returns, every reading is stored; when it throws {@link
   * StoreUnavailableException}, the caller must treat none as stored (a retry is safe, since a
   * reading replaces itself).
   */
  void write(List<Reading> readings);

  /** The newest reading of a sensor, or empty when it has none within the raw retention. */
  Optional<Reading> latest(String sensorId);

  /**
   * Raw readings of one sensor with {@code from <= time < to}, oldest first, at most {@code limit}.
   */
  List<Reading> raw(String sensorId, Instant from, Instant to, int limit);

  /**
   * History: streams the rows that {@code query} selects to {@code sink}, oldest first, as the
   * store yields them, so that a long answer never sits in memory whole: PostgreSQL reads through a
   * cursor, InfluxDB answers in chunks. A raw query holds at most one page. Both adapters give the
   * same rows for the same stored readings; means may differ in the last binary digit, since the
   * stores add in different orders.
   *
   * <p>Times are as stored (microseconds on PostgreSQL). On InfluxDB, a point written again for the
   * same sensor and time under another location or manufacturer tag (after the registry moved the
   * sensor) is a second point: raw readings merge it as {@link #raw} does, but aggregates count it
   * twice until the older shard expires.
   *
   * <p>An exception thrown by {@code sink} (say, the client went away) ends the query, releases its
   * connection and reaches the caller unchanged.
   *
   * @return for a raw query with more readings after this page, the place to pass as {@code after}
   *     for the next page; otherwise empty
   * @throws StoreUnavailableException when the store cannot answer; rows may already have reached
   *     {@code sink}
   */
  Optional<Query.Position> query(Query query, Consumer<Row> sink);

  /**
   * Creates the seed's buckets if missing (idempotent): raw data, hourly and daily rollups and
   * predictions, with their retention. Returns what exists afterwards.
   */
  List<Bucket> createBuckets();

  /** The buckets with their retention and size. */
  List<Bucket> buckets();

  /** What and where the store is, for logs; never a secret. */
  String description();

  @Override
  void close();

  /**
   * One bucket.
   *
   * @param retention e.g. {@code 30d}, or {@code infinite}
   * @param size a human-readable size or point count, as the store can tell it
   */
  record Bucket(String name, String retention, String size) {}
}
