package org.aqmrg.identity;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/** What an API token may do. */
public enum Scope {
  /** Write readings, for every sensor or only for the token's listed sensors. */
  WRITE_READINGS("write:readings"),
  /** Write predictions (the forecasting pipeline). */
  WRITE_PREDICTIONS("write:predictions"),
  /** Read everything a researcher may read. */
  READ_ALL("read:all"),
  /** Read {@code GET /metrics} (a Prometheus server). */
  READ_METRICS("read:metrics");

  private final String value;

  Scope(String value) {
    this.value = value;
  }

  @JsonValue
  public String value() {
    return value;
  }

  public static Optional<Scope> parse(String value) {
    for (Scope scope : values()) {
      if (scope.value.equals(value)) {
        return Optional.of(scope);
      }
    }
    return Optional.empty();
  }
}
