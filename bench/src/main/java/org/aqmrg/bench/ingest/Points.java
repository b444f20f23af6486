package org.aqmrg.bench.ingest;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The load: 1,000,000 points of the {@code air_quality} measurement as 200 line-protocol bodies of
 * 5,000 lines, as the gateways of 200 Lagos sensors send them.
 *
 * <p>Each sensor reports once a second for 5,000 seconds; a body holds 25 seconds of all 200
 * sensors, in time order. Each line has the one tag {@code sensor_id} and the seven fields, with
 * one or two decimals, following a random walk per sensor around its own level, always inside the
 * ranges the platform accepts. Times are nanoseconds, each sensor at its own fraction of the
 * second, so no two lines share sensor and time.
 *
 * <p>{@link #shift} moves every timestamp in place by a whole number of milliseconds, so that each
 * round writes new points (the platform replaces a point of the same sensor and time) without
 * generating the bodies again. Shifts stay under one second, so points of different rounds never
 * share sensor and time either.
 */
final class Points {
  static final int SENSORS = 200;
  static final int LINES_PER_BODY = 5_000;
  static final int BODIES = 200;
  static final long POINTS = (long) LINES_PER_BODY * BODIES;

  /** Shifts run from 0 to this many milliseconds; any two differ by less than a second. */
  static final int MAX_SHIFT_MILLIS = 998;

  private static final int SECONDS_PER_BODY = LINES_PER_BODY / SENSORS;
  private static final int TIME_DIGITS = 19;
  private static final long SECOND = 1_000_000_000L;

  /** Lagos local government areas; the tests use IKJ, YAB, LEK, SUR, APP, VIC, IKR: not these. */
  private static final String[] AREAS = {
    "AGG", "ALM", "BDG", "EPE", "KSF", "MSH", "OJO", "OSH", "SML", "AJR"
  };

  private final ByteBuffer[] bodies;
  private final List<String> sensorIds;
  private final long firstNanos;
  private int shiftMillis;

  private Points(ByteBuffer[] bodies, List<String> sensorIds, long firstNanos) {
    this.bodies = bodies;
    this.sensorIds = sensorIds;
    this.firstNanos = firstNanos;
  }

  /**
   * Generates the bodies.
   *
   * @param firstSecondNanos the whole second of the first reading, in nanoseconds since the epoch
   * @param seed the random walks' seed: the same seed gives the same bytes
   */
  static Points generate(long firstSecondNanos, long seed) {
    var random = new Random(seed);
    var ids = new ArrayList<String>(SENSORS);
    var prefixes = new byte[SENSORS][];
    var offsets = new long[SENSORS];
    var walks = new Walk[SENSORS];
    int perArea = SENSORS / AREAS.length;
    for (int s = 0; s < SENSORS; s++) {
      String id = "LAG-%s-%03d".formatted(AREAS[s / perArea], s % perArea + 1);
      ids.add(id);
      prefixes[s] =
          ("air_quality,sensor_id=" + id + " ")
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      // Its own fraction of the second, distinct per sensor even at microseconds (PostgreSQL).
      offsets[s] = s * 4_999_000L + random.nextInt(1_000) * 1_000L + random.nextInt(1_000);
      walks[s] = new Walk(random);
    }
    var bodies = new ByteBuffer[BODIES];
    var out = new Ascii(LINES_PER_BODY * 140);
    for (int b = 0; b < BODIES; b++) {
      out.reset();
      for (int k = b * SECONDS_PER_BODY; k < (b + 1) * SECONDS_PER_BODY; k++) {
        for (int s = 0; s < SENSORS; s++) {
          walks[s].step(random);
          out.append(prefixes[s]);
          walks[s].appendFields(out);
          out.appendByte(' ');
          out.appendLong(firstSecondNanos + k * SECOND + offsets[s]);
          out.appendByte('\n');
        }
      }
      bodies[b] = out.toDirectBuffer();
    }
    return new Points(bodies, List.copyOf(ids), firstSecondNanos + offsets[0]);
  }

  /**
   * Body {@code i} for sending: a read-only view of its bytes, which live outside the heap so that
   * the heap figures are the platform's, not the load's. Nobody may shift while one is sent.
   */
  ByteBuffer buffer(int i) {
    return bodies[i].asReadOnlyBuffer();
  }

  /**
   * The first {@code count} pieces of {@code lines} lines each, taken from the bodies in order
   * (read-only views, as {@link #buffer}); for warming up the code that runs once per request.
   */
  List<ByteBuffer> pieces(int lines, int count) {
    if (lines < 1 || lines > LINES_PER_BODY || count > (LINES_PER_BODY / lines) * BODIES) {
      throw new IllegalArgumentException(
          count + " pieces of " + lines + " lines are more than the bodies hold");
    }
    var pieces = new ArrayList<ByteBuffer>(count);
    for (int b = 0; pieces.size() < count; b++) {
      ByteBuffer body = bodies[b];
      int start = 0;
      int inPiece = 0;
      for (int end = 0; end < body.capacity() && pieces.size() < count; end++) {
        if (body.get(end) == '\n' && ++inPiece == lines) {
          pieces.add(body.slice(start, end + 1 - start).asReadOnlyBuffer());
          start = end + 1;
          inPiece = 0;
        }
      }
    }
    return pieces;
  }

  /** A copy of body {@code i} on the heap, for calling the platform's parts in process. */
  byte[] body(int i) {
    byte[] copy = new byte[bodies[i].capacity()];
    bodies[i].get(0, copy);
    return copy;
  }

  List<String> sensorIds() {
    return sensorIds;
  }

  long bytes() {
    long total = 0;
    for (ByteBuffer body : bodies) {
      total += body.capacity();
    }
    return total;
  }

  /** The time of the first point at the current shift, in nanoseconds. */
  long firstNanos() {
    return firstNanos + shiftMillis * 1_000_000L;
  }

  /** The time of the last point at the current shift, in nanoseconds (an upper bound). */
  long lastNanos() {
    return firstNanos() + (long) (BODIES * SECONDS_PER_BODY) * SECOND;
  }

  int shiftMillis() {
    return shiftMillis;
  }

  /** Moves every timestamp so that they are {@code millis} later than generated. */
  void shift(int millis) {
    if (millis < 0 || millis > MAX_SHIFT_MILLIS) {
      throw new IllegalArgumentException(
          "a shift is 0 to " + MAX_SHIFT_MILLIS + " ms, got " + millis);
    }
    long delta = (millis - shiftMillis) * 1_000_000L;
    for (ByteBuffer body : bodies) {
      for (int end = 0; end < body.capacity(); end++) {
        if (body.get(end) == '\n') {
          rewriteTime(body, end - TIME_DIGITS, delta);
        }
      }
    }
    shiftMillis = millis;
  }

  private static void rewriteTime(ByteBuffer body, int start, long delta) {
    long time = 0;
    for (int i = start; i < start + TIME_DIGITS; i++) {
      time = time * 10 + (body.get(i) - '0');
    }
    time += delta;
    for (int i = start + TIME_DIGITS - 1; i >= start; i--) {
      body.put(i, (byte) ('0' + time % 10));
      time /= 10;
    }
    if (time != 0 || body.get(start) == '0') {
      throw new IllegalStateException("a shifted timestamp no longer has 19 digits");
    }
  }

  /** One sensor's values: each drifts around the sensor's own level. */
  private static final class Walk {
    private final double pm25Level;
    private final double pm10Ratio;
    private final double temperatureLevel;
    private final double humidityLevel;
    private final double coLevel;
    private final double no2Level;
    private final double o3Level;
    private double pm25;
    private double pm10;
    private double temperature;
    private double humidity;
    private double co;
    private double no2;
    private double o3;

    Walk(Random random) {
      pm25Level = 18 + random.nextDouble() * 90; // Lagos: 20 to 100+ µg/m³ outdoors
      pm10Ratio = 1.3 + random.nextDouble() * 0.6;
      temperatureLevel = 25 + random.nextDouble() * 7;
      humidityLevel = 60 + random.nextDouble() * 30;
      coLevel = 0.3 + random.nextDouble() * 2.2;
      no2Level = 10 + random.nextDouble() * 60;
      o3Level = 15 + random.nextDouble() * 45;
      pm25 = pm25Level;
      pm10 = pm25Level * pm10Ratio;
      temperature = temperatureLevel;
      humidity = humidityLevel;
      co = coLevel;
      no2 = no2Level;
      o3 = o3Level;
    }

    void step(Random random) {
      pm25 = clamp(drift(pm25, pm25Level, 2.5, random), 1, 999);
      pm10 = clamp(pm25 * pm10Ratio + random.nextGaussian() * 1.5, pm25, 1_999);
      temperature = clamp(drift(temperature, temperatureLevel, 0.05, random), -39, 69);
      humidity = clamp(drift(humidity, humidityLevel, 0.2, random), 5, 100);
      co = clamp(drift(co, coLevel, 0.03, random), 0.01, 999);
      no2 = clamp(drift(no2, no2Level, 0.8, random), 0.1, 1_999);
      o3 = clamp(drift(o3, o3Level, 0.6, random), 0.1, 999);
    }

    void appendFields(Ascii out) {
      out.append("pm25=").appendFixed(pm25, 1);
      out.append(",pm10=").appendFixed(pm10, 1);
      out.append(",temperature=").appendFixed(temperature, 2);
      out.append(",humidity=").appendFixed(humidity, 1);
      out.append(",co=").appendFixed(co, 2);
      out.append(",no2=").appendFixed(no2, 1);
      out.append(",o3=").appendFixed(o3, 1);
    }

    private static double drift(double value, double level, double step, Random random) {
      return level + 0.97 * (value - level) + random.nextGaussian() * step;
    }

    private static double clamp(double value, double min, double max) {
      return Math.max(min, Math.min(max, value));
    }
  }

  /** A growable ASCII buffer with the number formats the lines need. */
  private static final class Ascii {
    private byte[] bytes;
    private int length;

    Ascii(int capacity) {
      bytes = new byte[capacity];
    }

    void reset() {
      length = 0;
    }

    ByteBuffer toDirectBuffer() {
      return ByteBuffer.allocateDirect(length).put(bytes, 0, length).clear();
    }

    Ascii appendByte(char c) {
      ensure(1);
      bytes[length++] = (byte) c;
      return this;
    }

    Ascii append(byte[] text) {
      ensure(text.length);
      System.arraycopy(text, 0, bytes, length, text.length);
      length += text.length;
      return this;
    }

    Ascii append(String text) {
      ensure(text.length());
      for (int i = 0; i < text.length(); i++) {
        bytes[length++] = (byte) text.charAt(i);
      }
      return this;
    }

    Ascii appendLong(long value) {
      return append(Long.toString(value));
    }

    /** {@code value} rounded to {@code decimals} decimals, always that many: 35.20. */
    Ascii appendFixed(double value, int decimals) {
      long scale = decimals == 1 ? 10 : 100;
      long scaled = Math.round(Math.abs(value) * scale);
      if (value < 0 && scaled != 0) {
        appendByte('-');
      }
      appendLong(scaled / scale);
      appendByte('.');
      String fraction = Long.toString(scaled % scale);
      for (int i = fraction.length(); i < decimals; i++) {
        appendByte('0');
      }
      return append(fraction);
    }

    private void ensure(int more) {
      if (length + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
      }
    }
  }
}
