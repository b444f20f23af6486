package org.aqmrg.readings.influx;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.aqmrg.config.Settings;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.Row;

/**
 * Readings in InfluxDB, measurement {@code air_quality} of the database {@code INFLUXDB_DATABASE},
 * raw readings in its retention policy {@code sensor_data}, spoken to through the 1.x HTTP API that
 * InfluxDB 1.x, 2.x (with DBRP mappings) and 3.x all serve.
 *
 * <p>A batch goes out as line protocol (gzip-compressed unless InfluxDB is on this machine), at
 * most 5,000 lines per request, on the calling thread: a batch of more goes out as requests one
 * after the other. How many batches are written at once is the business of the {@link
 * org.aqmrg.readings.StoreWriter} in front of the store, which sends at most 5,000 readings a
 * write. Each request is retried on connection errors, timeouts and 5xx answers. When a request
 * finally fails, {@link #write} throws {@link StoreUnavailableException}, and the caller must treat
 * the whole batch as not stored (requests before it have landed, but writing them again replaces
 * them with themselves). A 4xx answer is not retried: it ends as a {@link
 * org.aqmrg.error.StoreRefusedException} (HTTP 500 to the writer) with InfluxDB's error text and,
 * as cause, an {@link InfluxResponseException} with the status.
 *
 * <p>Buckets are created by the version the server names on {@code /ping}: 2.x through its v2 API
 * ({@link V2Buckets}), anything else through InfluxQL ({@link V1Buckets}).
 */
public final class InfluxReadingStore implements ReadingStore {
  private final InfluxHttp http;
  private final String database;
  private final String org;
  private final boolean gzip;
  private final InfluxHistory history;

  /** A store for the server and database of the settings; it connects on first use. */
  public InfluxReadingStore(Settings.Influx settings) {
    this(settings, InfluxHttp.Timing.DEFAULT);
  }

  /** With other timeouts and retries, for tests. */
  InfluxReadingStore(Settings.Influx settings, InfluxHttp.Timing timing) {
    this.http = new InfluxHttp(settings, timing);
    this.database = settings.database();
    this.org = settings.org();
    this.gzip = InfluxHttp.compressWrites(settings);
    this.history = new InfluxHistory(http, database);
  }

  @Override
  public void write(List<Reading> readings) {
    LineWriter.checkAll(readings); // all or nothing: refuse before anything is sent
    for (List<Reading> part : LineWriter.split(readings)) {
      http.write(database, BucketSpec.RAW, LineWriter.render(part, gzip));
    }
  }

  /**
   * Sends {@code GET /ping} once through this store's HTTP client and returns the status, for the
   * health check ({@link org.aqmrg.ops.InfluxCheck}).
   */
  public int ping(Duration timeout) throws IOException, InterruptedException {
    return http.ping(timeout);
  }

  @Override
  public Optional<Reading> latest(String sensorId) {
    List<Reading> newest =
        SeriesReader.readings(
            sensorId, http.query(database, InfluxQl.latest(database, BucketSpec.RAW, sensorId)));
    return newest.isEmpty() ? Optional.empty() : Optional.of(newest.get(newest.size() - 1));
  }

  @Override
  public List<Reading> raw(String sensorId, Instant from, Instant to, int limit) {
    if (limit <= 0 || !from.isBefore(to)) {
      return List.of();
    }
    List<Reading> readings =
        SeriesReader.readings(
            sensorId,
            http.query(
                database, InfluxQl.raw(database, BucketSpec.RAW, sensorId, from, to, limit)));
    return readings.size() > limit ? List.copyOf(readings.subList(0, limit)) : readings;
  }

  @Override
  public Optional<Query.Position> query(Query query, Consumer<Row> sink) {
    return history.query(query, sink);
  }

  @Override
  public List<Bucket> createBuckets() {
    if (isV2()) {
      var buckets = new V2Buckets(http, org, database);
      buckets.create();
      return buckets.list();
    }
    var buckets = new V1Buckets(http, database);
    buckets.create();
    return buckets.list();
  }

  @Override
  public List<Bucket> buckets() {
    return isV2()
        ? new V2Buckets(http, org, database).list()
        : new V1Buckets(http, database).list();
  }

  /** True when {@code /ping} names a 2.x server ({@code X-Influxdb-Version: v2.7.11}). */
  private boolean isV2() {
    return http.version()
        .map(version -> version.replaceFirst("^[vV]", "").startsWith("2."))
        .orElse(false);
  }

  /** The server's version from {@code /ping}, e.g. {@code 1.6.7~rc0}; empty when it names none. */
  public Optional<String> serverVersion() {
    return http.version();
  }

  /** The HTTP client of this store, for the rollups kept on the same server; closed with it. */
  public InfluxHttp http() {
    return http;
  }

  /** The database of the readings, whose other retention policies hold the rollups. */
  public String database() {
    return database;
  }

  @Override
  public String description() {
    return "InfluxDB at " + http.url() + " (database " + database + ")";
  }

  @Override
  public void close() {
    http.close();
  }
}
