package org.aqmrg.readings.influx;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.aqmrg.readings.Decimals;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.FieldText;
import org.aqmrg.readings.LineProtocolNames;
import org.aqmrg.readings.Reading;

/**
 * Readings as InfluxDB line protocol, in batches of at most {@value #MAX_LINES} lines:
 *
 * <pre>
 * air_quality,location=Ikeja,manufacturer=PurpleAir,sensor_id=LAG-IKJ-001 pm25=35.2,pm10=45.8 1764072000000000000
 * </pre>
 *
 * <p>Tags are sorted by key (as InfluxDB stores them); a null or empty tag is left out. A tag value
 * is spelt by {@link LineProtocolNames}: a comma, space or equals sign with a backslash before it
 * and every other character, a backslash included, as it is: InfluxDB 1.x reads {@code \,} {@code \
 * } {@code \=} as the character and any other backslash as itself, so {@code a\b} and {@code x\ y}
 * (a backslash before a space) both come back unchanged. Three values cannot be written and are
 * refused with an {@link IllegalArgumentException} before anything is sent: a tag value with a
 * newline, one that ends with a backslash (it would escape the separator after it), and a
 * non-finite field value. Fields are floats: a reading's {@link FieldText}, plain decimals as the
 * device sent them, is copied as it is; other readings' values are written by {@link Decimals}.
 */
final class LineWriter {
  static final int MAX_LINES = 5_000;

  static final String MEASUREMENT = "air_quality";

  private LineWriter() {}

  /**
   * One request body: the first {@code length} bytes of {@code bytes}, gzip-compressed or plain
   * lines (not copied out of the array they were written into).
   */
  record Batch(byte[] bytes, int length, boolean gzipped, int lines) {
    /** The body as an array of its own length. */
    byte[] body() {
      return Arrays.copyOf(bytes, length);
    }
  }

  /** Splits readings into parts of at most {@value #MAX_LINES}, in order (views). */
  static List<List<Reading>> split(List<Reading> readings) {
    int n = readings.size();
    var split = new ArrayList<List<Reading>>((n + MAX_LINES - 1) / MAX_LINES);
    for (int from = 0; from < n; from += MAX_LINES) {
      split.add(readings.subList(from, Math.min(n, from + MAX_LINES)));
    }
    return split;
  }

  /**
   * The body of one request; every reading must pass {@link #check}. Written straight into bytes: a
   * sensor's measurement-and-tags prefix once per body, numbers by {@link Decimals}; the ingest
   * profile found Java 17's {@code Double.toString} the largest cost of the whole write path.
   */
  static Batch render(List<Reading> part, boolean gzip) {
    var out = new Bytes(part.size() * 160);
    // Sized for the sensors of a 5,000-line body, so that it is not rehashed as it fills.
    var prefixes = new HashMap<String, Prefix>(512);
    Prefix prefix = null;
    for (Reading reading : part) {
      // Readings come grouped by sensor: most lines reuse the prefix of the line before.
      if (prefix == null || !prefix.fits(reading)) {
        prefix = prefixes.get(reading.sensorId());
        if (prefix == null || !prefix.fits(reading)) {
          prefix = Prefix.of(reading);
          prefixes.put(reading.sensorId(), prefix);
        }
      }
      out.append(prefix.bytes());
      FieldText sent = reading.fieldText();
      if (sent != null) {
        out.append((byte) ' ');
        out.append(sent.source(), sent.from(), sent.to());
      } else {
        byte separator = ' ';
        for (Field field : FIELDS) {
          if (reading.has(field)) {
            out.append(separator);
            out.append(FIELD_KEYS[field.ordinal()]);
            out.appendDouble(reading.value(field));
            separator = ',';
          }
        }
      }
      out.append((byte) ' ');
      out.appendLong(reading.timeNanos());
      out.append((byte) '\n');
    }
    if (gzip) {
      byte[] packed = gzip(out.bytes, out.size);
      return new Batch(packed, packed.length, true, part.size());
    }
    return new Batch(out.bytes, out.size, false, part.size());
  }

  private static final Field[] FIELDS = Field.values();

  /** {@code pm25=} and so on, by {@link Field#ordinal()}. */
  private static final byte[][] FIELD_KEYS = new byte[FIELDS.length][];

  static {
    for (Field field : FIELDS) {
      FIELD_KEYS[field.ordinal()] = (field.key() + "=").getBytes(StandardCharsets.UTF_8);
    }
  }

