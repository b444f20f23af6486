package org.aqmrg.ingest;

import java.time.Duration;
import org.aqmrg.ingest.lineprotocol.FieldValue;
import org.aqmrg.ingest.lineprotocol.LinePart;
import org.aqmrg.ingest.lineprotocol.Point;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.FieldText;
import org.aqmrg.readings.Reading;
import org.aqmrg.registry.SensorId;

/**
 * Turns a parsed point into a reading of the {@code air_quality} measurement, or says why it is not
 * one: unknown measurement, tag or field, a field that is not a number or is physically
 * implausible, a missing sensor id, a time too far in the future or older than the raw retention.
 * The registry and the caller's token are checked afterwards, by {@link IngestService}.
 */
public final class Validator {
  public static final String MEASUREMENT = "air_quality";

  /** Sensor ids as {@code sensors.id} holds them: 1 to 100 of letters, digits and {@code ._:-}. */
  private final long maxFutureNanos;

  private final long maxAgeNanos;

  /**
   * @param maxFuture how far ahead of the server's clock a reading may be (clock skew of devices)
   * @param maxAge how old a reading may be: the raw retention, beyond which it would be dropped
   */
  public Validator(Duration maxFuture, Duration maxAge) {
    this.maxFutureNanos = maxFuture.toNanos();
    this.maxAgeNanos = maxAge.toNanos();
  }

  /** The outcome for one point: a reading, or the reason it is refused and where. */
  public sealed interface Outcome {
    record Valid(Reading reading) implements Outcome {}

    /**
     * Refused: why (for the caller, and as a {@link Refusal} code to count), and which part of the
     * line it is about (the tag or field with {@code key}).
     */
    record Invalid(Refusal code, String reason, LinePart part, String key) implements Outcome {}
  }

  /**
   * What the keys of the last point checked resolved to, so that the points after it with the same
   * measurement, tag keys and field names and kinds (nearly every line of a body) skip looking them
   * up. The parser shares those arrays between points of the same shape, so the test is three
   * reference compares. Not thread-safe: one per thread, like a parser.
   */
  public static final class Shapes {
    private Point last;
    private Field[] fields = new Field[0];
    private int sensorTag;
    private int locationTag;
    private int manufacturerTag;
  }

  /** Checks one point; see {@link #check(Point, long, Shapes)}. */
  public Outcome check(Point point, long nowNanos) {
    return check(point, nowNanos, new Shapes());
  }

  /**
   * Checks one point: first its measurement, tag keys and field names and kinds, then its values.
   * {@code shapes} remembers the keys of the last point whose keys were all right.
   */
  public Outcome check(Point point, long nowNanos, Shapes shapes) {
    if (!point.sameShape(shapes.last)) {
      Outcome.Invalid wrong = learnShape(point, shapes);
      if (wrong != null) {
        return wrong;
      }
    }
    String sensorId = point.tagValue(shapes.sensorTag);
    String location = shapes.locationTag < 0 ? null : point.tagValue(shapes.locationTag);
    String manufacturer =
        shapes.manufacturerTag < 0 ? null : point.tagValue(shapes.manufacturerTag);
    if (!SensorId.isValid(sensorId)) {
      return invalid(
          Refusal.INVALID_TAG,
          "sensor_id '" + sensorId + "' is not a sensor id (" + SensorId.RULE + ")",
          LinePart.TAG_VALUE,
          "sensor_id");
    }
    if (location != null && location.length() > 255) {
      return invalid(
          Refusal.INVALID_TAG,
          "tag location is longer than 255 characters",
          LinePart.TAG_VALUE,
          "location");
    }
    if (manufacturer != null && manufacturer.length() > 100) {
      return invalid(
          Refusal.INVALID_TAG,
          "tag manufacturer is longer than 100 characters",
          LinePart.TAG_VALUE,
          "manufacturer");
    }
    long time = point.timestampNanos();
    if (time > nowNanos + maxFutureNanos) {
      return invalid(
          Refusal.TOO_NEW,
          "time "
              + Reading.builder("x", time).build().time()
              + " is more than "
              + Duration.ofNanos(maxFutureNanos).toSeconds()
              + " s ahead of the server's clock",
          LinePart.TIMESTAMP,
          null);
    }
    if (time < nowNanos - maxAgeNanos) {
      return invalid(
          Refusal.TOO_OLD,
          "time "
              + Reading.builder("x", time).build().time()
              + " is older than the raw retention of "
              + Duration.ofNanos(maxAgeNanos).toDays()
              + " days",
          LinePart.TIMESTAMP,
          null);
    }
    var reading = Reading.builder(sensorId, time).location(location).manufacturer(manufacturer);
    Field[] fields = shapes.fields;
    for (int i = 0; i < fields.length; i++) {
      Field field = fields[i];
      double number = point.fieldNumber(i);
      if (!field.plausible(number)) {
        return invalid(
            Refusal.INVALID_VALUE,
            "field '%s' = %s is outside %s to %s %s, the range a working sensor reports"
                .formatted(
                    field.key(),
                    format(number),
                    format(field.min()),
                    format(field.max()),
                    field.unit()),
            LinePart.FIELD_VALUE,
            field.key());
      }
      reading.set(field, number);
    }
    if (point.plainFieldSet()) {
      reading.fieldText(new FieldText(point.plainSource(), point.plainFrom(), point.plainTo()));
    }
    return new Outcome.Valid(reading.build());
  }

