package org.aqmrg.predictions;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Which stored forecasts to read: those with {@code from <= targetTime < to}, of one location or
 * all, one pollutant or all, one model (by name) or all, one model version or all.
 */
public record ForecastQuery(
    Optional<UUID> location,
    Optional<String> pollutant,
    Optional<String> modelName,
    Optional<String> modelVersion,
    Instant from,
    Instant to) {

  public ForecastQuery {
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(pollutant, "pollutant");
    Objects.requireNonNull(modelName, "modelName");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }

  /** Every forecast of one location with a target time in {@code [from, to)}. */
  public static ForecastQuery of(UUID location, Instant from, Instant to) {
    return new ForecastQuery(
        Optional.of(location), Optional.empty(), Optional.empty(), Optional.empty(), from, to);
  }

  public ForecastQuery withPollutant(String key) {
    return new ForecastQuery(location, Optional.of(key), modelName, modelVersion, from, to);
  }

  public ForecastQuery withModel(Optional<String> name) {
    return new ForecastQuery(location, pollutant, name, modelVersion, from, to);
  }

  /** Whether {@code forecast} is one this query asks for. */
  public boolean matches(Forecast forecast) {
    return location.map(forecast.locationId()::equals).orElse(true)
        && pollutant.map(forecast.pollutant()::equals).orElse(true)
        && modelName.map(forecast.modelName()::equals).orElse(true)
        && modelVersion.map(forecast.modelVersion()::equals).orElse(true)
        && !forecast.targetTime().isBefore(from)
        && forecast.targetTime().isBefore(to);
  }
}
