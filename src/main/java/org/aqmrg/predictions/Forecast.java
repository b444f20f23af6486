package org.aqmrg.predictions;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.UUID;

/**
 * One forecast value as the forecasting pipeline publishes it: what a model, issued at {@code
 * issuedAt}, expects a pollutant at a location to be at {@code targetTime}, with its interval where
 * it gives one. Its identity is {@link #key()}: the same key sent again replaces the stored value.
 *
 * @param pollutant one of the seven field keys ({@code pm25} …) or {@code aqi}
 * @param lower the interval's lower end, or null
 * @param upper the interval's upper end, or null
 * @param intervalLevel the interval's nominal coverage in (0, 1), or null
 */
public record Forecast(
    UUID locationId,
    String pollutant,
    Instant targetTime,
    double value,
    Double lower,
    Double upper,
    Double intervalLevel,
    String modelName,
    String modelVersion,
    Instant issuedAt) {

  /** The order of every answer: target time, location, pollutant, model, version, issue time. */
  public static final Comparator<Forecast> ORDER =
      Comparator.comparing(Forecast::targetTime)
          .thenComparing(f -> f.locationId().toString())
          .thenComparing(Forecast::pollutant)
          .thenComparing(Forecast::modelName)
          .thenComparing(Forecast::modelVersion)
          .thenComparing(Forecast::issuedAt);

  public Forecast {
    Objects.requireNonNull(locationId, "locationId");
    Objects.requireNonNull(pollutant, "pollutant");
    Objects.requireNonNull(targetTime, "targetTime");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(issuedAt, "issuedAt");
  }

  /** What makes a forecast the same one: sent again with this key, it replaces the stored one. */
  public record Key(
      UUID locationId,
      String pollutant,
      Instant targetTime,
      String modelVersion,
      Instant issuedAt) {}

  public Key key() {
    return new Key(locationId, pollutant, targetTime, modelVersion, issuedAt);
  }

  /** How far ahead the forecast was made: the target time less the issue time. */
  public Duration lead() {
    return Duration.between(issuedAt, targetTime);
  }

  /** Whether {@code observed} lies within the interval; false without an interval. */
  public boolean covers(double observed) {
    return lower != null && upper != null && lower <= observed && observed <= upper;
  }
}
