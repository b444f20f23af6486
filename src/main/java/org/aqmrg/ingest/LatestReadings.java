package org.aqmrg.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
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
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.aqmrg.cache.Cache;
import org.aqmrg.cache.CacheMeter;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.threads.DaemonThreads;
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

  private static final Field[] FIELDS = Field.values();

  /** How long {@link #get} reuses what it read, in milliseconds. */
  public static final long MEMO_MILLIS = 1_000;

  /** More remembered sensors than this and the memo starts over (unknown ids are never kept). */
  private static final int MEMO_LIMIT = 100_000;

  private final Cache cache;
  private final ReadingStore store;
  private final LatestCache latestCache;
  private final LongSupplier clockMillis;
  private final CacheMeter meter;
  private final Map<String, Memo> memo = new ConcurrentHashMap<>();
  private final ExecutorService offers =
      Executors.newSingleThreadExecutor(DaemonThreads.named("latest-offers"));
  private final Semaphore room = new Semaphore(MAX_QUEUED_OFFERS);
  // Batches waiting for the offering thread, and its run that will take them (null: none waits).
  private List<List<Reading>> queued = new ArrayList<>();
  private CompletableFuture<Void> nextOffer;
  private volatile CompletableFuture<Void> lastOffer = CompletableFuture.completedFuture(null);
  // Whether the last read found the cache down, so that an outage is logged once, not per read.
  private volatile boolean cacheDown;

  private record Memo(Latest latest, long readAt) {}

  // Told the sensors of each batch once their latest values are in the cache (the alerts).
  private volatile Consumer<List<Latest>> offered; // null: nobody listens

  public LatestReadings(Cache cache, ReadingStore store, ObjectMapper json) {
    this(cache, store, json, CacheMeter.NONE);
  }

  /**
   * Telling {@code meter} of each sensor's read: a hit when the memo or the cache held it, a miss
   * when it was read from the store.
   */
  public LatestReadings(Cache cache, ReadingStore store, ObjectMapper json, CacheMeter meter) {
    this(cache, store, json, () -> System.nanoTime() / 1_000_000, meter);
  }

  /** With the clock (in milliseconds) of the memo, for tests. */
  LatestReadings(Cache cache, ReadingStore store, ObjectMapper json, LongSupplier clockMillis) {
    this(cache, store, json, clockMillis, CacheMeter.NONE);
  }

  private LatestReadings(
      Cache cache,
      ReadingStore store,
      ObjectMapper json,
      LongSupplier clockMillis,
      CacheMeter meter) {
    this.cache = cache;
    this.store = store;
    this.latestCache = new LatestCache(cache, json);
    this.clockMillis = clockMillis;
    this.meter = meter;
  }

  /** The value kept per sensor, as the Redis schema documents it. */
  public record Latest(String sensorId, String time, String location, Map<String, Double> fields) {}

  static String key(String sensorId) {
    return LatestCache.key(sensorId);
  }

  /** Offers the newest reading of each sensor in {@code readings}; returns how many were newer. */
  public int offer(List<Reading> readings) {
    return offerNewest(newestOf(readings));
  }

  private static List<Latest> newestOf(List<Reading> readings) {
    var newest = new HashMap<String, Reading>();
    for (Reading reading : readings) {
      newest.merge(reading.sensorId(), reading, LatestReadings::newer);
    }
    var values = new ArrayList<Latest>(newest.size());
    for (Reading reading : newest.values()) {
      values.add(of(reading));
    }
    return values;
  }

  private int offerNewest(List<Latest> values) {
    int stored = latestCache.offer(values);
    for (Latest value : values) {
      memo.remove(value.sensorId());
    }
    return stored;
  }

  /**
   * Of two readings of one sensor, {@code later} given after {@code earlier}: the one with the
   * later time, or for the same time the two merged as the store merges them (each field of {@code
   * later} replaces that of {@code earlier}, the others stay; the tags are {@code later}'s).
   */
  static Reading newer(Reading earlier, Reading later) {
    if (later.timeNanos() != earlier.timeNanos()) {
      return later.timeNanos() > earlier.timeNanos() ? later : earlier;
    }
    var merged =
        Reading.builder(later.sensorId(), later.timeNanos())
            .location(later.location())
            .manufacturer(later.manufacturer());
    for (Field field : FIELDS) {
      if (later.has(field)) {
        merged.set(field, later.value(field));
      } else if (earlier.has(field)) {
        merged.set(field, earlier.value(field));
      }
    }
    return merged.build();
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
      var newest = newestOf(readings);
      offerNewest(newest);
      var listener = offered;
      if (listener != null) {
        listener.accept(newest);
      }
    } catch (StoreUnavailableException e) {
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

  /**
   * Tells {@code listener} the newest reading of each sensor of each batch {@link #offerLater} has
   * put in the cache (the cache keeps it only where it is newer than what it held), on the offering
   * thread: it must hand the work on, not do it there. Null: nobody listens.
   */
  public void whenOffered(Consumer<List<Latest>> listener) {
    this.offered = listener;
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
      meter.hits(1);
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
   * sensor without a reading within the raw retention is left out. When the cache cannot be
   * reached, every sensor is read from the store.
   */
  public List<Latest> getAll(List<String> sensorIds) {
    awaitOffers();
    var keys = new ArrayList<String>(sensorIds.size());
    for (String id : sensorIds) {
      keys.add(key(id));
    }
    Map<String, String> cached;
    try {
      cached = cache.getAll(keys);
      cacheDown = false;
    } catch (StoreUnavailableException e) {
      if (!cacheDown) {
        log.warn(
            "Reading latest values from the store while the cache is down: {}", e.getMessage());
      }
      cacheDown = true;
      cached = Map.of();
    }
    var found = new ArrayList<Latest>(sensorIds.size());
    var cold = new ArrayList<Reading>();
    int misses = 0;
    for (String id : sensorIds) {
      Optional<Latest> latest = latestCache.parse(cached.get(key(id)));
      if (latest.isEmpty()) {
        misses++;
        Optional<Reading> stored = store.latest(id);
        stored.ifPresent(cold::add);
        latest = stored.map(LatestReadings::of);
      }
      latest.ifPresent(found::add);
    }
    meter.hits(sensorIds.size() - misses);
    meter.misses(misses);
    if (!cold.isEmpty() && !cacheDown) {
      try {
        offer(cold);
      } catch (StoreUnavailableException e) {
        cacheDown = true; // the next read tries the cache again, and writes them back then
      }
    }
    return found;
  }

  /**
   * What the cache holds of these sensors, in one round trip, without reading the store for the
   * ones it does not hold (for callers that poll, such as the alerts); empty when the cache cannot
   * be reached.
   */
  public List<Latest> cached(List<String> sensorIds) {
    awaitOffers();
    var keys = new ArrayList<String>(sensorIds.size());
    for (String id : sensorIds) {
      keys.add(key(id));
    }
    Map<String, String> held;
    try {
      held = cache.getAll(keys);
    } catch (StoreUnavailableException e) {
      return List.of();
    }
    var found = new ArrayList<Latest>(held.size());
    for (String key : keys) {
      latestCache.parse(held.get(key)).ifPresent(found::add);
    }
    return found;
  }

  static Latest of(Reading reading) {
    return new Latest(
        reading.sensorId(), LatestCache.time(reading), reading.location(), reading.fields());
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
