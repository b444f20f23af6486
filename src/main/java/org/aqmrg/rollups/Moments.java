package org.aqmrg.rollups;

import java.util.Collection;

/**
 * The count, mean and sum of squared deviations from the mean of a set of readings: what is needed
 * to combine the standard deviations of several sets exactly into that of their union.
 */
record Moments(long count, double mean, double squaredDeviations) {

  /** The moments of an hour's readings; null for an hour without readings. */
  static Moments of(HourlyStatistics hour) {
    return hour.count() == 0
        ? null
        : new Moments(hour.count(), hour.mean(), hour.squaredDeviations());
  }

  /**
   * The moments of the union of these sets (each with at least one reading), combined as Chan et
   * al. do: the mean weighted by count, and Σ (M2_i + n_i (mean_i - mean)²) for the squared
   * deviations; null for no sets.
   */
  static Moments pooled(Collection<Moments> parts) {
    long count = 0;
    for (Moments part : parts) {
      count += part.count;
    }
    if (count == 0) {
      return null;
    }
    double mean = 0;
    for (Moments part : parts) {
      mean += part.mean * part.count / count;
    }
    double squaredDeviations = 0;
    for (Moments part : parts) {
      double offset = part.mean - mean;
      squaredDeviations += part.squaredDeviations + part.count * offset * offset;
    }
    return new Moments(count, mean, squaredDeviations);
  }

  /** The sample standard deviation (n - 1), or null for fewer than two readings. */
  Double sampleDeviation() {
    return Summary.sampleDeviation(count, squaredDeviations);
  }
}
