package org.aqmrg.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.CacheUnavailableException;
import org.aqmrg.ops.DaemonThreads;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest reading of each sensor under the seed's {@code sensor:{sensor_id}:latest}: written
 * after each accepted batch only where it is newer than what the cache holds, so late data never
 * hides a newer reading; read from the time-series store when the cache is cold.
 *
 * <p>{@link #get} keeps what it read for {@link #MEMO_MILLIS} in this process, so a sensor that a
 * dashboard polls costs one cache round trip a second, not one per request (the latest-value load
 * benchmark in bench/RESULTS.md: the second Redis round trip of each request was the tail). A
 * reading accepted by this instance shows at once; one accepted by another instance within {@link
 * #MEMO_MILLIS}.
 *
 * <p>Ingest hands its batches to {@link #offerLater}, which writes them from a thread of its own,
 * in the order given, while the writer's answer goes out: the cache round trip is then off the
 * write path (bench/RESULTS.md, ingest). Reads in this process wait for the offers before them, so
 * an instance always shows what it has accepted; other instances see it a few milliseconds later,
 * well within {@link #MEMO_MILLIS}.
 */
public final class LatestReadings implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LatestReadings.class);

  /** Batches queued at most; a writer beyond them waits for room, so a slow cache slows ingest. */
  private static final int MAX_QUEUED_OFFERS = 16;

  /** How long a read waits for the offers before it, and closing for all of them. */
  private static final Duration OFFER_WAIT = Duration.ofSeconds(10);

  /** Nine fractional digits always, so that the times compare as strings. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'");

  private static final Field[] FIELDS = Field.values();

  /** How long {@link #get} reuses what it read, in milliseconds. */
  public static final long MEMO_MILLIS = 1_000;

  /** More remembered sensors than this and the memo starts over (unknown ids are never kept). */
  private static final int MEMO_LIMIT = 100_000;

  private final Cache cache;
  private final ReadingStore store;
  private final ObjectMapper json;
  private final LongSupplier clockMillis;
  private final Map<String, Memo> memo = new ConcurrentHashMap<>();
  private final ExecutorService offers =
      Executors.newSingleThreadExecutor(DaemonThreads.named("latest-offers"));
  private final Semaphore room = new Semaphore(MAX_QUEUED_OFFERS);
  // Batches waiting for the offering thread, and its run that will take them (null: none waits).
  private List<List<Reading>> queued = new ArrayList<>();
  private CompletableFuture<Void> nextOffer;
  private volatile CompletableFuture<Void> lastOffer = CompletableFuture.completedFuture(null);

  private record Memo(Latest latest, long readAt) {}

  public LatestReadings(Cache cache, ReadingStore store, ObjectMapper json) {
    this(cache, store, json, () -> System.nanoTime() / 1_000_000);
  }

  /** With the clock (in milliseconds) of the memo, for tests. */
  LatestReadings(Cache cache, ReadingStore store, ObjectMapper json, LongSupplier clockMillis) {
    this.cache = cache;
    this.store = store;
    this.json = json;
    this.clockMillis = clockMillis;
  }

  /** The value kept per sensor, as the Redis schema documents it. */
  public record Latest(String sensorId, String time, String location, Map<String, Double> fields) {}

  static String key(String sensorId) {
    return "sensor:" + sensorId + ":latest";
  }

  /** Offers the newest reading of each sensor in {@code readings}; returns how many were newer. */
  public int offer(List<Reading> readings) {
    var newest = new HashMap<String, Reading>();
    for (Reading reading : readings) {
      newest.merge(reading.sensorId(), reading, (a, b) -> b.timeNanos() >= a.timeNanos() ? b : a);
    }
    var entries = new ArrayList<Cache.Stamped>(newest.size());
    for (Reading reading : newest.values()) {
      entries.add(new Cache.Stamped(key(reading.sensorId()), cachedValue(reading), time(reading)));
    }
    int stored = cache.putIfNewer(entries);
    newest.keySet().forEach(memo::remove);
    return stored;
  }

  /**
   * {@link #offer} from the offering thread, after the offers before it: the caller goes on at once
   * (ingest hands over only the newest reading of each sensor of a batch). Batches that queue up
   * while the thread is busy go to the cache together, in one offer (the newest reading of each
   * sensor over all of them). A cache that cannot be reached is logged; the readings stay stored
   * and the next write brings the cache up to date.
   */
  public void offerLater(List<Reading> readings) {
    if (readings.isEmpty()) {
      return;
    }
    var compact = new ArrayList<Reading>(readings.size());
    for (Reading reading : readings) {
      compact.add(reading.withoutFieldText()); // a queued reading must not hold its body
    }
    room.acquireUninterruptibly();
    synchronized (this) {
      queued.add(compact);
      if (nextOffer == null) {
        nextOffer = CompletableFuture.runAsync(this::offerQueued, offers);
        lastOffer = nextOffer;
      }
    }
  }

  /** On the offering thread: takes every batch queued so far and offers them as one. */
  private void offerQueued() {
    List<List<Reading>> batches;
    synchronized (this) {
      batches = queued;
      queued = new ArrayList<>();
      nextOffer = null;
    }
    var readings = new ArrayList<Reading>();
    batches.forEach(readings::addAll);
    try {
      offer(readings);
    } catch (CacheUnavailableException e) {
      log.warn(
          "Stored {} readings but could not update their latest values: {}",
          readings.size(),
          e.getMessage());
    } catch (RuntimeException e) {
      log.error("Updating the latest values of {} readings failed", readings.size(), e);
    } finally {
      room.release(batches.size());
    }
  }

  /** Waits until every offer made so far in this process is in the cache (at most 10 s). */
  public void awaitOffers() {
    CompletableFuture<Void> last = lastOffer;
    if (last.isDone()) {
      return;
    }
    try {
      last.get(OFFER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // offerQueued logs its own failures; a read then shows what the cache holds.
    }
  }

  /** Writes the offers still queued, then stops the offering thread. */
  @Override
  public void close() {
    offers.shutdown();
    try {
      if (!offers.awaitTermination(OFFER_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn("Latest values of some accepted readings were not written before shutdown");
        offers.shutdownNow();
      }
    } catch (InterruptedException e) {
      offers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** The newest reading of a sensor: from the cache, or from the store when the cache is cold. */
  public Optional<Latest> get(String sensorId) {
    awaitOffers();
    long now = clockMillis.getAsLong();
    Memo known = memo.get(sensorId);
    if (known != null && now - known.readAt() < MEMO_MILLIS) {
      return Optional.of(known.latest());
    }
    Optional<Latest> found = getAll(List.of(sensorId)).stream().findFirst();
    if (found.isPresent()) {
      if (memo.size() >= MEMO_LIMIT) {
        memo.clear();
      }
      memo.put(sensorId, new Memo(found.get(), now));
    } else {
      memo.remove(sensorId);
    }
    return found;
  }

  /**
   * The newest reading of each sensor, in the order of {@code sensorIds}, in one cache round trip;
   * a sensor the cache does not hold is read from the store (and written back to the cache), and a
   * sensor without a reading within the raw retention is left out.
   */
  public List<Latest> getAll(List<String> sensorIds) {
    awaitOffers();
    var keys = new ArrayList<String>(sensorIds.size());
    for (String id : sensorIds) {
      keys.add(key(id));
    }
    Map<String, String> cached = cache.getAll(keys);
    var found = new ArrayList<Latest>(sensorIds.size());
    var cold = new ArrayList<Reading>();
    for (String id : sensorIds) {
      Optional<Latest> latest = parse(cached.get(key(id)));
      if (latest.isEmpty()) {
        Optional<Reading> stored = store.latest(id);
        stored.ifPresent(cold::add);
        latest = stored.map(LatestReadings::of);
      }
      latest.ifPresent(found::add);
    }
    if (!cold.isEmpty()) {
      offer(cold);
    }
    return found;
  }

  private Optional<Latest> parse(String cached) {
    if (cached == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(json.readValue(cached, Latest.class));
    } catch (JsonProcessingException e) {
      // Not ours or from an older version: the caller reads the store, which rewrites it.
      return Optional.empty();
    }
  }

  static Latest of(Reading reading) {
    return new Latest(reading.sensorId(), time(reading), reading.location(), reading.fields());
  }

  /**
   * A reading's time as the cache keeps it: UTC, always nine fractional digits. Written digit by
   * digit for the years 0 to 9999 (ingest writes one per sensor per batch); others through the
   * formatter, which gives them a sign.
   */
  static String time(Reading reading) {
    long seconds = Math.floorDiv(reading.timeNanos(), 1_000_000_000L);
    int nanos = (int) Math.floorMod(reading.timeNanos(), 1_000_000_000L);
    var at = LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
    if (at.getYear() < 0 || at.getYear() > 9999) {
      return TIME.format(at);
    }
    char[] text = new char[30];
    digits(text, 0, at.getYear(), 4);
    text[4] = '-';
    digits(text, 5, at.getMonthValue(), 2);
    text[7] = '-';
    digits(text, 8, at.getDayOfMonth(), 2);
    text[10] = 'T';
    digits(text, 11, at.getHour(), 2);
    text[13] = ':';
    digits(text, 14, at.getMinute(), 2);
    text[16] = ':';
    digits(text, 17, at.getSecond(), 2);
    text[19] = '.';
    digits(text, 20, nanos, 9);
    text[29] = 'Z';
    return new String(text);
  }

  private static void digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * The cached value of a reading, written straight into text: the same text as the API's mapper
   * makes of {@link #of} (LatestReadingsTest compares them), without its reflection per value;
   * ingest writes one per sensor per batch.
   */
  static String cachedValue(Reading reading) {
    var out = new StringBuilder(192).append("{\"sensor_id\":");
    quoted(out, reading.sensorId()).append(",\"time\":\"").append(time(reading));
    out.append("\",\"location\":");
    if (reading.location() == null) {
      out.append("null");
    } else {
      quoted(out, reading.location());
    }
    out.append(",\"fields\":{");
    char separator = ' ';
    for (Field field : FIELDS) {
      if (reading.has(field)) {
        if (separator == ',') {
          out.append(',');
        }
        out.append('"').append(field.key()).append("\":");
        out.append(NumberOutput.toString(reading.value(field), true));
        separator = ',';
      }
    }
    return out.append("}}").toString();
  }

  private static StringBuilder quoted(StringBuilder out, String text) {
    return out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(text)).append('"');
  }

  /** The units of each field, for clients showing the values. */
  public static Map<String, String> units() {
    var units = new LinkedHashMap<String, String>();
    for (Field field : Field.values()) {
      units.put(field.key(), field.unit());
    }
    return units;
  }
}
