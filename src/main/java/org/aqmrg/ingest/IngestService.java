package org.aqmrg.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.aqmrg.identity.Principal;
import org.aqmrg.ingest.lineprotocol.LineError;
import org.aqmrg.ingest.lineprotocol.LinePart;
import org.aqmrg.ingest.lineprotocol.LineProtocolParser;
import org.aqmrg.ingest.lineprotocol.Point;
import org.aqmrg.ingest.lineprotocol.Precision;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of every reading, whatever door it came in by (InfluxDB 2.x and 1.x writes, JSON,
 * the import command): parse, validate, check the sensor registry and the caller's token, store,
 * then update the latest reading of each sensor.
 *
 * <p>Good lines are stored even when others in the same body are refused; each refused line comes
 * back with its number, column and reason. When the store cannot take the batch, {@link
 * org.aqmrg.error.StoreUnavailableException} propagates and nothing of the batch is acknowledged.
 *
 * <p>A large body goes through on two cores when the machine has a core to spare (fewer bodies in
 * flight than cores): it is cut into pieces at line ends, which the request thread and a helper
 * parse and check in turn (a helper that the scheduler starts late takes fewer), and the accepted
 * readings are written as two batches at once, split by sensor. A large body that is not cut (other
 * bodies keep the cores busy) is written as two batches at once too: the store then has the other
 * batch to work on while this thread is sending one, and an InfluxDB with two cores is kept busy
 * while the platform checks the next body (bench/RESULTS.md, ingest, change 18: with one batch per
 * body the machine was 89-91 % busy in the platform's rounds, 94-96 % with InfluxDB direct). Every
 * batch is grouped by sensor, each sensor's readings in the order they came, so a point sent twice
 * is still decided by the body's order (bench/RESULTS.md, ingest, for the figures).
 */
public final class IngestService {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  /** A parser per thread: parsers keep caches of repeated names and are not thread-safe. */
  private static final ThreadLocal<LineProtocolParser> PARSERS =
      ThreadLocal.withInitial(LineProtocolParser::new);

  /** Bodies of at least this many bytes (about 500 lines) may go through on two cores at once. */
  static final int SPLIT_BYTES = 64 * 1024;

  private final Validator validator;
  private final SensorRegistry registry;
  private final ReadingStore store;
  private final LatestReadings latest;
  private final boolean registerUnknown;
  private final Clock clock;

  private final int cores;
  private final AtomicInteger bodiesInFlight = new AtomicInteger();
  private final ExecutorService helpers =
      Executors.newCachedThreadPool(DaemonThreads.named("ingest-helper"));

  /**
   * @param registerUnknown register unknown sensors as {@code pending} and accept their readings,
   *     instead of refusing them ({@code AQMRG_UNKNOWN_SENSORS=pending})
   */
  public IngestService(
      Validator validator,
      SensorRegistry registry,
      ReadingStore store,
      LatestReadings latest,
      boolean registerUnknown,
      Clock clock) {
    this(
        validator,
        registry,
        store,
        latest,
        registerUnknown,
        clock,
        Runtime.getRuntime().availableProcessors());
  }

  /** With the number of cores that decides when a body is halved, for tests. */
  IngestService(
      Validator validator,
      SensorRegistry registry,
      ReadingStore store,
      LatestReadings latest,
      boolean registerUnknown,
      Clock clock,
      int cores) {
    this.validator = validator;
    this.registry = registry;
    this.store = store;
    this.latest = latest;
    this.registerUnknown = registerUnknown;
    this.clock = clock;
    this.cores = cores;
  }

  /** A refused line (or JSON item): where it is, why, and its text. */
  public record Rejection(int line, int column, String reason, String text) {}

  /** What happened to a body: how many readings were stored and which lines were refused. */
  public record Result(int written, List<Rejection> rejected) {
    public boolean complete() {
      return rejected.isEmpty();
    }
  }

  /** A parsed point and the line (or JSON item) it came from. */
  public record Numbered(int line, Point point, String text) {}

  /** Writes a body of line protocol; {@code precision} is the unit of its timestamps. */
  public Result writeLineProtocol(Principal caller, byte[] body, Precision precision) {
    long now = nowNanos();
    int inFlight = bodiesInFlight.incrementAndGet();
    try {
      int[] cuts = inFlight < cores ? cutsBetweenLines(body) : null;
      if (cuts == null) {
        Batch whole = prepare(caller, body, 0, body.length, precision, now);
        return store(List.of(whole), body.length < SPLIT_BYTES ? 1 : 2);
      }
      // Two threads take the pieces in turn: a helper that starts late takes fewer of them.
      int pieces = cuts.length - 1;
      var prepared = new Batch[pieces];
      var next = new AtomicInteger();
      Runnable work =
          () -> {
            for (int i = next.getAndIncrement(); i < pieces; i = next.getAndIncrement()) {
              prepared[i] = prepare(caller, body, cuts[i], cuts[i + 1], precision, now);
            }
          };
      var helper = CompletableFuture.runAsync(work, helpers);
      work.run();
      joined(helper);
      var batches = new ArrayList<Batch>(pieces);
      int linesBefore = 0;
      for (Batch piece : prepared) {
        batches.add(piece.after(linesBefore));
        linesBefore += piece.lines();
      }
      return store(batches, 2);
    } finally {
      bodiesInFlight.decrementAndGet();
    }
  }

  /**
   * What the checks left of a body, or of a piece of one: the readings to store, the refusals, and
   * how many lines it has.
   */
  private record Batch(List<Reading> accepted, List<Rejection> rejected, int lines) {
    /** The same, for the piece that follows {@code linesBefore} lines: its refusals renumbered. */
    Batch after(int linesBefore) {
      if (rejected.isEmpty()) {
        return this;
      }
      var renumbered = new ArrayList<Rejection>(rejected.size());
      for (Rejection r : rejected) {
        renumbered.add(new Rejection(linesBefore + r.line(), r.column(), r.reason(), r.text()));
      }
      return new Batch(accepted, renumbered, lines);
    }
  }

  /**
   * Parses, validates and authorises the lines of {@code body} between {@code from} and {@code to};
   * refusals are numbered from the line at {@code from}.
   */
  private Batch prepare(
      Principal caller, byte[] body, int from, int to, Precision precision, long now) {
    var parsed = PARSERS.get().parse(body, from, to - from, precision, now);
    var rejected = new ArrayList<Rejection>();
    for (LineError error : parsed.errors()) {
      rejected.add(new Rejection(error.line(), error.column(), error.reason(), error.text()));
    }
    var points = new ArrayList<Numbered>(parsed.points().size());
    for (int i = 0; i < parsed.points().size(); i++) {
      points.add(new Numbered(parsed.line(i), parsed.points().get(i), null));
    }
    var accepted = check(caller, points, rejected, now, new LineTexts(body, from, to));
    return new Batch(accepted, rejected, parsed.lines());
  }

  /** Pieces a large body is cut into, to be prepared by two threads. */
  static final int PIECES = 8;

  /**
   * Where a body is cut into {@link #PIECES} pieces of about equal size, each ending after a line
   * (the first cut 0, the last the body's length), or null to take it whole: a body is cut only
   * when it is large and fewer bodies are in flight than there are cores, so that one writer's body
   * uses the idle core and several writers' bodies do not crowd each other.
   */
  static int[] cutsBetweenLines(byte[] body) {
    if (body.length < SPLIT_BYTES) {
      return null;
    }
    var cuts = new ArrayList<Integer>(PIECES + 1);
    cuts.add(0);
    for (int k = 1; k < PIECES; k++) {
      int cut = Math.max((int) ((long) body.length * k / PIECES), cuts.get(cuts.size() - 1) + 1);
      while (cut < body.length && body[cut - 1] != '\n') {
        cut++;
      }
      if (cut < body.length) {
        cuts.add(cut);
      }
    }
    cuts.add(body.length);
    return cuts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static <T> T joined(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /**
   * The text of a line of the body between {@code from} and {@code to}, counted from 1 at {@code
   * from}; found only when a line is refused, so the good path pays nothing.
   */
  private static final class LineTexts implements IntFunction<String> {
    private final byte[] body;
    private final int from;
    private final int to;
    private int[] starts;

    LineTexts(byte[] body, int from, int to) {
      this.body = body;
      this.from = from;
      this.to = to;
    }

    @Override
    public String apply(int line) {
      if (starts == null) {
        var found = new ArrayList<Integer>();
        found.add(from);
        for (int i = from; i < to; i++) {
          if (body[i] == '\n') {
            found.add(i + 1);
          }
        }
        starts = found.stream().mapToInt(Integer::intValue).toArray();
      }
      int start = starts[line - 1];
      int end = line < starts.length ? starts[line] - 1 : to;
      if (end > start && body[end - 1] == '\r') {
        end--;
      }
      return new String(body, start, end - start, StandardCharsets.UTF_8);
    }
  }

  /** Writes points that did not come as line protocol (JSON items, numbered from 1). */
  public Result writePoints(Principal caller, List<Numbered> points, List<Rejection> rejected) {
    var refused = new ArrayList<>(rejected);
    return store(
        List.of(new Batch(check(caller, points, refused, nowNanos(), line -> null), refused, 0)),
        1);
  }

  /**
   * Validates points and checks them against the registry and the caller's token; returns the
   * readings to store and adds a rejection for each other point to {@code rejected}.
   */
  private List<Reading> check(
      Principal caller,
      List<Numbered> points,
      List<Rejection> rejected,
      long now,
      IntFunction<String> lineText) {
    // The valid readings, the points they came from and the registry's answers, at one index.
    var valid = new ArrayList<Reading>(points.size());
    var validFrom = new ArrayList<Numbered>(points.size());
    var answers = new ArrayList<Optional<SensorRegistry.Sensor>>(points.size());
    // Sensors whose answer is not in the registry's cache: read all at once, when there are any.
    LinkedHashSet<String> unknown = null;
    long registryNow = registry.now();
    var shapes = new Validator.Shapes();
    for (Numbered numbered : points) {
      var outcome = validator.check(numbered.point(), now, shapes);
      if (outcome instanceof Validator.Outcome.Valid checked) {
        Reading reading = checked.reading();
        var answer = registry.cached(reading.sensorId(), registryNow);
        if (answer == null) {
          unknown = unknown == null ? new LinkedHashSet<>() : unknown;
          unknown.add(reading.sensorId());
        }
        valid.add(reading);
        validFrom.add(numbered);
        answers.add(answer);
      } else if (outcome instanceof Validator.Outcome.Invalid invalid) {
        rejected.add(reject(numbered, invalid.reason(), invalid.part(), invalid.key(), lineText));
      }
    }
    var sensors =
        unknown == null
            ? new HashMap<String, Optional<SensorRegistry.Sensor>>()
            : new HashMap<>(registry.lookup(unknown));

    var accepted = new ArrayList<Reading>(valid.size());
    for (int i = 0; i < valid.size(); i++) {
      Reading reading = valid.get(i);
      Numbered numbered = validFrom.get(i);
      String id = reading.sensorId();
      if (!caller.sensorIds().isEmpty() && !caller.sensorIds().contains(id)) {
        rejected.add(
            rejectSensor(
                numbered,
                "this token may write only for sensors " + String.join(", ", caller.sensorIds()),
                lineText));
        continue;
      }
      // A sensor registered as pending below is answered from the map from then on.
      Optional<SensorRegistry.Sensor> sensor = sensors.get(id);
      if (sensor == null) {
        sensor = answers.get(i);
      }
      if (sensor.isEmpty() && registerUnknown) {
        sensor = Optional.of(registry.registerPending(id, reading.manufacturer()));
        sensors.put(id, sensor);
        log.info("Registered unknown sensor {} as pending", id);
      }
      if (sensor.isEmpty()) {
        rejected.add(
            rejectSensor(
                numbered,
                "sensor '" + id + "' is not registered; an admin registers it first",
                lineText));
        continue;
      }
      if (!sensor.get().writable()) {
        rejected.add(
            rejectSensor(
                numbered,
                "sensor '"
                    + id
                    + "' is "
                    + sensor.get().status()
                    + "; only active sensors are written",
                lineText));
        continue;
      }
      accepted.add(withRegistryTags(reading, sensor.get()));
    }

    return accepted;
  }

  /**
   * Stores the batches, each as its own write and all at once, then offers their readings as the
   * latest; when any write fails, nothing is acknowledged (writing the same points again replaces
   * them with themselves).
   */
  private Result store(List<Batch> checked, int writes) {
    var accepted = new ArrayList<Reading>();
    var rejected = new ArrayList<Rejection>();
    for (Batch batch : checked) {
      accepted.addAll(batch.accepted());
      rejected.addAll(batch.rejected());
    }
    List<List<Reading>> batches = bySensor(accepted, writes);
    var others = new ArrayList<CompletableFuture<Void>>();
    for (List<Reading> batch : batches.subList(1, batches.size())) {
      others.add(CompletableFuture.runAsync(() -> store.write(batch), helpers));
    }
    RuntimeException failure = null;
    try {
      store.write(batches.get(0));
    } catch (RuntimeException e) {
      failure = e;
    }
    for (var other : others) {
      try {
        joined(other);
      } catch (RuntimeException e) {
        failure = failure == null ? e : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
    latest.offerLater(newestOfEach(batches));
    rejected.sort(Comparator.comparingInt(Rejection::line));
    return new Result(accepted.size(), rejected);
  }

  /**
   * The readings grouped by sensor, each sensor's in the order they came, and the sensors dealt
   * into at most {@code batches} batches of about equal size (always at least one batch). A
   * sensor's readings stay in one batch, so a point sent twice is still decided by the body's
   * order; and InfluxDB takes a batch grouped by series faster than one in arrival order (10–27 %
   * in bench/RESULTS.md, ingest).
   */
  static List<List<Reading>> bySensor(List<Reading> readings, int batches) {
    var groups = new LinkedHashMap<String, List<Reading>>();
    for (Reading reading : readings) {
      groups.computeIfAbsent(reading.sensorId(), id -> new ArrayList<>()).add(reading);
    }
    int size = (readings.size() + batches - 1) / Math.max(1, batches);
    var dealt = new ArrayList<List<Reading>>(batches);
    List<Reading> current = new ArrayList<>(Math.min(size, readings.size()));
    for (List<Reading> group : groups.values()) {
      // A batch closes when the next sensor would take it further past its share than short of it.
      boolean full = current.size() + group.size() / 2.0 > size;
      if (full && !current.isEmpty() && dealt.size() < batches - 1) {
        dealt.add(current);
        current = new ArrayList<>(size);
      }
      current.addAll(group);
    }
    dealt.add(current);
    return dealt;
  }

  /**
   * The newest reading of each sensor in batches grouped by sensor ({@link #bySensor}); two
   * readings with the same time merged, the later one's fields winning ({@link
   * LatestReadings#newer}). All the latest-value cache needs of a batch, found without hashing.
   */
  static List<Reading> newestOfEach(List<List<Reading>> batches) {
    var newest = new ArrayList<Reading>();
    for (List<Reading> batch : batches) {
      Reading best = null;
      for (Reading reading : batch) {
        if (best != null && !reading.sensorId().equals(best.sensorId())) {
          newest.add(best);
          best = reading;
        } else {
          best = best == null ? reading : LatestReadings.newer(best, reading);
        }
      }
      if (best != null) {
        newest.add(best);
      }
    }
    return newest;
  }

  /** The registry's location and manufacturer win over the tags a device sends. */
  private static Reading withRegistryTags(Reading reading, SensorRegistry.Sensor sensor) {
    String location = sensor.location() != null ? sensor.location() : reading.location();
    String manufacturer =
        sensor.manufacturer() != null ? sensor.manufacturer() : reading.manufacturer();
    if (java.util.Objects.equals(location, reading.location())
        && java.util.Objects.equals(manufacturer, reading.manufacturer())) {
      return reading;
    }
    return reading.withTags(location, manufacturer);
  }

  /** The refusal of a point for its sensor: the column is that of its {@code sensor_id}. */
  private static Rejection rejectSensor(
      Numbered numbered, String reason, IntFunction<String> lineText) {
    return reject(numbered, reason, LinePart.TAG_VALUE, "sensor_id", lineText);
  }

  /**
   * The refusal of a point that parsed: its line and, when the point came as line protocol, the
   * column of the {@code part} it is about (the tag or field {@code key}), found in the line as
   * sent.
   */
  private static Rejection reject(
      Numbered numbered, String reason, LinePart part, String key, IntFunction<String> lineText) {
    int column = 1;
    String text = numbered.text();
    if (text == null) {
      text = lineText.apply(numbered.line());
      if (text != null) {
        column = part.column(text, key);
      }
    }
    if (text == null) {
      text = numbered.point().toLineProtocol();
    }
    if (text.length() > 200) {
      text = text.substring(0, 200) + "…";
    }
    return new Rejection(numbered.line(), column, reason, text);
  }

  private long nowNanos() {
    var now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
