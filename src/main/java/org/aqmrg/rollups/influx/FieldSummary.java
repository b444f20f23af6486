package org.aqmrg.rollups.influx;

import org.aqmrg.rollups.DailyStatistics;
import org.aqmrg.rollups.HourlyStatistics;

/** The statistics that both tiers keep of a field: count, mean, min, max, sd and median. */
record FieldSummary(long count, Double mean, Double min, Double max, Double sd, Double median) {
  static FieldSummary of(HourlyStatistics s) {
    return new FieldSummary(s.count(), s.mean(), s.min(), s.max(), s.sd(), s.median());
  }

  static FieldSummary of(DailyStatistics s) {
    return new FieldSummary(s.count(), s.mean(), s.min(), s.max(), s.sd(), s.median());
  }
}
