package org.aqmrg.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;
import org.aqmrg.identity.Principal;
import org.aqmrg.ingest.lineprotocol.LineError;
import org.aqmrg.ingest.lineprotocol.LineProtocolParser;
import org.aqmrg.ingest.lineprotocol.ParseResult;
import org.aqmrg.ingest.lineprotocol.Point;
import org.aqmrg.ingest.lineprotocol.Precision;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of every reading, whatever door it came in by (InfluxDB 2.x and 1.x writes, JSON,
 * the import command): parse, validate, check the sensor registry and the caller's token, hand the
 * accepted readings to the {@link ReadingWriter} (the store's writer, or the write-ahead spool in
 * front of it) and wait until it has them for good, then update the latest reading of each sensor.
 *
 * <p>Good lines are stored even when others in the same body are refused; each refused line comes
 * back with its number, column and reason. When the store cannot take the readings, {@link
 * org.aqmrg.error.StoreUnavailableException} propagates and nothing of the body is acknowledged.
 * How readings are batched, split and written at once is the writer's business alone; this service
 * runs on the caller's thread and has no threads of its own.
 */
public final class IngestService {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);
  private static final Refusal[] REFUSALS = Refusal.values();

  private final Validator validator;
  private final SensorRegistry registry;
  private final ReadingWriter writer;
  private final LatestReadings latest;
  private final boolean registerUnknown;
  private final Clock clock;
  private final IngestMeter meter;
  private final Parsers parsers = new Parsers();

  /**
   * @param writer the store's writer or the spool in front of it; its owner closes it
   * @param registerUnknown register unknown sensors as {@code pending} and accept their readings,
   *     instead of refusing them ({@code AQMRG_UNKNOWN_SENSORS=pending})
   */
  public IngestService(
      Validator validator,
      SensorRegistry registry,
      ReadingWriter writer,
      LatestReadings latest,
      boolean registerUnknown,
      Clock clock) {
    this(validator, registry, writer, latest, registerUnknown, clock, IngestMeter.NONE);
  }

  /** As above, telling {@code meter} how many points of each body were stored and refused. */
  public IngestService(
      Validator validator,
      SensorRegistry registry,
      ReadingWriter writer,
      LatestReadings latest,
      boolean registerUnknown,
      Clock clock,
      IngestMeter meter) {
    this.validator = validator;
    this.registry = registry;
    this.writer = writer;
    this.latest = latest;
    this.registerUnknown = registerUnknown;
    this.clock = clock;
    this.meter = meter;
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
    LineProtocolParser parser = parsers.take();
    ParseResult parsed;
    try {
      parsed = parser.parse(body, 0, body.length, precision, now);
    } finally {
      parsers.give(parser);
    }
    var rejected = new ArrayList<Rejection>();
    for (LineError error : parsed.errors()) {
      rejected.add(new Rejection(error.line(), error.column(), error.reason(), error.text()));
    }
    var points = new ArrayList<Numbered>(parsed.points().size());
    for (int i = 0; i < parsed.points().size(); i++) {
      points.add(new Numbered(parsed.line(i), parsed.points().get(i), null));
    }
    var tally = new int[REFUSALS.length];
    tally[Refusal.SYNTAX.ordinal()] = rejected.size();
    var accepted =
        check(caller, points, rejected, tally, now, new Refusals.LineTexts(body, 0, body.length));
    return store(accepted, rejected, tally);
  }

  /**
   * Writes points that did not come as line protocol (JSON items, numbered from 1); {@code
   * rejected} are the items that did not parse.
   */
  public Result writePoints(Principal caller, List<Numbered> points, List<Rejection> rejected) {
    var refused = new ArrayList<>(rejected);
    var tally = new int[REFUSALS.length];
    tally[Refusal.SYNTAX.ordinal()] = rejected.size();
    return store(check(caller, points, refused, tally, nowNanos(), line -> null), refused, tally);
  }

  /**
   * Validates points and checks them against the registry and the caller's token; returns the
   * readings to store, adds a rejection for each other point to {@code rejected} and counts it in
   * {@code tally}, by {@link Refusal} ordinal.
   */
  private List<Reading> check(
      Principal caller,
      List<Numbered> points,
      List<Rejection> rejected,
      int[] tally,
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
        tally[invalid.code().ordinal()]++;
        rejected.add(
            Refusals.reject(numbered, invalid.reason(), invalid.part(), invalid.key(), lineText));
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
        tally[Refusal.NOT_ALLOWED.ordinal()]++;
        rejected.add(
            Refusals.ofSensor(
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
        tally[Refusal.UNKNOWN_SENSOR.ordinal()]++;
        rejected.add(
            Refusals.ofSensor(
                numbered,
                "sensor '" + id + "' is not registered; an admin registers it first",
                lineText));
        continue;
      }
      if (!sensor.get().writable()) {
        tally[Refusal.INACTIVE_SENSOR.ordinal()]++;
        rejected.add(
            Refusals.ofSensor(
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
   * Has the writer store the accepted readings and waits until they are, then offers them as the
   * latest; when the store fails, nothing is acknowledged (nor counted: the client sends it again).
   */
  private Result store(List<Reading> accepted, List<Rejection> rejected, int[] tally) {
    try {
      writer.submit(accepted).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
    count(accepted.size(), tally);
    latest.offerLater(newestOfEach(bySensor(accepted)));
    rejected.sort(Comparator.comparingInt(Rejection::line));
    return new Result(accepted.size(), rejected);
  }

  private void count(int accepted, int[] tally) {
    if (accepted > 0) {
      meter.accepted(accepted);
    }
    for (int i = 0; i < tally.length; i++) {
      if (tally[i] > 0) {
        meter.refused(REFUSALS[i], tally[i]);
      }
    }
  }

  /** The readings grouped by sensor, each sensor's in the order they came. */
  static List<Reading> bySensor(List<Reading> readings) {
    if (readings.size() < 2) {
      return readings;
    }
    var groups = new LinkedHashMap<String, List<Reading>>();
    for (Reading reading : readings) {
      groups.computeIfAbsent(reading.sensorId(), id -> new ArrayList<>()).add(reading);
    }
    if (groups.size() == 1) {
      return readings;
    }
    var grouped = new ArrayList<Reading>(readings.size());
    groups.values().forEach(grouped::addAll);
    return grouped;
  }

  /**
   * The newest reading of each sensor in readings grouped by sensor ({@link #bySensor}); two
   * readings with the same time merged, the later one's fields winning ({@link
   * LatestReadings#newer}). All the latest-value cache needs of a body.
   */
  static List<Reading> newestOfEach(List<Reading> grouped) {
    var newest = new ArrayList<Reading>();
    Reading best = null;
    for (Reading reading : grouped) {
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

  private long nowNanos() {
    var now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }
}
