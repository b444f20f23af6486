package org.aqmrg.error;

import java.util.Map;

/** The caller is known but may not do this. */
public final class ForbiddenException extends PlatformException {
  public ForbiddenException(String message, Map<String, ?> details) {
    super(message, details, null);
  }
}
