package org.aqmrg.rollups;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The statistics of one sensor's field over one hour, labelled by the hour's start in UTC.
 *
 * <p>{@code count} readings; their {@code mean}, {@code min}, {@code max}, {@code median} (the mean
 * of the two middle readings for an even count) and {@code sd}, the sample standard deviation (n -
 * 1): the same figure as InfluxQL's {@code STDDEV()} and PostgreSQL's {@code stddev()}, so a rollup
 * and the store's own aggregation of the raw data agree. The sd is null for fewer than two readings
 * (a sample of one has no spread to estimate), and every statistic is null for an hour without
 * readings; none is ever NaN.
 *
 * <p>{@code coverage} is the percentage of expected readings observed, capped at 100: count / (60
 * min / reporting interval) × 100. It is null when the interval is unknown (a sensor with no
 * interval in its metadata and too few readings to estimate one). An hour is <em>valid</em> when
 * its coverage is at least 75 %, the share EPA asks of an hour of a continuous monitor (45 of 60
 * minutes).
 */
public record HourlyStatistics(
    Instant hour,
    long count,
    Double mean,
    Double min,
    Double max,
    Double sd,
    Double median,
    Duration interval,
    Double coverage) {

  /** The coverage, in percent, at which an hour is valid. */
  public static final double VALID_COVERAGE = 75;

  /**
   * The statistics of these values for the hour starting at {@code hour}.
   *
   * @param interval the sensor's reporting interval, or null if unknown (coverage is then null)
   * @throws IllegalArgumentException if {@code hour} is not the start of a UTC hour, a value is NaN
   *     or infinite, or the interval is not positive
   */
  public static HourlyStatistics of(Instant hour, double[] values, Duration interval) {
    if (!hour.equals(hour.truncatedTo(ChronoUnit.HOURS))) {
      throw new IllegalArgumentException("an hour starts on a whole UTC hour, got " + hour);
    }
    Double coverage = coverage(values.length, interval);
    Summary summary = Summary.of(values);
    if (summary == null) {
      return new HourlyStatistics(hour, 0, null, null, null, null, null, interval, coverage);
    }
    return new HourlyStatistics(
        hour,
        summary.count,
        summary.mean,
        summary.min,
        summary.max,
        summary.sampleDeviation(),
        summary.median,
        interval,
        coverage);
  }

  /**
   * The statistics of every hour that holds at least one of these samples, by hour start. Hours
   * without samples are left out; a day counts them as hours without data.
   *
   * @param interval as for {@link #of}
   */
  public static SortedMap<Instant, HourlyStatistics> byHour(
      Collection<Sample> samples, Duration interval) {
    var values = new TreeMap<Instant, List<Double>>();
    for (Sample sample : samples) {
      values
          .computeIfAbsent(sample.time().truncatedTo(ChronoUnit.HOURS), h -> new ArrayList<>())
          .add(sample.value());
    }
    var hours = new TreeMap<Instant, HourlyStatistics>();
    values.forEach(
        (hour, list) ->
            hours.put(
                hour,
                of(hour, list.stream().mapToDouble(Double::doubleValue).toArray(), interval)));
    return Collections.unmodifiableSortedMap(hours);
  }

  /**
   * These statistics with the reporting interval {@code interval} and the coverage it gives (both
   * null when it is null): for statistics the store computed, which knows no interval.
   */
  public HourlyStatistics withInterval(Duration interval) {
    return new HourlyStatistics(
        hour, count, mean, min, max, sd, median, interval, coverage(count, interval));
  }

  private static Double coverage(long count, Duration interval) {
    return interval == null
        ? null
        : Math.min(100, 100 * count / ReportingInterval.expectedPerHour(interval));
  }

  /** Whether the hour's coverage is known and at least {@link #VALID_COVERAGE}. */
  public boolean valid() {
    return coverage != null && coverage >= VALID_COVERAGE;
  }

  /** The sum of squared deviations from the mean, for combining hours into a day. */
  double squaredDeviations() {
    return sd == null ? 0 : sd * sd * (count - 1);
  }
}
