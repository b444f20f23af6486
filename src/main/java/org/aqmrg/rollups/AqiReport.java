package org.aqmrg.rollups;

import java.time.Instant;
import java.util.List;
import org.aqmrg.aqi.AqiScale;
import org.aqmrg.aqi.OverallIndex;
import org.aqmrg.aqi.Pollutant;
import org.aqmrg.aqi.SubIndex;

/**
 * The AQI of one hour or one local day on one scale: every pollutant the scale rates and the
 * platform measures, each with its average and sub-index or the reason it has none, and the overall
 * index (the highest sub-index, with its pollutant as the dominant one).
 *
 * @param start the hour's start, or the day's local midnight
 */
public record AqiReport(
    Instant start, AqiScale scale, OverallIndex overall, List<Rated> pollutants) {

  public AqiReport {
    pollutants = List.copyOf(pollutants);
  }

  /**
   * One pollutant over one averaging period.
   *
   * @param period how the concentration was averaged: {@code 1h}, {@code 8h}, {@code 24h}, {@code
   *     nowcast} (hourly), {@code max_1h}, {@code max_8h} (daily)
   * @param concentration in the pollutant's unit ({@link Pollutant#unit()}), null without enough
   *     data
   * @param hours the hourly means the average was taken from
   * @param index the sub-index; null when there is no concentration
   * @param reason why there is no concentration or no index; null otherwise
   */
  public record Rated(
      Pollutant pollutant,
      String period,
      Double concentration,
      int hours,
      SubIndex index,
      String reason) {}
}
