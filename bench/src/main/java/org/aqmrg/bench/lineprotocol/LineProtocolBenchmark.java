package org.aqmrg.bench.lineprotocol;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.aqmrg.ingest.lineprotocol.LineProtocolParser;
import org.aqmrg.ingest.lineprotocol.ParseResult;
import org.aqmrg.ingest.lineprotocol.Precision;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lines per second that the line-protocol parser reads on one thread, from realistic bodies of
 * 5,000 lines sent by 200 Lagos sensors (issue target: at least 2,000,000 lines/s), against a
 * baseline measured in the same run: finding each line end and the line's first space, a lower
 * bound of any parser's cost.
 *
 * <p>Run: {@code bench/run jmh LineProtocol -f 1 -wi 3 -i 5 -w 2s -r 3s}; add {@code -prof gc} for
 * the bytes allocated per line. Scores are lines per second ({@code ops/s}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(LineProtocolBenchmark.LINES)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class LineProtocolBenchmark {
  static final int LINES = 5_000;
  private static final int SENSORS = 200;
  private static final long START_NANOS = 1_609_459_200_000_000_000L;

  private static final String[][] AREAS = {
    {"IKJ", "Ikeja"},
    {"YAB", "Yaba"},
    {"LEK", "Lekki"},
    {"SUR", "Surulere"},
    {"APA", "Apapa"},
    {"VIC", "Victoria\\ Island"},
    {"IKD", "Ikorodu"},
  };
  private static final String[] MANUFACTURERS = {"PurpleAir", "Clarity", "AirQo", "Sensirion"};

  private byte[] body;
  private LineProtocolParser parser;

  /**
   * A body as gateways send it: each sensor reports every minute, tags in the sensor's order (not
   * sorted), seven fields with one or two decimals, nanosecond timestamps.
   */
  static byte[] realisticBody(long seed) {
    Random random = new Random(seed);
    String[] tags = new String[SENSORS];
    for (int s = 0; s < SENSORS; s++) {
      String[] area = AREAS[s % AREAS.length];
      tags[s] =
          String.format(
              Locale.ROOT,
              "sensor_id=LAG-%s-%03d,location=%s,manufacturer=%s",
              area[0], s + 1, area[1], MANUFACTURERS[random.nextInt(MANUFACTURERS.length)]);
    }
    StringBuilder out = new StringBuilder(LINES * 180);
    for (int i = 0; i < LINES; i++) {
      int sensor = i % SENSORS;
      double pm25 = 8 + random.nextDouble() * 120;
      long time = START_NANOS + (i / SENSORS) * 60_000_000_000L + random.nextInt(1_000_000_000);
      out.append("air_quality,")
          .append(tags[sensor])
          .append(' ')
          .append(String.format(Locale.ROOT, "pm25=%.1f", pm25))
          .append(String.format(Locale.ROOT, ",pm10=%.1f", pm25 * (1.2 + random.nextDouble() / 2)))
          .append(String.format(Locale.ROOT, ",temperature=%.1f", 24 + random.nextDouble() * 10))
          .append(String.format(Locale.ROOT, ",humidity=%.1f", 55 + random.nextDouble() * 40))
          .append(String.format(Locale.ROOT, ",co=%.2f", 0.1 + random.nextDouble() * 2))
          .append(String.format(Locale.ROOT, ",no2=%.1f", 5 + random.nextDouble() * 60))
          .append(String.format(Locale.ROOT, ",o3=%.1f", 10 + random.nextDouble() * 70))
          .append(' ')
          .append(time)
          .append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Setup
  public void setUp() {
    body = realisticBody(42);
    parser = new LineProtocolParser();
    ParseResult check = parser.parse(body, 0, body.length, Precision.NS, 0);
    if (!check.errors().isEmpty() || check.points().size() != LINES) {
      throw new IllegalStateException("the benchmark body does not parse: " + check.errors());
    }
  }

  /** The parser: every line to a Point (tags sorted, seven floats, time), in a ParseResult. */
  @Benchmark
  public ParseResult parser() {
    return parser.parse(body, 0, body.length, Precision.NS, START_NANOS);
  }

  /**
   * Baseline: one pass over the bytes that finds each newline and the first space of each line,
   * and sums the measurement-and-tags lengths so that the work cannot be skipped.
   */
  @Benchmark
  public long baselineNewlinesAndFirstSpace() {
    byte[] b = body;
    long sum = 0;
    int lineStart = 0;
    int firstSpace = -1;
    for (int i = 0; i < b.length; i++) {
      byte c = b[i];
      if (c == '\n') {
        sum += firstSpace - lineStart;
        lineStart = i + 1;
        firstSpace = -1;
      } else if (c == ' ' && firstSpace < 0) {
        firstSpace = i;
      }
    }
    return sum;
  }
}
