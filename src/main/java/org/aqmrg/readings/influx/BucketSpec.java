package org.aqmrg.readings.influx;

import java.util.List;
import java.util.regex.Pattern;
import org.aqmrg.readings.SeedBucket;

/**
 * One of the seed's buckets as {@code databases/influxdb/schemas/} defines it: on 1.x a retention
 * policy of the database {@code INFLUXDB_DATABASE}, on 2.x a bucket with a DBRP mapping.
 *
 * @param retentionSeconds how long points are kept; 0 for ever
 * @param shardSeconds the time one shard covers (1.x only)
 * @param isDefault whether writes and queries without a retention policy land here
 */
record BucketSpec(String name, long retentionSeconds, long shardSeconds, boolean isDefault) {
  private static final long DAY = 86_400;
  private static final Pattern GO_DURATION =
      Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|µs|ns|h|m|s)");

  /** The raw readings' bucket. */
  static final String RAW = SeedBucket.RAW.bucket();

  /** The four buckets, raw data first, with the shard each covers on 1.x. */
  static final List<BucketSpec> SEED =
      List.of(
          of(SeedBucket.RAW, DAY, true),
          of(SeedBucket.HOURLY, 7 * DAY, false),
          of(SeedBucket.DAILY, 30 * DAY, false),
          of(SeedBucket.PREDICTIONS, 7 * DAY, false));

  private static BucketSpec of(SeedBucket bucket, long shardSeconds, boolean isDefault) {
    return new BucketSpec(bucket.bucket(), bucket.retentionDays() * DAY, shardSeconds, isDefault);
  }

  /** A retention as the port reports it: {@code 30d}, {@code 12h}, or {@code infinite}. */
  static String retention(long seconds) {
    return seconds == 0 ? "infinite" : format(seconds);
  }

  /** A duration in whole days, hours or seconds, as InfluxQL writes it: {@code 730d}. */
  static String format(long seconds) {
    if (seconds % DAY == 0) {
      return seconds / DAY + "d";
    }
    return seconds % 3600 == 0 ? seconds / 3600 + "h" : seconds + "s";
  }

  /**
   * Seconds in a duration as InfluxDB 1.x prints it ({@code 720h0m0s}, {@code 0s}), rounded down.
   */
  static long parseGoDuration(String text) {
    var matcher = GO_DURATION.matcher(text);
    double seconds = 0;
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      double value = Double.parseDouble(matcher.group(1));
      seconds +=
          switch (matcher.group(2)) {
            case "h" -> value * 3600;
            case "m" -> value * 60;
            case "s" -> value;
            case "ms" -> value / 1e3;
            case "us", "µs" -> value / 1e6;
            default -> value / 1e9;
          };
      end = matcher.end();
    }
    if (end != text.length() || text.isEmpty()) {
      throw new IllegalArgumentException("not a duration: '" + text + "'");
    }
    return (long) seconds;
  }
}
