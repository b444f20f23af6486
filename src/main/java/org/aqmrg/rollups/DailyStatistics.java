package org.aqmrg.rollups;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The statistics of one sensor's field over one local calendar day of its location, computed from
 * the day's hourly statistics.
 *
 * <p>The day runs from local midnight to the next local midnight in the location's zone (Lagos,
 * {@code Africa/Lagos}: 23:00 to 23:00 UTC), so it has 24 hours, or 23 or 25 on a day when the
 * clocks change. It holds the UTC hours that start within it ({@code hours} of them); in a zone
 * whose offset is not a whole number of hours, an hour belongs to the day in which it starts.
 *
 * <ul>
 *   <li>{@code mean}: the mean of the hourly means of the hours with data, each hour weighing the
 *       same. A time average, as EPA's 24-hour average of hourly values is: a gateway that sent a
 *       burst of readings in one hour does not outweigh the rest of the day.
 *   <li>{@code median}: the median of those hourly means (the raw readings are not at hand).
 *   <li>{@code count}, {@code min}, {@code max}: over every reading of the day.
 *   <li>{@code sd}: the sample standard deviation of every reading of the day, combined exactly
 *       from the hours' counts, means and standard deviations; null for fewer than two readings.
 *   <li>{@code validHours}: hours with at least 75 % coverage ({@link HourlyStatistics#valid()});
 *       {@code coverage} = validHours / hours × 100.
 *   <li>{@code complete}: at least 75 % of the day's hours are valid, rounded up: 18 of 24 (EPA's
 *       rule), 18 of 23, 19 of 25.
 * </ul>
 *
 * Every statistic is null for a day without readings; none is ever NaN.
 */
public record DailyStatistics(
    LocalDate day,
    ZoneId zone,
    Instant start,
    Instant end,
    int hours,
    int hoursWithData,
    int validHours,
    double coverage,
    boolean complete,
    long count,
    Double mean,
    Double min,
    Double max,
    Double sd,
    Double median) {

  /** The share of a day's hours that must be valid for the day to be complete (EPA's 75 %). */
  public static final double COMPLETE_SHARE = 0.75;

  /**
   * The statistics of {@code day} in {@code zone} from the hourly statistics of that day.
   *
   * @throws IllegalArgumentException if an hour does not start within the day or appears twice
   */
  public static DailyStatistics of(
      LocalDate day, ZoneId zone, Collection<HourlyStatistics> hourly) {
    Instant start = day.atStartOfDay(zone).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
    var seen = new HashSet<Instant>();
    for (HourlyStatistics hour : hourly) {
      if (hour.hour().isBefore(start) || !hour.hour().isBefore(end)) {
        throw new IllegalArgumentException(
            "hour " + hour.hour() + " is not in " + day + " in " + zone);
      }
      if (!seen.add(hour.hour())) {
        throw new IllegalArgumentException("hour " + hour.hour() + " appears twice");
      }
    }
    int hours = hoursStartingWithin(start, end);
    int validHours = (int) hourly.stream().filter(HourlyStatistics::valid).count();
    double coverage = 100.0 * validHours / hours;
    boolean complete = validHours >= requiredValidHours(hours);
    List<HourlyStatistics> withData = hourly.stream().filter(h -> h.count() > 0).toList();
    boolean empty = withData.isEmpty();
    Summary ofMeans =
        empty ? null : Summary.of(withData.stream().mapToDouble(HourlyStatistics::mean).toArray());
    long count = withData.stream().mapToLong(HourlyStatistics::count).sum();
    return new DailyStatistics(
        day,
        zone,
        start,
        end,
        hours,
        withData.size(),
        validHours,
        coverage,
        complete,
        count,
        empty ? null : ofMeans.mean,
        empty ? null : withData.stream().mapToDouble(HourlyStatistics::min).min().orElseThrow(),
        empty ? null : withData.stream().mapToDouble(HourlyStatistics::max).max().orElseThrow(),
        empty ? null : combinedDeviation(withData),
        empty ? null : ofMeans.median);
  }

  /** The valid hours a day of {@code hours} hours needs to be complete: 75 %, rounded up. */
  public static int requiredValidHours(int hours) {
    return (int) Math.ceil(COMPLETE_SHARE * hours);
  }

  /**
   * The statistics of every local day in {@code zone} that holds at least one of these hours, by
   * day.
   */
  public static SortedMap<LocalDate, DailyStatistics> byDay(
      Collection<HourlyStatistics> hourly, ZoneId zone) {
    var days =
        hourly.stream()
            .collect(
                Collectors.groupingBy(
                    h -> LocalDate.ofInstant(h.hour(), zone), TreeMap::new, Collectors.toList()));
    var result = new TreeMap<LocalDate, DailyStatistics>();
    days.forEach((day, hours) -> result.put(day, of(day, zone, hours)));
    return Collections.unmodifiableSortedMap(result);
  }

  /** The number of whole UTC hours that start in [start, end). */
  static int hoursStartingWithin(Instant start, Instant end) {
    Instant first = start.truncatedTo(ChronoUnit.HOURS);
    if (first.isBefore(start)) {
      first = first.plus(1, ChronoUnit.HOURS);
    }
    return first.isBefore(end) ? (int) ((ChronoUnit.MINUTES.between(first, end) + 59) / 60) : 0;
  }

  /** The sample sd of all the readings of these hours (each with data), combined exactly. */
  private static Double combinedDeviation(Collection<HourlyStatistics> hourly) {
    return Moments.pooled(hourly.stream().map(Moments::of).toList()).sampleDeviation();
  }
}
