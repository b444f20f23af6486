package org.aqmrg.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A refusal or failure that the platform explains to its caller: a message for people and the
 * details a program needs (the field, the id, the store). Every subclass maps to one HTTP status
 * and one error code.
 */
public abstract sealed class PlatformException extends RuntimeException
    permits NotFoundException,
        InvalidInputException,
        ConflictException,
        ForbiddenException,
        StoreUnavailableException {
  private final Map<String, Object> details;

  PlatformException(String message, Map<String, ?> details, Throwable cause) {
    super(message, cause);
    this.details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** What the caller needs besides the message, e.g. {@code {"field": "email"}}; never null. */
  public Map<String, Object> details() {
    return details;
  }
}
