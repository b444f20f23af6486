package org.aqmrg.http;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.aqmrg.rollups.RollupHistory;

/**
 * The limits of the history routes: how far back each tier reaches (raw readings 30 days, hourly
 * rollups 730 days, daily rollups for ever, as the seed keeps them) and how much work one request
 * may ask for. Each is a 400 naming the parameter, with the limit in the message and the details.
 */
final class HistoryLimits {
  /** Most windows computed from raw readings one request may ask for. */
  static final int MAX_WINDOWS = 10_000;

  /** Most windows read from rollups one request may ask for: a year of hours is 8,784. */
  static final int MAX_ROLLUP_WINDOWS = 100_000;

  /** Most rollups (one sensor's hour or day) one request may read. */
  static final long MAX_ROLLUPS = 1_000_000;

  /** How long each tier keeps its data, in days: the seed's retention. */
  static final int RAW_DAYS = 30;

  static final int HOURLY_DAYS = 730;

  /** A day's grace past a retention, for the drop of whole partitions to catch up. */
  private static final Duration GRACE = Duration.ofDays(1);

  private HistoryLimits() {}

  /**
   * A 400 naming {@code every} when reading the range would take more rollups than one request may
   * ({@link #MAX_ROLLUPS}: a year of hours of a location with over a hundred sensors).
   */
  static void rollups(HistoryParams params, int sensors) {
    HistoryWindow window = params.window();
    long perSensor =
        ceilDiv(
            Duration.between(params.from(), params.to()).getSeconds(),
            window.source().equals("daily") && !window.aqi() ? 86_400 : 3600);
    long rollups = perSensor * sensors;
    if (rollups > MAX_ROLLUPS) {
      throw HistoryParams.invalid(
          "every",
          "the range holds "
              + rollups
              + " rollups of "
              + sensors
              + " sensors; at most "
              + MAX_ROLLUPS
              + " per request: choose a shorter range",
          Map.<String, Object>of("max_rollups", MAX_ROLLUPS, "rollups", rollups));
    }
  }

  /** A 400 naming {@code from} when the range starts before what the window's tier keeps. */
  static void retention(HistoryWindow window, Instant from, Instant now) {
    boolean raw = window.rollup().isEmpty();
    if (!raw && !window.aqi() && window.rollup().get().tier() == RollupHistory.Tier.DAILY) {
      return;
    }
    int days = raw ? RAW_DAYS : HOURLY_DAYS;
    Instant oldest = now.minus(Duration.ofDays(days)).minus(GRACE);
    if (from.isBefore(oldest)) {
      String tier = raw ? "raw readings" : "hourly rollups";
      String reads = window.aqi() ? "fn=aqi" : "every=" + window.text();
      throw HistoryParams.invalid(
          "from",
          reads
              + " reads "
              + tier
              + ", which are kept "
              + days
              + " days: from ("
              + from
              + ") is before "
              + oldest
              + (raw
                  ? "; for older data ask every=1h or more (hourly rollups, kept "
                      + HOURLY_DAYS
                      + " days) or every=1d (daily rollups, kept for ever)"
                  : "; for older data ask every=1d (daily rollups, kept for ever)"),
          Map.<String, Object>of(
              "tier", raw ? "raw" : "hourly", "retention_days", days, "oldest", oldest.toString()));
    }
  }

  /** A 400 naming {@code every} when the range holds more windows than one answer may. */
  static void windows(HistoryWindow window, Duration span) {
    boolean rollup = window.rollup().isPresent();
    long windows = ceilDiv(span.getSeconds(), window.every().orElseThrow().getSeconds());
    int max = rollup ? MAX_ROLLUP_WINDOWS : MAX_WINDOWS;
    if (windows > max) {
      throw HistoryParams.invalid(
          "every",
          "every="
              + window.text()
              + " over "
              + describe(span)
              + " gives "
              + windows
              + " windows; at most "
              + max
              + " per request "
              + (rollup ? "from rollups" : "from raw readings")
              + ": choose a longer window or a shorter range",
          Map.<String, Object>of("max_windows", max, "windows", windows));
    }
  }

  /** {@code 3 days}, {@code 36 hours}, {@code 90 minutes} or {@code 12 s}. */
  private static String describe(Duration span) {
    if (span.toSeconds() % 86_400 == 0) {
      return span.toDays() + " days";
    }
    if (span.toSeconds() % 3600 == 0) {
      return span.toHours() + " hours";
    }
    return span.toSeconds() % 60 == 0 ? span.toMinutes() + " minutes" : span.toSeconds() + " s";
  }

  static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }
}
