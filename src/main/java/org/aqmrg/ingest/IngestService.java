package org.aqmrg.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.aqmrg.cache.CacheUnavailableException;
import org.aqmrg.identity.Principal;
import org.aqmrg.ingest.lineprotocol.LineError;
import org.aqmrg.ingest.lineprotocol.LineProtocolParser;
import org.aqmrg.ingest.lineprotocol.Point;
import org.aqmrg.ingest.lineprotocol.Precision;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.ReadingStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write path of every reading, whatever door it came in by (InfluxDB 2.x and 1.x writes, JSON,
 * the import command): parse, validate, check the sensor registry and the caller's token, store,
 * then update the latest reading of each sensor.
 *
 * <p>Good lines are stored even when others in the same body are refused; each refused line comes
 * back with its number, column and reason. When the store cannot take the batch, {@link
 * org.aqmrg.readings.StoreUnavailableException} propagates and nothing of the batch is
 * acknowledged.
 */
public final class IngestService {
  private static final Logger log = LoggerFactory.getLogger(IngestService.class);

  /** A parser per thread: parsers keep caches of repeated names and are not thread-safe. */
  private static final ThreadLocal<LineProtocolParser> PARSERS =
      ThreadLocal.withInitial(LineProtocolParser::new);

  private final Validator validator;
  private final SensorRegistry registry;
  private final ReadingStore store;
  private final LatestReadings latest;
  private final boolean registerUnknown;
  private final Clock clock;

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
    this.validator = validator;
    this.registry = registry;
    this.store = store;
    this.latest = latest;
    this.registerUnknown = registerUnknown;
    this.clock = clock;
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
    var parsed = PARSERS.get().parse(body, 0, body.length, precision, now);
    var rejected = new ArrayList<Rejection>();
    for (LineError error : parsed.errors()) {
      rejected.add(new Rejection(error.line(), error.column(), error.reason(), error.text()));
    }
    var points = new ArrayList<Numbered>(parsed.points().size());
    int[] lines = pointLines(body, parsed.errors(), parsed.points().size());
    for (int i = 0; i < parsed.points().size(); i++) {
      points.add(new Numbered(lines[i], parsed.points().get(i), null));
    }
    return write(caller, points, rejected, now, new LineTexts(body));
  }

  /** The text of a line of a body, found only when a line is refused: no cost on the good path. */
  private static final class LineTexts implements java.util.function.IntFunction<String> {
    private final byte[] body;
    private int[] starts;

    LineTexts(byte[] body) {
      this.body = body;
    }

    @Override
    public String apply(int line) {
      if (starts == null) {
        var found = new java.util.ArrayList<Integer>();
        found.add(0);
        for (int i = 0; i < body.length; i++) {
          if (body[i] == '\n') {
            found.add(i + 1);
          }
        }
        starts = found.stream().mapToInt(Integer::intValue).toArray();
      }
      int start = starts[line - 1];
      int end = line < starts.length ? starts[line] - 1 : body.length;
      if (end > start && body[end - 1] == '\r') {
        end--;
      }
      return new String(body, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /**
   * The line number of each point: the lines that hold a point are the lines that are neither empty
   * nor comments nor refused by the parser, in order, as the parser counts them.
   */
  static int[] pointLines(byte[] body, List<LineError> errors, int points) {
    int[] lines = new int[points];
    int next = 0;
    int error = 0;
    int line = 0;
    int p = 0;
    while (p < body.length && next < points) {
      line++;
      int start = p;
      while (start < body.length && (body[start] == ' ' || body[start] == '\t')) {
        start++;
      }
      int end = p;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      int content = end > p && body[end - 1] == '\r' ? end - 1 : end;
      boolean holdsText = start < content && body[start] != '#';
      while (error < errors.size() && errors.get(error).line() < line) {
        error++;
      }
      boolean refused = error < errors.size() && errors.get(error).line() == line;
      if (holdsText && !refused) {
        lines[next++] = line;
      }
      p = end + 1;
    }
    return lines;
  }

  /** Writes points that did not come as line protocol (JSON items, numbered from 1). */
  public Result writePoints(Principal caller, List<Numbered> points, List<Rejection> rejected) {
    return write(caller, points, new ArrayList<>(rejected), nowNanos(), line -> null);
  }

  private Result write(
      Principal caller,
      List<Numbered> points,
      List<Rejection> rejected,
      long now,
      java.util.function.IntFunction<String> lineText) {
    var candidates = new ArrayList<Candidate>(points.size());
    var sensorIds = new LinkedHashSet<String>();
    for (Numbered numbered : points) {
      var outcome = validator.check(numbered.point(), now);
      if (outcome instanceof Validator.Outcome.Valid valid) {
        candidates.add(new Candidate(numbered, valid.reading()));
        sensorIds.add(valid.reading().sensorId());
      } else if (outcome instanceof Validator.Outcome.Invalid invalid) {
        rejected.add(reject(numbered, invalid.reason(), lineText));
      }
    }

    var sensors = registry.lookup(sensorIds);
    var accepted = new ArrayList<Reading>(candidates.size());
    for (Candidate candidate : candidates) {
      Reading reading = candidate.reading();
      String id = reading.sensorId();
      if (!caller.sensorIds().isEmpty() && !caller.sensorIds().contains(id)) {
        rejected.add(
            reject(
                candidate.numbered(),
                "this token may write only for sensors " + String.join(", ", caller.sensorIds()),
                lineText));
        continue;
      }
      Optional<SensorRegistry.Sensor> sensor = sensors.get(id);
      if (sensor.isEmpty() && registerUnknown) {
        sensor = Optional.of(registry.registerPending(id, reading.manufacturer()));
        sensors.put(id, sensor);
        log.info("Registered unknown sensor {} as pending", id);
      }
      if (sensor.isEmpty()) {
        rejected.add(
            reject(
                candidate.numbered(),
                "sensor '" + id + "' is not registered; an admin registers it first",
                lineText));
        continue;
      }
      if (!sensor.get().writable()) {
        rejected.add(
            reject(
                candidate.numbered(),
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

    store.write(accepted);
    try {
      latest.offer(accepted);
    } catch (CacheUnavailableException e) {
      // The readings are stored; only the latest-value cache lags until the next write.
      log.warn(
          "Stored {} readings but could not update their latest values: {}",
          accepted.size(),
          e.getMessage());
    }
    rejected.sort(Comparator.comparingInt(Rejection::line));
    return new Result(accepted.size(), rejected);
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

  private static Rejection reject(
      Numbered numbered, String reason, java.util.function.IntFunction<String> lineText) {
    String text = numbered.text() != null ? numbered.text() : lineText.apply(numbered.line());
    if (text == null) {
      text = numbered.point().toLineProtocol();
    }
    if (text.length() > 200) {
      text = text.substring(0, 200) + "…";
    }
    return new Rejection(numbered.line(), 1, reason, text);
  }

  private long nowNanos() {
    var now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private record Candidate(Numbered numbered, Reading reading) {}
}
