package org.aqmrg.readings;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One row of a history {@link Query}: a raw reading of one sensor, or the aggregates of one window.
 * Fields without a value are absent.
 */
public final class Row {
  private final long timeNanos;
  private final String sensorId;
  private final double[] values;

  /**
   * @param timeNanos the reading's time, or the window's start, in nanoseconds since the epoch
   * @param sensorId the sensor of a raw reading; null for a window
   * @param values by {@link Field#ordinal()}, {@code NaN} where absent (no reading is ever NaN);
   *     the row keeps the array
   */
  public Row(long timeNanos, String sensorId, double[] values) {
    if (values.length != Field.all().length) {
      throw new IllegalArgumentException("a row has one value per field");
    }
    this.timeNanos = timeNanos;
    this.sensorId = sensorId;
    this.values = values;
  }

  /** An array for {@link #Row}'s values, all absent. */
  public static double[] noValues() {
    double[] values = new double[Field.all().length];
    Arrays.fill(values, Double.NaN);
    return values;
  }

  public long timeNanos() {
    return timeNanos;
  }

  public Instant time() {
    return Reading.instant(timeNanos);
  }

  /** The sensor of a raw reading; null for a window. */
  public String sensorId() {
    return sensorId;
  }

  public boolean has(Field field) {
    return !Double.isNaN(values[field.ordinal()]);
  }

  public OptionalDouble get(Field field) {
    return has(field) ? OptionalDouble.of(values[field.ordinal()]) : OptionalDouble.empty();
  }

  /** The present values by field key, in the measurement's order. */
  public Map<String, Double> fields() {
    return Field.byKey(values, this::has);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Row that
        && timeNanos == that.timeNanos
        && Objects.equals(sensorId, that.sensorId)
        && Arrays.equals(values, that.values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(timeNanos, sensorId, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    return time() + (sensorId == null ? "" : " " + sensorId) + " " + fields();
  }
}
