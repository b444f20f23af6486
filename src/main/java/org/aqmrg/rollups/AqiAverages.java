package org.aqmrg.rollups;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.aqmrg.aqi.AqiScale;
import org.aqmrg.aqi.Averaging;
import org.aqmrg.aqi.NowCast;
import org.aqmrg.aqi.OverallIndex;
import org.aqmrg.aqi.Pollutant;
import org.aqmrg.aqi.SubIndex;
import org.aqmrg.aqi.UsEpaScale;
import org.aqmrg.readings.Field;

/**
 * The AQI of an hour or a local day from hourly means: each pollutant's average over the period its
 * scale rates it by, then its sub-index, then the overall index.
 *
 * <p>An hour's averages (the current AQI and the hourly AQI history) end with that hour: 1-hour
 * values are the hour's mean; 8-hour ones the mean of the 8 hours ending with it, needing at least
 * 6 of them (EPA's 75 %); PM2.5 and PM10 on the US EPA scale the {@link NowCast} of the 12 hours
 * ending with it, which is what EPA's AirNow reports each hour in place of the 24-hour average; on
 * the European index the 24-hour running mean, needing 18 of the 24 hours.
 *
 * <p>A day's averages (the daily AQI), over the hours that start in the local day: 24-hour values
 * are the day's mean of hourly means; 1-hour ones the day's highest hourly mean; 8-hour ones the
 * highest of the 8-hour averages that start in the day (each needing 6 of its 8 hours). Each needs
 * at least 75 % of the day's hours (or 8-hour averages): 18 of 24.
 *
 * <p>Without enough data the concentration is null and the reason says what was missing; no number
 * is made up.
 */
final class AqiAverages {
  private static final Duration HOUR = Duration.ofHours(1);
  private static final int EIGHT_HOURS = 8;
  private static final int EIGHT_HOUR_MINIMUM = 6;
  private static final int DAY = 24;
  private static final Duration SEVEN_HOURS = HOUR.multipliedBy(EIGHT_HOURS - 1);

  private AqiAverages() {}

  /** An average: how it was taken, its value (null without enough data), from how many hours. */
  private record Average(String period, Double value, int hours, String reason) {}

  /** How one report takes the average of a pollutant over a period. */
  private interface Averager {
    Average of(Pollutant pollutant, Field field, Averaging averaging);
  }

  /** The fields whose hourly means {@code scale} needs. */
  static List<Field> fields(AqiScale scale) {
    return scale.rates().keySet().stream().flatMap(p -> p.field().stream()).toList();
  }

  /** The AQI of the hour that starts at {@code hour}, from the means of the 24 hours up to it. */
  static AqiReport hourly(AqiScale scale, HourlyMeans means, Instant hour) {
    return report(
        scale,
        hour,
        (pollutant, field, averaging) ->
            switch (averaging) {
              case ONE_HOUR -> running(means, field, hour, 1, 1);
              case EIGHT_HOURS -> running(means, field, hour, EIGHT_HOURS, EIGHT_HOUR_MINIMUM);
              case TWENTY_FOUR_HOURS ->
                  scale instanceof UsEpaScale
                      ? nowCast(means, pollutant, field, hour)
                      : running(means, field, hour, DAY, DailyStatistics.requiredValidHours(DAY));
            });
  }

  /** The daily AQI of {@code day} in {@code zone}, from the means of its hours and 7 after. */
  static AqiReport daily(AqiScale scale, HourlyMeans means, LocalDate day, ZoneId zone) {
    Instant start = day.atStartOfDay(zone).toInstant();
    Instant end = day.plusDays(1).atStartOfDay(zone).toInstant();
    var hours = new ArrayList<Instant>();
    for (Instant h = start.truncatedTo(ChronoUnit.HOURS); h.isBefore(end); h = h.plus(HOUR)) {
      if (!h.isBefore(start)) {
        hours.add(h);
      }
    }
    return report(
        scale,
        start,
        (pollutant, field, averaging) -> {
          var values = new ArrayList<Double>();
          for (Instant h : hours) {
            Double value =
                averaging == Averaging.EIGHT_HOURS
                    ? running(means, field, h.plus(SEVEN_HOURS), EIGHT_HOURS, EIGHT_HOUR_MINIMUM)
                        .value()
                    : means.at(field, h);
            if (value != null) {
              values.add(value);
            }
          }
          return ofDay(averaging, values, hours.size());
        });
  }

