package org.aqmrg.ingest;

import java.time.Duration;
import org.aqmrg.ingest.lineprotocol.FieldValue;
import org.aqmrg.ingest.lineprotocol.Point;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.FieldText;
import org.aqmrg.readings.Reading;

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

    record Invalid(String reason) implements Outcome {}
  }

  public Outcome check(Point point, long nowNanos) {
    if (!MEASUREMENT.equals(point.measurement())) {
      return invalid(
          "unknown measurement '"
              + point.measurement()
              + "': only "
              + MEASUREMENT
              + " is accepted");
    }
    String sensorId = null;
    String location = null;
    String manufacturer = null;
    for (int i = 0; i < point.tagCount(); i++) {
      String key = point.tagKey(i);
      switch (key) {
        case "sensor_id" -> sensorId = point.tagValue(i);
        case "location" -> location = point.tagValue(i);
        case "manufacturer" -> manufacturer = point.tagValue(i);
        default -> {
          return invalid(
              "unknown tag '" + key + "': the tags are sensor_id, location and manufacturer");
        }
      }
    }
    if (sensorId == null) {
      return invalid("missing tag sensor_id");
    }
    if (!isSensorId(sensorId)) {
      return invalid(
          "sensor_id '" + sensorId + "' is not a sensor id (1 to 100 of A-Z a-z 0-9 . _ : -)");
    }
    if (location != null && location.length() > 255) {
      return invalid("tag location is longer than 255 characters");
    }
    if (manufacturer != null && manufacturer.length() > 100) {
      return invalid("tag manufacturer is longer than 100 characters");
    }
    long time = point.timestampNanos();
    if (time > nowNanos + maxFutureNanos) {
      return invalid(
          "time "
              + Reading.builder("x", time).build().time()
              + " is more than "
              + Duration.ofNanos(maxFutureNanos).toSeconds()
              + " s ahead of the server's clock");
    }
    if (time < nowNanos - maxAgeNanos) {
      return invalid(
          "time "
              + Reading.builder("x", time).build().time()
              + " is older than the raw retention of "
              + Duration.ofNanos(maxAgeNanos).toDays()
              + " days");
    }
    var reading = Reading.builder(sensorId, time).location(location).manufacturer(manufacturer);
    for (int i = 0; i < point.fieldCount(); i++) {
      String name = point.fieldName(i);
      Field known = Field.known(name);
      if (known == null) {
        return invalid(
            "unknown field '"
                + name
                + "': the fields are pm25, pm10, temperature, humidity, co,"
                + " no2 and o3");
      }
      FieldValue.Kind kind = point.fieldKind(i);
      if (kind != FieldValue.Kind.FLOAT
          && kind != FieldValue.Kind.INTEGER
          && kind != FieldValue.Kind.UNSIGNED) {
        return invalid(
            "field '"
                + name
                + "' must be a number, got "
                + kind.name().toLowerCase(java.util.Locale.ROOT));
      }
      double number = point.fieldNumber(i);
      if (!known.plausible(number)) {
        return invalid(
            "field '%s' = %s is outside %s to %s %s, the range a working sensor reports"
                .formatted(
                    name, format(number), format(known.min()), format(known.max()), known.unit()));
      }
      reading.set(known, number);
    }
    if (point.plainFieldSet()) {
      reading.fieldText(new FieldText(point.plainSource(), point.plainFrom(), point.plainTo()));
    }
    return new Outcome.Valid(reading.build());
  }

  private static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }

  private static Outcome invalid(String reason) {
    return new Outcome.Invalid(reason);
  }

  /**
   * 1 to 100 of {@code A-Z a-z 0-9 . _ : -}: the regular expression {@code [A-Za-z0-9._:-]{1,100}}
   * as a loop, since it runs for every point (the ingest profile found the matcher's allocation in
   * the top costs of validation).
   */
  static boolean isSensorId(String id) {
    int length = id.length();
    if (length < 1 || length > 100) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = id.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }
}
