package org.aqmrg.readings.influx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;

/**
 * Readings as InfluxDB line protocol, in batches of at most {@value #MAX_LINES} lines:
 *
 * <pre>
 * air_quality,location=Ikeja,manufacturer=PurpleAir,sensor_id=LAG-IKJ-001 pm25=35.2,pm10=45.8 1764072000000000000
 * </pre>
 *
 * <p>Tags are sorted by key (as InfluxDB stores them); a null or empty tag is left out. In a tag
 * value a comma, space or equals sign is written with a backslash before it and every other
 * character, a backslash included, as it is: InfluxDB 1.x reads {@code \,} {@code \ } {@code \=} as
 * the character and any other backslash as itself, so {@code a\b} and {@code x\ y} (a backslash
 * before a space) both come back unchanged. Three values cannot be written and are refused with an
 * {@link IllegalArgumentException} before anything is sent: a tag value with a newline, one that
 * ends with a backslash (it would escape the separator after it), and a non-finite field value.
 * Fields are floats.
 */
final class LineWriter {
  static final int MAX_LINES = 5_000;

  /** Fewest lines worth a request of their own when a batch is split to be sent in parallel. */
  static final int MIN_LINES_PER_PART = 1_000;

  static final String MEASUREMENT = "air_quality";

  private LineWriter() {}

  /** One request body: the lines, gzip-compressed or plain. */
  record Batch(byte[] body, boolean gzipped, int lines) {}

  /**
   * Splits readings into parts to be sent as separate requests: at most {@value #MAX_LINES} lines
   * each, and when there are enough readings into {@code parallel} parts of at least {@value
   * #MIN_LINES_PER_PART}, so that InfluxDB can work on them at once. Parts are views, in order.
   */
  static List<List<Reading>> split(List<Reading> readings, int parallel) {
    int n = readings.size();
    if (n == 0) {
      return List.of();
    }
    int byLimit = (n + MAX_LINES - 1) / MAX_LINES;
    int bySize = Math.max(1, Math.min(parallel, n / MIN_LINES_PER_PART));
    int parts = Math.max(byLimit, bySize);
    var split = new ArrayList<List<Reading>>(parts);
    for (int i = 0; i < parts; i++) {
      int from = (int) ((long) n * i / parts);
      int to = (int) ((long) n * (i + 1) / parts);
      split.add(readings.subList(from, to));
    }
    return split;
  }

  /** The body of one request; every reading must pass {@link #check}. */
  static Batch render(List<Reading> part, boolean gzip) {
    var text = new StringBuilder(part.size() * 160);
    part.forEach(reading -> appendLine(text, reading));
    byte[] plain = text.toString().getBytes(StandardCharsets.UTF_8);
    return gzip ? new Batch(gzip(plain), true, part.size()) : new Batch(plain, false, part.size());
  }

  /** The line of one reading, with its newline; the reading must pass {@link #check}. */
  static void appendLine(StringBuilder out, Reading reading) {
    out.append(MEASUREMENT);
    appendTag(out, "location", reading.location());
    appendTag(out, "manufacturer", reading.manufacturer());
    appendTag(out, "sensor_id", reading.sensorId());
    char separator = ' ';
    for (Field field : Field.values()) {
      if (reading.has(field)) {
        out.append(separator).append(field.key()).append('=').append(reading.value(field));
        separator = ',';
      }
    }
    out.append(' ').append(reading.timeNanos()).append('\n');
  }

  private static void appendTag(StringBuilder out, String key, String value) {
    if (value == null || value.isEmpty()) {
      return;
    }
    out.append(',').append(key).append('=');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == ',' || c == ' ' || c == '=') {
        out.append('\\');
      }
      out.append(c);
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
    if (reading.empty()) {
      throw new IllegalArgumentException(
          "the reading of sensor '"
              + reading.sensorId()
              + "' at "
              + reading.time()
              + " has no fields");
    }
    for (Field field : Field.values()) {
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
  private static byte[] gzip(byte[] text) {
    var bytes = new ByteArrayOutputStream(text.length / 4);
    try (var out =
        new GZIPOutputStream(bytes, 64 * 1024) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      out.write(text);
    } catch (IOException e) {
      throw new UncheckedIOException("compressing in memory failed", e);
    }
    return bytes.toByteArray();
  }
}