  private static Average ofDay(Averaging averaging, List<Double> values, int of) {
    int required = DailyStatistics.requiredValidHours(of);
    String period =
        switch (averaging) {
          case ONE_HOUR -> "max_1h";
          case EIGHT_HOURS -> "max_8h";
          case TWENTY_FOUR_HOURS -> "24h";
        };
    if (values.size() < required) {
      String what = averaging == Averaging.EIGHT_HOURS ? "valid 8-hour averages" : "hourly means";
      return new Average(
          period,
          null,
          values.size(),
          "a daily "
              + period
              + " value needs "
              + what
              + " for at least "
              + required
              + " of the day's "
              + of
              + " hours, got "
              + values.size());
    }
    double value =
        averaging == Averaging.TWENTY_FOUR_HOURS
            ? values.stream().mapToDouble(Double::doubleValue).average().orElseThrow()
            : values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    return new Average(period, value, values.size(), null);
  }

  /**
   * The mean of the {@code span} hourly means ending with {@code last}, needing {@code minimum}.
   */
  private static Average running(
      HourlyMeans means, Field field, Instant last, int span, int minimum) {
    double sum = 0;
    int present = 0;
    for (int i = 0; i < span; i++) {
      Double mean = means.at(field, last.minus(HOUR.multipliedBy(i)));
      if (mean != null) {
        sum += mean;
        present++;
      }
    }
    String period = span + "h";
    if (present < minimum) {
      String reason =
          span == 1
              ? "no " + field.key() + " readings in the hour"
              : (span == EIGHT_HOURS ? "an " : "a ")
                  + period
                  + " average needs hourly means for at least "
                  + minimum
                  + " of its "
                  + span
                  + " hours, got "
                  + present;
      return new Average(period, null, present, reason);
    }
    return new Average(period, sum / present, present, null);
  }

  private static Average nowCast(
      HourlyMeans means, Pollutant pollutant, Field field, Instant hour) {
    var latestFirst = new ArrayList<Double>(NowCast.HOURS);
    for (int i = 0; i < NowCast.HOURS; i++) {
      latestFirst.add(means.at(field, hour.minus(HOUR.multipliedBy(i))));
    }
    NowCast.Result result = NowCast.of(pollutant, latestFirst);
    return new Average("nowcast", result.concentration(), result.hours(), result.reason());
  }

  private static AqiReport.Rated rate(
      AqiScale scale, Pollutant pollutant, Averaging averaging, Average average) {
    if (average.value() == null) {
      return new AqiReport.Rated(
          pollutant, average.period(), null, average.hours(), null, average.reason());
    }
    SubIndex index = scale.index(pollutant, averaging, average.value());
    return new AqiReport.Rated(
        pollutant, average.period(), average.value(), average.hours(), index, index.reason());
  }

  /** Every pollutant the scale rates and the platform measures, each over each of its periods. */
  private static AqiReport report(AqiScale scale, Instant start, Averager averager) {
    var rated = new ArrayList<AqiReport.Rated>();
    for (var rates : scale.rates().entrySet()) {
      Pollutant pollutant = rates.getKey();
      if (pollutant.field().isPresent()) {
        for (Averaging averaging : rates.getValue()) {
          Average average = averager.of(pollutant, pollutant.field().get(), averaging);
          rated.add(rate(scale, pollutant, averaging, average));
        }
      }
    }
    List<SubIndex> indices =
        rated.stream().map(AqiReport.Rated::index).filter(Objects::nonNull).toList();
    OverallIndex overall = scale.overall(indices);
    if (!overall.present()) {
      String reason =
          rated.stream()
              .map(r -> r.pollutant().key() + " " + r.period() + ": " + r.reason())
              .collect(Collectors.joining("; ", "no pollutant has an index (", ")"));
      overall = new OverallIndex(scale.id(), null, null, null, indices, reason);
    }
    return new AqiReport(start, scale, overall, rated);
  }
}
