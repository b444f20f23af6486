package org.aqmrg.identity;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * What a signed-in user may do; stored lowercase in {@code users.role}. See {@code http.Access} for
 * the routes each role reaches.
 */
public enum Role {
  /** Reads locations, sensors, latest values and hourly or coarser history. */
  PUBLIC,
  /** Also reads raw data, exports CSV and manages their own alerts. */
  RESEARCHER,
  /** Manages everything: users, tokens, sensors, locations, alerts, the audit trail. */
  ADMIN;

  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String value) {
    for (Role role : values()) {
      if (role.value().equals(value)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }

  /** True when this role includes everything {@code other} may do. */
  public boolean atLeast(Role other) {
    return ordinal() >= other.ordinal();
  }
}
