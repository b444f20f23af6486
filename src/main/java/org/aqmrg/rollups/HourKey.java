package org.aqmrg.rollups;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Objects;

/**
 * One sensor's UTC hour, named by its start: the unit that writes mark and the worker recomputes.
 */
public record HourKey(String sensorId, Instant hour) implements Comparable<HourKey> {
  private static final long NANOS_PER_HOUR = 3_600_000_000_000L;
  private static final Comparator<HourKey> ORDER =
      Comparator.comparing(HourKey::sensorId).thenComparing(HourKey::hour);

  public HourKey {
    Objects.requireNonNull(sensorId, "sensorId");
    if (!hour.equals(hour.truncatedTo(ChronoUnit.HOURS))) {
      throw new IllegalArgumentException("an hour starts on a whole UTC hour, got " + hour);
    }
  }

  /** The hour holding a reading taken at {@code timeNanos} (nanoseconds since the epoch). */
  public static HourKey of(String sensorId, long timeNanos) {
    long hours = Math.floorDiv(timeNanos, NANOS_PER_HOUR);
    return new HourKey(sensorId, Instant.ofEpochSecond(hours * 3_600));
  }

  /**
   * By sensor id, then hour: the order in which marks are locked, so two writers never deadlock.
   */
  @Override
  public int compareTo(HourKey other) {
    return ORDER.compare(this, other);
  }
}
