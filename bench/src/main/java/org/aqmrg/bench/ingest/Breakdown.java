package org.aqmrg.bench.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.aqmrg.app.Platform;
import org.aqmrg.http.WebApp;
import org.aqmrg.identity.Principal;
import org.aqmrg.ingest.IngestService;
import org.aqmrg.ingest.LatestReadings;
import org.aqmrg.ingest.SensorRegistry;
import org.aqmrg.ingest.Validator;
import org.aqmrg.ingest.lineprotocol.LineProtocolParser;
import org.aqmrg.ingest.lineprotocol.Precision;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.SeedBucket;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.Row;
import org.aqmrg.readings.StoreWriter;
import org.aqmrg.registry.RegistryLookup;

/**
 * Where the time of one write goes, without HTTP in front: the platform's own {@link
 * IngestService}, wired as {@code Platform} wires it but with a stopwatch around the store, fed the
 * 200 bodies one after another on one thread. For each body it also times, separately, the parser
 * alone, the validator alone and the latest-value update alone; on InfluxDB also, for comparison,
 * line text made with Java's own number formatting and its gzip (the adapter's {@code LineWriter}
 * is not public), and, as references, InfluxDB taking the original body and that gzip body
 * directly; on PostgreSQL a replica of the adapter's merge path (staging table and {@code INSERT …
 * ON CONFLICT}, used when a batch holds a point already stored) and of its straight copy.
 */
final class Breakdown {
  private Breakdown() {}

  /** One step: its time for each body, in nanoseconds. */
  record Step(String name, long[] nanos) {
    double meanMillis() {
      long sum = 0;
      for (long n : nanos) {
        sum += n;
      }
      return sum / 1e6 / nanos.length;
    }
  }

  /**
   * @param steps the steps in report order
   * @param allocatedPerBody bytes the writing thread allocated in {@code writeLineProtocol}, per
   *     body
   * @param gzipRatio compressed size over line-text size, for the adapter's gzip bodies
   */
  record Result(List<Step> steps, long allocatedPerBody, double gzipRatio) {}

