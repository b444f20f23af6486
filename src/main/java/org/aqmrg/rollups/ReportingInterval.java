package org.aqmrg.rollups;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A sensor's reporting interval, the basis of coverage: set in the sensor's metadata, or estimated
 * from its readings as the median gap between consecutive readings. The median, not the mean or the
 * smallest gap, because it ignores what the mean cannot: an outage of a day (one huge gap) or a
 * burst of a gateway's backlog (a few tiny gaps) among thousands of regular ones. Estimate it over
 * a window longer than an hour (a day of readings, say), so that one hour's outage does not decide
 * it.
 */
public final class ReportingInterval {
  private static final Duration HOUR = Duration.ofHours(1);

  private ReportingInterval() {}

  /**
   * The median gap between consecutive distinct reading times, in any order; empty for fewer than
   * two distinct times. With an even number of gaps, the mean of the two middle ones.
   */
  public static Optional<Duration> estimate(Collection<Instant> times) {
    List<Instant> sorted = times.stream().distinct().sorted().toList();
    if (sorted.size() < 2) {
      return Optional.empty();
    }
    List<Duration> gaps = new ArrayList<>(sorted.size() - 1);
    for (int i = 1; i < sorted.size(); i++) {
      gaps.add(Duration.between(sorted.get(i - 1), sorted.get(i)));
    }
    gaps.sort(null);
    int middle = gaps.size() / 2;
    Duration median =
        gaps.size() % 2 == 1
            ? gaps.get(middle)
            : gaps.get(middle - 1).plus(gaps.get(middle)).dividedBy(2);
    return Optional.of(median);
  }

  /**
   * The readings one hour is expected to hold at this interval: 60 minutes / interval, as a real
   * number (a sensor reporting every 7 minutes is expected to send 8.57 readings an hour, one
   * reporting every 2 hours 0.5).
   *
   * @throws IllegalArgumentException for a zero or negative interval
   */
  public static double expectedPerHour(Duration interval) {
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("reporting interval must be positive, got " + interval);
    }
    return (double) HOUR.toNanos() / interval.toNanos();
  }
}