  /**
   * Resolves the point's measurement, tag keys and field names and kinds into {@code shapes};
   * returns what is wrong with them, or null (and then {@code shapes} holds this point's shape).
   */
  private static Outcome.Invalid learnShape(Point point, Shapes shapes) {
    if (!MEASUREMENT.equals(point.measurement())) {
      return invalid(
          Refusal.UNKNOWN_MEASUREMENT,
          "unknown measurement '" + point.measurement() + "': only " + MEASUREMENT + " is accepted",
          LinePart.MEASUREMENT,
          null);
    }
    int sensorTag = -1;
    int locationTag = -1;
    int manufacturerTag = -1;
    for (int i = 0; i < point.tagCount(); i++) {
      String key = point.tagKey(i);
      switch (key) {
        case "sensor_id" -> sensorTag = i;
        case "location" -> locationTag = i;
        case "manufacturer" -> manufacturerTag = i;
        default -> {
          return invalid(
              Refusal.UNKNOWN_KEY,
              "unknown tag '" + key + "': the tags are sensor_id, location and manufacturer",
              LinePart.TAG_KEY,
              key);
        }
      }
    }
    if (sensorTag < 0) {
      return invalid(Refusal.MISSING_SENSOR_ID, "missing tag sensor_id", LinePart.LINE, null);
    }
    var fields = new Field[point.fieldCount()];
    for (int i = 0; i < fields.length; i++) {
      String name = point.fieldName(i);
      fields[i] = Field.known(name);
      if (fields[i] == null) {
        return invalid(
            Refusal.UNKNOWN_KEY,
            "unknown field '"
                + name
                + "': the fields are pm25, pm10, temperature, humidity, co, no2 and o3",
            LinePart.FIELD_KEY,
            name);
      }
      FieldValue.Kind kind = point.fieldKind(i);
      if (kind != FieldValue.Kind.FLOAT
          && kind != FieldValue.Kind.INTEGER
          && kind != FieldValue.Kind.UNSIGNED) {
        return invalid(
            Refusal.INVALID_VALUE,
            "field '"
                + name
                + "' must be a number, got "
                + kind.name().toLowerCase(java.util.Locale.ROOT),
            LinePart.FIELD_VALUE,
            name);
      }
    }
    shapes.last = point;
    shapes.fields = fields;
    shapes.sensorTag = sensorTag;
    shapes.locationTag = locationTag;
    shapes.manufacturerTag = manufacturerTag;
    return null;
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static Outcome.Invalid invalid(Refusal code, String reason, LinePart part, String key) {
    return new Outcome.Invalid(code, reason, part, key);
  }
}
