package org.aqmrg.rollups;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.aqmrg.aqi.AqiScale;
import org.aqmrg.readings.Field;

/**
 * The AQI from hourly rollups (see {@link AqiAverages} for the averages): now, and as hourly or
 * daily history, of one sensor or of a location's sensors together (their hourly means weighted by
 * count). Reads only the hourly tier, so history reaches back as far as it keeps hours (730 days).
 */
public final class AqiReports {
  private static final Duration DAY_BEFORE = Duration.ofHours(23);
  private static final Duration PAST_LAST_DAY = Duration.ofHours(26 + 7);

  private final RollupStore store;
  private final Clock clock;

  public AqiReports(RollupStore store, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * The current AQI: that of the hour in progress, its mean so far counting as the latest hour,
   * from the means of the 24 hours up to it. A pollutant without enough recent data has a null
   * concentration and a reason, as has the overall index when no pollutant has one.
   */
  public AqiReport current(List<String> sensorIds, AqiScale scale) {
    Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
    return AqiAverages.hourly(
        scale, means(sensorIds, hour.minus(DAY_BEFORE), hour.plusSeconds(3600), scale), hour);
  }

  /**
   * As {@link #current(List, AqiScale)}, from hourly rollups the caller has read: those of the
   * location's sensors from {@link #currentWindow} of {@link #currentFields}.
   */
  public AqiReport currentOf(Collection<SensorHour> hours, AqiScale scale) {
    Instant hour = clock.instant().truncatedTo(ChronoUnit.HOURS);
    return AqiAverages.hourly(scale, HourlyMeans.of(hours), hour);
  }

  /** The start of the hours the current AQI is computed from (the end is the next hour's). */
  public Instant currentWindow() {
    return clock.instant().truncatedTo(ChronoUnit.HOURS).minus(DAY_BEFORE);
  }

  /** The fields the AQI of {@code scale} is computed from. */
  public static List<Field> currentFields(AqiScale scale) {
    return AqiAverages.fields(scale);
  }

  /**
   * The AQI of each hour that starts in {@code [from, to)} and holds a mean of a rated pollutant.
   */
  public List<AqiReport> hourly(List<String> sensorIds, Instant from, Instant to, AqiScale scale) {
    HourlyMeans means = means(sensorIds, from.minus(DAY_BEFORE), to, scale);
    var reports = new ArrayList<AqiReport>();
    for (Instant hour : means.hours().subSet(from, true, to, false)) {
      reports.add(AqiAverages.hourly(scale, means, hour));
    }
    return reports;
  }

  /**
   * The daily AQI of each local day of {@code zone} whose midnight lies in {@code [from, to)} and
   * that holds a mean of a rated pollutant.
   */
  public List<AqiReport> daily(
      List<String> sensorIds, ZoneId zone, Instant from, Instant to, AqiScale scale) {
    HourlyMeans means = means(sensorIds, from, to.plus(PAST_LAST_DAY), scale);
    var days = new TreeSet<LocalDate>();
    for (Instant hour : means.hours()) {
      LocalDate day = LocalDate.ofInstant(hour, zone);
      Instant start = day.atStartOfDay(zone).toInstant();
      if (!start.isBefore(from) && start.isBefore(to)) {
        days.add(day);
      }
    }
    return days.stream().map(day -> AqiAverages.daily(scale, means, day, zone)).toList();
  }

  private HourlyMeans means(List<String> sensorIds, Instant from, Instant to, AqiScale scale) {
    return sensorIds.isEmpty()
        ? HourlyMeans.of(List.of())
        : HourlyMeans.of(store.hours(sensorIds, from, to, AqiAverages.fields(scale)));
  }
}
