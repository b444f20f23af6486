package org.aqmrg.error;

import java.util.Map;

/** What the request names does not exist: {@code what} with this {@code id}. */
public final class NotFoundException extends PlatformException {
  public NotFoundException(String message, Map<String, ?> details) {
    super(message, details, null);
  }

  /** No {@code what} (e.g. "sensor") with this id; the details name it as {@code what_id}. */
  public static NotFoundException of(String what, String id) {
    return new NotFoundException("no " + what + " with id '" + id + "'", Map.of(what + "_id", id));
  }
}
