package org.aqmrg.predictions;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How good forecasts turned out: each forecast against the observed hourly mean of the hour that
 * starts at its target time (truncated to the hour), grouped by lead time in whole hours (the
 * target time less the issue time, rounded down). Per group: the number of pairs, the bias (mean of
 * forecast less observed), the mean absolute error, the root mean square error, and the share of
 * observations inside the forecast's interval among the pairs that have one. A forecast without an
 * observation of its hour is not counted. Pure computation.
 */
public final class Skill {
  private Skill() {}

  /**
   * The measures of one lead time (or of all, {@code leadHours} null).
   *
   * @param bias null (as are mae and rmse) when no forecast had an observation
   * @param intervalCount pairs whose forecast has an interval
   * @param intervalCoverage share of those whose observation lies inside it, null when none has one
   */
  public record Measures(
      Integer leadHours,
      int count,
      Double bias,
      Double mae,
      Double rmse,
      int intervalCount,
      Double intervalCoverage) {}

  /** The measures by lead time, in lead order, and over all leads. */
  public record Report(List<Measures> byLead, Measures overall) {}

  /** Forecasts against observations, by the hour each observation's mean is of. */
  public static Report of(Collection<Forecast> forecasts, Map<Instant, Double> observed) {
    var byLead = new TreeMap<Integer, Sums>();
    var all = new Sums();
    for (Forecast f : forecasts) {
      Double o = observed.get(f.targetTime().truncatedTo(ChronoUnit.HOURS));
      if (o == null) {
        continue;
      }
      int lead = (int) Math.floorDiv(f.lead().toSeconds(), Duration.ofHours(1).toSeconds());
      byLead.computeIfAbsent(lead, l -> new Sums()).add(f, o);
      all.add(f, o);
    }
    var measures = new ArrayList<Measures>();
    byLead.forEach((lead, sums) -> measures.add(sums.measures(lead)));
    return new Report(measures, all.measures(null));
  }

  private static final class Sums {
    int count;
    double error;
    double absolute;
    double squared;
    int intervals;
    int inside;

    void add(Forecast f, double observed) {
      double e = f.value() - observed;
      count++;
      error += e;
      absolute += Math.abs(e);
      squared += e * e;
      if (f.lower() != null && f.upper() != null) {
        intervals++;
        if (f.covers(observed)) {
          inside++;
        }
      }
    }

    Measures measures(Integer lead) {
      if (count == 0) {
        return new Measures(lead, 0, null, null, null, 0, null);
      }
      return new Measures(
          lead,
          count,
          error / count,
          absolute / count,
          Math.sqrt(squared / count),
          intervals,
          intervals == 0 ? null : (double) inside / intervals);
    }
  }
}
