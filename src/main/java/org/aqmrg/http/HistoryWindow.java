package org.aqmrg.http;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import org.aqmrg.aqi.AqiScale;
import org.aqmrg.aqi.AqiScales;
import org.aqmrg.readings.Query;
import org.aqmrg.rollups.RollupHistory;

/**
 * What a history request asks for, from its {@code every}, {@code fn} and {@code scale}, and where
 * the answer comes from: {@code every=raw} is raw readings; a window of whole minutes ({@code 5m},
 * {@code 90m}) is computed from raw readings; a window of whole hours ({@code 1h}, {@code 3h}) is
 * read from hourly rollups, one of whole days ({@code 1d}, {@code 7d}) from daily rollups, except
 * with {@code fn=last}, which rollups do not keep and raw readings answer. {@code fn=aqi} takes
 * {@code every=1h} (hourly AQI) or {@code every=1d} (daily AQI), both from hourly rollups.
 *
 * @param every the window; empty for raw readings
 * @param text the window as asked ({@code raw}, {@code 24h}, {@code 1d}): 24h and 1d differ
 * @param rollup the rollup window; empty when raw readings answer
 * @param aggregate what raw windows give; null for rollups
 * @param statistic what rollup windows give; null for raw and for the AQI
 * @param scale the AQI scale for {@code fn=aqi}; null otherwise
 * @param fn the function as answered ({@code mean}, {@code sd}, {@code aqi})
 */
record HistoryWindow(
    Optional<Duration> every,
    String text,
    Optional<RollupHistory.Every> rollup,
    Query.Aggregate aggregate,
    RollupHistory.Statistic statistic,
    AqiScale scale,
    String fn) {

  private static final Pattern EVERY = Pattern.compile("([1-9][0-9]{0,5})([mhd])");
  private static final long MAX_MINUTES = 31 * 1440;
  private static final long MAX_HOURS = 730 * 24;
  private static final long MAX_DAYS = 3660;
  private static final String FNS = "mean, min, max, count, last, sd, median, aqi";

  /** Where the numbers come from, as {@code source} in the answer. */
  String source() {
    return rollup.map(r -> r.tier().key()).orElse("raw");
  }

  boolean aqi() {
    return scale != null;
  }

  static HistoryWindow of(String everyText, String fnText, String scaleText) {
    if ("raw".equals(everyText)) {
      if (fnText != null) {
        throw HistoryParams.invalid("fn", "fn applies to windows; with every=raw leave it out");
      }
      noScale(scaleText);
      return new HistoryWindow(Optional.empty(), "raw", Optional.empty(), null, null, null, null);
    }
    String text = everyText == null ? "1h" : everyText.trim();
    var matcher = EVERY.matcher(text);
    long amount = matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
    String unit = amount > 0 ? matcher.group(2) : "";
    long max =
        switch (unit) {
          case "m" -> MAX_MINUTES;
          case "h" -> MAX_HOURS;
          case "d" -> MAX_DAYS;
          default -> 0;
        };
    if (amount < 1 || amount > max) {
      throw HistoryParams.invalid(
          "every",
          "every must be raw or a window of whole minutes (1m to "
              + MAX_MINUTES
              + "m, from raw readings), hours (1h to "
              + MAX_HOURS
              + "h, from hourly rollups) or days (1d to "
              + MAX_DAYS
              + "d, local days from daily rollups), such as 5m, 1h or 1d; got '"
              + everyText
              + "'");
    }
    Duration every =
        switch (unit) {
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
    var tier = unit.equals("h") ? RollupHistory.Tier.HOURLY : RollupHistory.Tier.DAILY;
    var rollup = Optional.of(new RollupHistory.Every(tier, (int) amount));
    String fn = fnText == null ? "mean" : fnText.trim();
    if (fn.equals("aqi")) {
      if (unit.equals("m") || amount != 1) {
        throw HistoryParams.invalid(
            "fn", "fn=aqi takes every=1h (hourly AQI) or every=1d (daily AQI); got every=" + text);
      }
      return new HistoryWindow(Optional.of(every), text, rollup, null, null, scale(scaleText), fn);
    }
    noScale(scaleText);
    if (unit.equals("m") || fn.equals("last")) {
      if (fn.equals("sd") || fn.equals("median")) {
        throw HistoryParams.invalid(
            "fn",
            "fn="
                + fn
                + " is given for windows of whole hours or days, read from rollups; every="
                + text
                + " is computed from raw readings: ask every=1h (or another number of hours) or"
                + " every=1d");
      }
      Query.Aggregate aggregate =
          Query.Aggregate.of(fn)
              .filter(HistoryWindow::offered)
              .orElseThrow(() -> unknownFn(fnText));
      return new HistoryWindow(
          Optional.of(every), text, Optional.empty(), aggregate, null, null, fn);
    }
    RollupHistory.Statistic statistic =
        RollupHistory.Statistic.of(fn).orElseThrow(() -> unknownFn(fnText));
    return new HistoryWindow(Optional.of(every), text, rollup, null, statistic, null, fn);
  }

  /**
   * The raw-window functions this API offers; the store's sum, median and first are read through
   * InfluxQL only, so {@code fn} keeps the values the API documents.
   */
  private static boolean offered(Query.Aggregate aggregate) {
    return switch (aggregate) {
      case MEAN, MIN, MAX, COUNT, LAST -> true;
      case SUM, MEDIAN, FIRST -> false;
    };
  }

  private static ApiException unknownFn(String text) {
    return HistoryParams.invalid("fn", "fn must be one of " + FNS + "; got '" + text + "'");
  }

  /** The scale of a {@code scale} parameter, us-epa when absent; a 400 naming it when unknown. */
  static AqiScale scale(String text) {
    if (text == null) {
      return AqiScales.all().get(0);
    }
    try {
      return AqiScales.of(text.trim());
    } catch (IllegalArgumentException e) {
      throw HistoryParams.invalid("scale", "scale: " + e.getMessage());
    }
  }

  private static void noScale(String text) {
    if (text != null) {
      throw HistoryParams.invalid("scale", "scale applies to fn=aqi only; leave it out");
    }
  }
}
