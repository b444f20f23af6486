package org.aqmrg.bench.ingest;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

/**
 * The bodies of the small-posts load: each post holds {@code lines} consecutive readings of one
 * sensor, as a device that posts what it measured since its last post. The lines are those of the
 * ingest benchmark's {@link Points} (the same 200 Lagos sensors, seven fields, the same random
 * walks); only their timestamps are written as each post is sent, so every point of a run has a
 * time of its own and no point overwrites another.
 *
 * <p>Client {@code c} is sensor {@code c % 200}; when there are more clients than sensors, the
 * clients of one sensor ("lanes") take turns on its timeline. Post {@code k} of a client holds the
 * readings of seconds {@code n = (k * lanes + lane) * lines + j}, {@code j} from 0 to {@code lines
 * - 1}, at {@code base + n s + the sensor's fraction of the second + the run's shift in µs}. The
 * fractions are distinct per sensor, also at microseconds (PostgreSQL), and stay under one second
 * with any shift below 4 ms, so no two points of one run share a timestamp, whatever the sensor.
 * The base is a UTC midnight 20 days ago plus one hour (inside the raw retention of 30 days); a
 * run's points then fall in one or two daily shards.
 *
 * <p>Each sensor has {@value #VARIANTS} different bodies (fewer above 100 lines), taken in turn.
 */
final class SmallBodies {
  static final int VARIANTS = 50;

  /** Seconds a lane may use: its last point is then at least 23 hours old. */
  private static final Duration TIMELINE = Duration.ofDays(19);

  private static final int TIME_DIGITS = 19;
  private static final long SECOND = 1_000_000_000L;

  private final int lines;
  private final int sensors;
  private final int lanes;
  private final long baseNanos;
  private final long maxSecond;
  private final long[] offsets;
  private final List<String> sensorIds;

  /** Per sensor and variant: {@code "<length>\r\n\r\n<body>"}, the timestamps left as zeros. */
  private final byte[][][] tails;

  /** Per sensor and variant: where in its tail each line's timestamp starts. */
  private final int[][][] stamps;

  /** Per sensor and variant: the body's length in bytes. */
  private final int[][] bodyBytes;

  private SmallBodies(
      int lines,
      int lanes,
      long baseNanos,
      long[] offsets,
      List<String> sensorIds,
      byte[][][] tails,
      int[][][] stamps,
      int[][] bodyBytes) {
    this.lines = lines;
    this.sensors = sensorIds.size();
    this.lanes = lanes;
    this.baseNanos = baseNanos;
    this.maxSecond = TIMELINE.toSeconds();
    this.offsets = offsets;
    this.sensorIds = sensorIds;
    this.tails = tails;
    this.stamps = stamps;
    this.bodyBytes = bodyBytes;
  }

  /** Cuts the bodies out of {@link Points#generate} (seed {@code seed}). */
  static SmallBodies create(int clients, int lines, long seed) {
    Instant base = Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.DAYS);
    long baseNanos = (base.getEpochSecond() + 3600) * SECOND;
    Points points = Points.generate(baseNanos, seed);
    List<String> ids = points.sensorIds();
    int sensors = ids.size();
    int variants = Math.min(VARIANTS, (int) (Points.POINTS / sensors) / lines);
    int perBody = Points.LINES_PER_BODY / sensors;
    int bodiesNeeded = (variants * lines + perBody - 1) / perBody;
    // Each sensor's lines in time order without their timestamps: "air_quality,sensor_id=… … ".
    byte[][][] sensorLines = new byte[sensors][variants * lines][];
    int[] taken = new int[sensors];
    for (int b = 0; b < bodiesNeeded; b++) {
      byte[] body = points.body(b);
      int start = 0;
      for (int i = 0, end = 0; end < body.length; end++) {
        if (body[end] != '\n') {
          continue;
        }
        int s = i++ % sensors;
        byte[] prefix =
            ("air_quality,sensor_id=" + ids.get(s) + " ").getBytes(StandardCharsets.US_ASCII);
        if (!Arrays.equals(body, start, start + prefix.length, prefix, 0, prefix.length)) {
          throw new IllegalStateException("Points no longer orders its lines by sensor");
        }
        if (taken[s] < variants * lines) {
          sensorLines[s][taken[s]++] = Arrays.copyOfRange(body, start, end - TIME_DIGITS);
        }
        start = end + 1;
      }
    }
    var tails = new byte[sensors][variants][];
    var stamps = new int[sensors][variants][lines];
    var bodyBytes = new int[sensors][variants];
    var offsets = new long[sensors];
    for (int s = 0; s < sensors; s++) {
      offsets[s] = s * 4_999_000L + (s * 7_919L % 1_000) * 1_000L + s % 997;
      for (int v = 0; v < variants; v++) {
        int length = 0;
        for (int j = 0; j < lines; j++) {
          length += sensorLines[s][v * lines + j].length + TIME_DIGITS + 1;
        }
        byte[] head = (length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = Arrays.copyOf(head, head.length + length);
        int at = head.length;
        for (int j = 0; j < lines; j++) {
          byte[] line = sensorLines[s][v * lines + j];
          System.arraycopy(line, 0, tail, at, line.length);
          at += line.length;
          stamps[s][v][j] = at;
          Arrays.fill(tail, at, at + TIME_DIGITS, (byte) '0');
          at += TIME_DIGITS;
          tail[at++] = '\n';
        }
        tails[s][v] = tail;
        bodyBytes[s][v] = length;
      }
    }
    int lanes = (clients + sensors - 1) / sensors;
    return new SmallBodies(lines, lanes, baseNanos, offsets, ids, tails, stamps, bodyBytes);
  }

  List<String> sensorIds() {
    return sensorIds;
  }

  int lines() {
    return lines;
  }

  /** Bytes of the longest {@code "<length>\r\n\r\n<body>"}. */
  int maxTailBytes() {
    int max = 0;
    for (byte[][] variants : tails) {
      for (byte[] tail : variants) {
        max = Math.max(max, tail.length);
      }
    }
    return max;
  }

  /** The first point's time at shift 0, for the report. */
  Instant base() {
    return Instant.ofEpochSecond(0, baseNanos);
  }

  /**
   * Puts {@code "<length>\r\n\r\n<body>"} of post {@code k} of client {@code client} at {@code
   * out}'s position, its timestamps {@code shiftMicros} µs later than the timeline's; returns the
   * body's length. Throws when the client has used up its timeline.
   */
  int put(ByteBuffer out, int client, long k, int shiftMicros) {
    int s = client % sensors;
    long slot = k * lanes + client / sensors;
    long firstSecond = slot * lines;
    if (firstSecond + lines > maxSecond) {
      throw new IllegalStateException(
          "client " + client + " used up its timeline of " + TIMELINE.toDays() + " days");
    }
    int v = (int) ((k + client / sensors) % tails[s].length);
    byte[] tail = tails[s][v];
    int at = out.position();
    out.put(tail);
    long time = baseNanos + firstSecond * SECOND + offsets[s] + shiftMicros * 1_000L;
    for (int stamp : stamps[s][v]) {
      long t = time;
      for (int i = at + stamp + TIME_DIGITS - 1; i >= at + stamp; i--) {
        out.put(i, (byte) ('0' + t % 10));
        t /= 10;
      }
      time += SECOND;
    }
    return bodyBytes[s][v];
  }
}