  /**
   * Writes every body once through {@code platform}'s parts.
   *
   * @param directDatabases on InfluxDB, two empty databases for the direct references (plain,
   *     gzip); null on PostgreSQL
   */
  static Result run(
      Platform platform,
      Principal caller,
      Points points,
      TestServices services,
      String[] directDatabases)
      throws IOException, InterruptedException {
    var mapper = WebApp.objectMapper();
    var timed = new TimedStore(platform.readings());
    var validator =
        new Validator(
            platform.settings().ingest().maxFuture(),
            SeedBucket.RAW.retention().orElseThrow());
    var writer = new StoreWriter(timed);
    var ingest =
        new IngestService(
            validator,
            new SensorRegistry(new RegistryLookup(platform.database().sql())),
            writer,
            new LatestReadings(platform.cache(), timed, mapper),
            false,
            Clock.systemUTC());
    var offerOnly = new LatestReadings(platform.cache(), platform.readings(), mapper);
    var parser = new LineProtocolParser();
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    boolean influx = directDatabases != null;
    var replica = influx ? null : new PgReplica(platform.database().dataSource());

    int n = Points.BODIES;
    var steps = new LinkedHashMap<String, long[]>();
    for (String name : names(influx)) {
      steps.put(name, new long[n]);
    }
    long allocated = 0;
    long textBytes = 0;
    long gzipBytes = 0;
    for (int i = 0; i < n; i++) {
      byte[] body = points.body(i);
      long now = nowNanos();

      long t0 = System.nanoTime();
      var parsed = parser.parse(body, 0, body.length, Precision.NS, now);
      long t1 = System.nanoTime();
      var shapes = new Validator.Shapes(); // as ingest checks a piece of a body
      for (var point : parsed.points()) {
        if (!(validator.check(point, now, shapes) instanceof Validator.Outcome.Valid)) {
          throw new IllegalStateException("body " + i + " holds a point the validator refuses");
        }
      }
      long t2 = System.nanoTime();
      steps.get(PARSE)[i] = t1 - t0;
      steps.get(VALIDATE)[i] = t2 - t1;

      long before = threads.getCurrentThreadAllocatedBytes();
      timed.reset();
      t0 = System.nanoTime();
      var result = ingest.writeLineProtocol(caller, body, Precision.NS);
      t1 = System.nanoTime();
      allocated += threads.getCurrentThreadAllocatedBytes() - before;
      if (!result.complete() || result.written() != parsed.points().size()) {
        throw new IllegalStateException(
            "body " + i + " was not written whole: " + result.rejected());
      }
      steps.get(TOTAL)[i] = t1 - t0;
      steps.get(STORE)[i] = timed.nanos();
      List<Reading> stored = timed.readings();

      platform.web().latest().awaitOffers(); // the ingest's own, written after its answer
      t0 = System.nanoTime();
      offerOnly.offer(stored);
      steps.get(OFFER)[i] = System.nanoTime() - t0;

      if (influx) {
        t0 = System.nanoTime();
        String text = lineText(stored);
        t1 = System.nanoTime();
        byte[] gzipped = gzip(text, Deflater.DEFAULT_COMPRESSION);
        t2 = System.nanoTime();
        gzip(text, Deflater.BEST_SPEED);
        long t3 = System.nanoTime();
        steps.get(TEXT)[i] = t1 - t0;
        steps.get(GZIP)[i] = t2 - t1;
        steps.get(GZIP_FAST)[i] = t3 - t2;
        textBytes += text.length();
        gzipBytes += gzipped.length;
        steps.get(DIRECT_PLAIN)[i] = direct(services, directDatabases[0], body, false);
        steps.get(DIRECT_GZIP)[i] = direct(services, directDatabases[1], gzipped, true);
      } else {
        // Other times than the ones just written, so that the replica inserts new rows too.
        long[] staged;
        try {
          staged = replica.stagedWrite(PgReplica.moved(stored, 250_000));
          steps.get(PG_COPY_DIRECT)[i] = replica.directCopy(PgReplica.moved(stored, 500_000));
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException("the replica of the PostgreSQL adapter failed", e);
        }
        steps.get(PG_TEXT)[i] = staged[0];
        steps.get(PG_COPY)[i] = staged[1];
        steps.get(PG_MERGE)[i] = staged[2];
        steps.get(PG_COMMIT)[i] = staged[3];
      }
    }
    var list = new ArrayList<Step>();
    steps.forEach((name, nanos) -> list.add(new Step(name, nanos)));
    writer.close();
    return new Result(list, allocated / n, textBytes == 0 ? 0 : (double) gzipBytes / textBytes);
  }

  static final String TOTAL = "IngestService.writeLineProtocol, whole";
  static final String PARSE = "parse (LineProtocolParser alone)";
  static final String VALIDATE = "validate (Validator.check alone, 5,000 points)";
  static final String STORE =
      "ReadingStore.write inside the whole, first start to last end (1 or 2 concurrent batches)";
  static final String OFFER = "LatestReadings.offer alone (200 JSON values, one Redis call)";
  static final String TEXT =
      "for comparison: the line text with StringBuilder and Double.toString (the adapter writes"
          + " bytes with Decimals)";
  static final String GZIP =
      "for comparison: gzip of that text, default level (the adapter's for a remote InfluxDB)";
  static final String GZIP_FAST = "for comparison: the same gzip at level 1 (BEST_SPEED)";
  static final String DIRECT_PLAIN = "reference: the original body straight to InfluxDB";
  static final String DIRECT_GZIP = "reference: that gzip body straight to InfluxDB";

  static final String PG_TEXT =
      "replica of the merge path: COPY text (Instant.toString, Double.toString)";
  static final String PG_COPY = "replica of the merge path: COPY into the temporary staging table";
  static final String PG_MERGE =
      "replica of the merge path: INSERT … SELECT … ON CONFLICT DO UPDATE into sensor_data";
  static final String PG_COMMIT = "replica of the merge path: commit";
  static final String PG_COPY_DIRECT =
      "replica of the adapter's usual path: the readings copied straight into sensor_data (text"
          + " included)";

  /**
   * Rows the PostgreSQL breakdown writes: the ingest's, the staged replica's, the direct copy's.
   */
  static final int POSTGRES_WRITES_PER_BODY = 3;