  /** The measurement and tags of a sensor's lines, for the tags they were made from. */
  private record Prefix(String sensorId, String location, String manufacturer, byte[] bytes) {
    static Prefix of(Reading reading) {
      var text = new StringBuilder(MEASUREMENT);
      appendTag(text, "location", reading.location());
      appendTag(text, "manufacturer", reading.manufacturer());
      appendTag(text, "sensor_id", reading.sensorId());
      return new Prefix(
          reading.sensorId(),
          reading.location(),
          reading.manufacturer(),
          text.toString().getBytes(StandardCharsets.UTF_8));
    }

    boolean fits(Reading reading) {
      return sensorId.equals(reading.sensorId())
          && Objects.equals(location, reading.location())
          && Objects.equals(manufacturer, reading.manufacturer());
    }
  }

  /** A growing byte array, unsynchronised (unlike {@code ByteArrayOutputStream}). */
  private static final class Bytes {
    private byte[] bytes;
    private int size;

    Bytes(int capacity) {
      bytes = new byte[Math.max(64, capacity)];
    }

    void append(byte b) {
      ensure(1);
      bytes[size++] = b;
    }

    void append(byte[] more) {
      append(more, 0, more.length);
    }

    void append(byte[] source, int from, int to) {
      int length = to - from;
      ensure(length);
      System.arraycopy(source, from, bytes, size, length);
      size += length;
    }

    void appendDouble(double value) {
      ensure(32);
      size = Decimals.write(value, bytes, size);
    }

    void appendLong(long value) {
      ensure(20);
      size = NumberOutput.outputLong(value, bytes, size);
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }

  private static void appendTag(StringBuilder out, String key, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    out.append(',').append(key).append('=');
    LineProtocolNames.append(out, value, false);
  }

  /**
   * {@link #check}s every reading; the tags of a reading with the same tags as the one before it
   * (readings come grouped by sensor) are not looked at again.
   */
  static void checkAll(List<Reading> readings) {
    Reading previous = null;
    for (Reading reading : readings) {
      if (previous != null
          && reading.sensorId() == previous.sensorId()
          && reading.location() == previous.location()
          && reading.manufacturer() == previous.manufacturer()) {
        checkFields(reading);
      } else {
        check(reading);
      }
      previous = reading;
    }
  }

  /** Refuses a reading that line protocol cannot carry, naming the sensor and the reason. */
  static void check(Reading reading) {
    if (reading.sensorId().isEmpty()) {
      throw new IllegalArgumentException("a reading has an empty sensor id");
    }
    checkTag(reading, "sensor id", reading.sensorId());
    checkTag(reading, "location", reading.location());
    checkTag(reading, "manufacturer", reading.manufacturer());
    checkFields(reading);
  }

  private static void checkFields(Reading reading) {
    if (reading.empty()) {
      throw new IllegalArgumentException(
          "the reading of sensor '"
              + reading.sensorId()
              + "' at "
              + reading.time()
              + " has no fields");
    }
    if (reading.fieldText() != null) {
      return; // plain decimals as sent: finite by their form
    }
    for (Field field : FIELDS) {
      if (reading.has(field) && !Double.isFinite(reading.value(field))) {
        throw new IllegalArgumentException(
            "the reading of sensor '"
                + reading.sensorId()
                + "' has "
                + field.key()
                + " = "
                + reading.value(field)
                + ", which InfluxDB cannot store");
      }
    }
  }

  private static void checkTag(Reading reading, String what, String value) {
    if (value == null) {
      return;
    }
    String problem =
        value.indexOf('\n') >= 0
            ? "holds a newline"
            : value.endsWith("\\") ? "ends with a backslash" : null;
    if (problem != null) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " of sensor '"
              + reading.sensorId().replace("\n", "\\n")
              + "' "
              + problem
              + ", which InfluxDB line protocol cannot carry");
    }
  }

  /**
   * Gzip at the fastest level: the ingest profile (bench/RESULTS.md) measured 24.8 ms per
   * 5,000-line body at the default level against 6.8 ms at level 1, for little size difference.
   */
  private static byte[] gzip(byte[] text, int length) {
    var bytes = new ByteArrayOutputStream(length / 4);
    try (var out =
        new GZIPOutputStream(bytes, 64 * 1024) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      out.write(text, 0, length);
    } catch (IOException e) {
      throw new UncheckedIOException("compressing in memory failed", e);
    }
    return bytes.toByteArray();
  }
}
