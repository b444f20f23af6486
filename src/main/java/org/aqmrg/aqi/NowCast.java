package org.aqmrg.aqi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * EPA's NowCast for PM2.5 and PM10: the current hour's stand-in for the 24-hour average, from the
 * last 12 hourly means, weighting recent hours more when the concentration changes fast.
 *
 * <p>With c_0 the mean of the latest hour, c_1 the hour before and so on (missing hours allowed):
 * the weight factor w = min / max over the available hours, w* = max(w, 0.5), and NowCast = Σ w*^i
 * c_i / Σ w*^i over the available hours. EPA requires valid means for at least two of the three
 * latest hours; otherwise there is no NowCast. The NowCast is computed from the hourly means as
 * they are and then truncated as EPA truncates the 24-hour average (PM2.5 to 0.1 µg/m³, PM10 to 1
 * µg/m³), so it goes straight into {@link UsEpaScale#index} as a 24-hour concentration. When every
 * available hour is 0, w is taken as 1 and the NowCast is 0 (min / max is 0 / 0 there).
 */
public final class NowCast {
  /** The number of hourly means the NowCast looks at. */
  public static final int HOURS = 12;

  private static final double MINIMUM_WEIGHT = 0.5;

  private NowCast() {}

  /**
   * A NowCast concentration in µg/m³ (truncated), the weight factor w* it used and the number of
   * hours it averaged, or, without a concentration, the reason there is none.
   */
  public record Result(Double concentration, Double weightFactor, int hours, String reason) {
    public boolean present() {
      return concentration != null;
    }
  }

  /**
   * The NowCast of these hourly means in µg/m³, the most recent first; a null or NaN entry is a
   * missing hour.
   *
   * @throws IllegalArgumentException for a pollutant other than PM2.5 or PM10, more than 12 hours,
   *     or a negative or infinite mean
   */
  public static Result of(Pollutant pollutant, List<Double> hourlyMeansLatestFirst) {
    int decimals =
        switch (pollutant) {
          case PM25 -> 1;
          case PM10 -> 0;
          default ->
              throw new IllegalArgumentException(
                  "the NowCast is defined for pm25 and pm10, not " + pollutant.key());
        };
    if (hourlyMeansLatestFirst.size() > HOURS) {
      throw new IllegalArgumentException(
          "the NowCast takes at most "
              + HOURS
              + " hourly means, got "
              + hourlyMeansLatestFirst.size());
    }
    int recent = 0;
    int hours = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < hourlyMeansLatestFirst.size(); i++) {
      Double mean = hourlyMeansLatestFirst.get(i);
      if (missing(mean)) {
        continue;
      }
      if (mean < 0 || mean.isInfinite()) {
        throw new IllegalArgumentException(
            "hourly mean " + i + " hours ago must be a finite number >= 0, got " + mean);
      }
      recent += i < 3 ? 1 : 0;
      hours++;
      min = Math.min(min, mean);
      max = Math.max(max, mean);
    }
    if (recent < 2) {
      return new Result(
          null,
          null,
          hours,
          "the NowCast needs hourly means for at least 2 of the 3 latest hours, got " + recent);
    }
    double weight = max == 0 ? 1 : Math.max(min / max, MINIMUM_WEIGHT);
    double weighted = 0;
    double weights = 0;
    double power = 1;
    for (Double mean : hourlyMeansLatestFirst) {
      if (!missing(mean)) {
        weighted += power * mean;
        weights += power;
      }
      power *= weight;
    }
    double concentration =
        BigDecimal.valueOf(weighted / weights).setScale(decimals, RoundingMode.DOWN).doubleValue();
    return new Result(concentration, weight, hours, null);
  }

  private static boolean missing(Double mean) {
    return mean == null || mean.isNaN();
  }
}