  private static List<String> names(boolean influx) {
    var names = new ArrayList<>(List.of(TOTAL, PARSE, VALIDATE, STORE, OFFER));
    if (influx) {
      names.addAll(List.of(TEXT, GZIP, GZIP_FAST, DIRECT_PLAIN, DIRECT_GZIP));
    } else {
      names.addAll(List.of(PG_TEXT, PG_COPY, PG_MERGE, PG_COMMIT, PG_COPY_DIRECT));
    }
    return names;
  }

  /** The lines the InfluxDB adapter writes, as its LineWriter writes them (tags sorted). */
  private static String lineText(List<Reading> readings) {
    var out = new StringBuilder(readings.size() * 160);
    for (Reading reading : readings) {
      out.append("air_quality");
      tag(out, "location", reading.location());
      tag(out, "manufacturer", reading.manufacturer());
      tag(out, "sensor_id", reading.sensorId());
      char separator = ' ';
      for (Field field : Field.values()) {
        if (reading.has(field)) {
          out.append(separator).append(field.key()).append('=').append(reading.value(field));
          separator = ',';
        }
      }
      out.append(' ').append(reading.timeNanos()).append('\n');
    }
    return out.toString();
  }

  private static void tag(StringBuilder out, String key, String value) {
    if (value != null && !value.isEmpty()) {
      out.append(',').append(key).append('=').append(value);
    }
  }

  private static byte[] gzip(String text, int level) throws IOException {
    var bytes = new ByteArrayOutputStream(text.length() / 4);
    try (var out =
        new GZIPOutputStream(bytes, 64 * 1024) {
          {
            def.setLevel(level);
          }
        }) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return bytes.toByteArray();
  }

  /** Posts one body straight to InfluxDB; returns the time taken, after checking for 204. */
  private static long direct(TestServices services, String database, byte[] body, boolean gzipped)
      throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(
                URI.create(services.influx() + "/write?db=" + database + "&precision=ns"))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "text/plain; charset=utf-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (gzipped) {
      request.header("Content-Encoding", "gzip");
    }
    long t0 = System.nanoTime();
    var response = services.http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    long nanos = System.nanoTime() - t0;
    if (response.statusCode() != 204) {
      throw new IllegalStateException(
          "InfluxDB answered " + response.statusCode() + " to a direct write: " + response.body());
    }
    return nanos;
  }

  private static long nowNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /**
   * The platform's store with a stopwatch, per body: from the start of its first write to the end
   * of its last (a body can go as two concurrent batches), and all the readings written.
   */
  private static final class TimedStore implements ReadingStore {
    private final ReadingStore store;
    private long firstStart;
    private long lastEnd;
    private final List<Reading> written = new ArrayList<>();

    TimedStore(ReadingStore store) {
      this.store = store;
    }

    /** Starts the next body's account. */
    synchronized void reset() {
      firstStart = Long.MAX_VALUE;
      lastEnd = Long.MIN_VALUE;
      written.clear();
    }

    synchronized long nanos() {
      return lastEnd - firstStart;
    }

    synchronized List<Reading> readings() {
      return List.copyOf(written);
    }

    @Override
    public void write(List<Reading> readings) {
      long t0 = System.nanoTime();
      store.write(readings);
      long t1 = System.nanoTime();
      synchronized (this) {
        firstStart = Math.min(firstStart, t0);
        lastEnd = Math.max(lastEnd, t1);
        written.addAll(readings);
      }
    }

    @Override
    public Optional<Reading> latest(String sensorId) {
      return store.latest(sensorId);
    }

    @Override
    public List<Reading> raw(String sensorId, Instant from, Instant to, int limit) {
      return store.raw(sensorId, from, to, limit);
    }

    @Override
    public Optional<Query.Position> query(Query query, Consumer<Row> sink) {
      return store.query(query, sink);
    }

    @Override
    public List<Bucket> createBuckets() {
      return store.createBuckets();
    }

    @Override
    public List<Bucket> buckets() {
      return store.buckets();
    }

    @Override
    public String description() {
      return store.description();
    }

    @Override
    public void close() {
      // the platform closes the store it owns
    }
  }

  /** Mean milliseconds per body of each step, by name. */
  static Map<String, Double> means(Result result) {
    var means = new LinkedHashMap<String, Double>();
    for (Step step : result.steps()) {
      means.put(step.name(), step.meanMillis());
    }
    return means;
  }
}
