package org.aqmrg.readings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
