package org.aqmrg.error;

import java.util.Map;

/** The request clashes with what is stored (a taken id, a row still referred to). */
public final class ConflictException extends PlatformException {
  public ConflictException(String message, Map<String, ?> details) {
    super(message, details, null);
  }

  /** The clash is on {@code field}. */
  public static ConflictException on(String field, String message) {
    return new ConflictException(message, Map.of("field", field));
  }
}
