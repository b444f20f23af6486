package org.aqmrg.rollups;

import java.util.Arrays;

/**
 * Count, mean, sum of squared deviations, min, max and median of a set of values. The mean and the
 * squared deviations are accumulated with Welford's method, which stays accurate for values with a
 * large mean and a small spread (a sum of squares would cancel there).
 */
final class Summary {
  final long count;
  final double mean;
  final double squaredDeviations;
  final double min;
  final double max;
  final double median;

  private Summary(
      long count, double mean, double squaredDeviations, double min, double max, double median) {
    this.count = count;
    this.mean = mean;
    this.squaredDeviations = squaredDeviations;
    this.min = min;
    this.max = max;
    this.median = median;
  }

  /**
   * The summary of these values; null for none.
   *
   * @throws IllegalArgumentException for a NaN or infinite value
   */
  static Summary of(double[] values) {
    if (values.length == 0) {
      return null;
    }
    double mean = 0;
    double squaredDeviations = 0;
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < values.length; i++) {
      double value = values[i];
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("value " + i + " must be a finite number, got " + value);
      }
      double delta = value - mean;
      mean += delta / (i + 1);
      squaredDeviations += delta * (value - mean);
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    return new Summary(values.length, mean, squaredDeviations, min, max, median(values));
  }

  /** The sample standard deviation (n - 1 in the denominator), or null for fewer than 2 values. */
  Double sampleDeviation() {
    return sampleDeviation(count, squaredDeviations);
  }

  static Double sampleDeviation(long count, double squaredDeviations) {
    return count < 2 ? null : Math.sqrt(Math.max(0, squaredDeviations) / (count - 1));
  }

  /** The median: the middle value, or the mean of the two middle values for an even count. */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1
        ? sorted[middle]
        : sorted[middle - 1] + (sorted[middle] - sorted[middle - 1]) / 2;
  }
}
