package org.aqmrg.registry;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where a sensor is in its life; the values of {@code sensors_status_check} (migration V008). */
public enum SensorStatus {
  /** Reporting: ingest writes its readings. */
  ACTIVE,
  /** Registered by ingest ({@code AQMRG_UNKNOWN_SENSORS=pending}); ingest writes its readings. */
  PENDING,
  /** Temporarily off: ingest refuses its readings. */
  MAINTENANCE,
  /** Kept for its history: ingest refuses its readings; lists leave it out unless asked. */
  RETIRED;

  @JsonValue
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named {@code value} exactly (lower case), or empty. */
  public static Optional<SensorStatus> parse(String value) {
    return Arrays.stream(values()).filter(s -> s.value().equals(value)).findFirst();
  }

  /** The allowed values, for messages: {@code active, pending, maintenance, retired}. */
  public static String allowed() {
    return Arrays.stream(values()).map(SensorStatus::value).collect(Collectors.joining(", "));
  }
}
