package org.aqmrg.cache;

import java.time.Duration;
import java.util.Objects;

/** Checks the TTLs and windows handed to a {@link Cache}, the same way in every adapter. */
public final class Expiry {
  private Expiry() {}

  /**
   * The duration in whole milliseconds.
   *
   * @throws IllegalArgumentException when it is shorter than one millisecond
   */
  public static long millis(Duration duration) {
    Objects.requireNonNull(duration, "ttl");
    if (duration.toMillis() < 1) {
      throw new IllegalArgumentException(
          "a TTL or window must be at least 1 ms, got " + duration.toMillis() + " ms");
    }
    return duration.toMillis();
  }
}
