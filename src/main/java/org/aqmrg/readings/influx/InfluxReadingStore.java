package org.aqmrg.readings.influx;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.aqmrg.config.Settings;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.Row;
import org.aqmrg.threads.DaemonThreads;

/**
 * Readings in InfluxDB, measurement {@code air_quality} of the database {@code INFLUXDB_DATABASE},
 * raw readings in its retention policy {@code sensor_data}, spoken to through the 1.x HTTP API that
 * InfluxDB 1.x, 2.x (with DBRP mappings) and 3.x all serve.
 *
 * <p>A batch goes out as line protocol (gzip-compressed unless InfluxDB is on this machine), at
 * most 5,000 lines per request; a batch of more goes out as several requests at once, each rendered
 * while the ones before it are in flight. A batch of 5,000 or fewer is one request: splitting it to
 * send its parts at once was measured slower (InfluxDB 1.6 took 37.9 ms for four parallel parts of
 * 1,250 lines against 32.4 ms for one request, bench/RESULTS.md). Each request is retried on
 * connection errors, timeouts and 5xx answers. When a request finally fails, {@link #write} waits
 * for the others, then throws {@link StoreUnavailableException}, and the caller must treat the
 * whole batch as not stored (other requests may have landed, but writing them again replaces them
 * with themselves). A 4xx answer is not retried: it ends as a {@link
 * org.aqmrg.error.StoreRefusedException} (HTTP 500 to the writer) with InfluxDB's error text and,
 * as cause, an {@link InfluxResponseException} with the status.
 *
 * <p>Buckets are created by the version the server names on {@code /ping}: 2.x through its v2 API
 * ({@link V2Buckets}), anything else through InfluxQL ({@link V1Buckets}).
 */
public final class InfluxReadingStore implements ReadingStore {
  /** Parts of at least 1,000 lines that one batch of 5,000 or fewer is split into: none. */
  private static final int PARTS_PER_REQUEST = 1;

  private final InfluxHttp http;
  private final String database;
  private final String org;
  private final boolean gzip;
  private final ExecutorService writers =
      Executors.newCachedThreadPool(DaemonThreads.named("influx-write"));
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
    var parts = LineWriter.split(readings, PARTS_PER_REQUEST);
    if (parts.isEmpty()) {
      return;
    }
    var sent = new ArrayList<CompletableFuture<Void>>(parts.size() - 1);
    RuntimeException failure = null;
    try {
      for (int i = 0; i < parts.size() - 1; i++) {
        var batch = LineWriter.render(parts.get(i), gzip);
        sent.add(
            CompletableFuture.runAsync(() -> http.write(database, BucketSpec.RAW, batch), writers));
      }
      // The last part goes from this thread, which would otherwise only wait.
      http.write(database, BucketSpec.RAW, LineWriter.render(parts.get(parts.size() - 1), gzip));
    } catch (RuntimeException e) {
      failure = e;
    }
    for (var request : sent) {
      try {
        request.join();
      } catch (CompletionException e) {
        if (failure == null) {
          failure =
              e.getCause() instanceof RuntimeException cause
                  ? cause
                  : new StoreUnavailableException(
                      Store.TIMESERIES, "writing to InfluxDB failed", e.getCause());
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
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

  @Override
  public String description() {
    return "InfluxDB at " + http.url() + " (database " + database + ")";
  }

  @Override
  public void close() {
    writers.shutdownNow();
    http.close();
  }
}
