package org.aqmrg.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An input is wrong. The details name where: {@code field} for a property of a JSON body or an
 * option of a command, {@code parameter} for a query parameter; other details may add what is
 * allowed.
 */
public final class InvalidInputException extends PlatformException {
  public InvalidInputException(String message, Map<String, ?> details) {
    super(message, details, null);
  }

  /** A property of a body (or an option of a command) named {@code field}. */
  public static InvalidInputException field(String field, String message) {
    return new InvalidInputException(message, Map.of("field", field));
  }

  /** A property of a body, with further details. */
  public static InvalidInputException field(String field, String message, Map<String, ?> more) {
    var details = new LinkedHashMap<String, Object>();
    details.put("field", field);
    details.putAll(more);
    return new InvalidInputException(message, details);
  }

  /** A query parameter named {@code parameter}. */
  public static InvalidInputException parameter(String parameter, String message) {
    return new InvalidInputException(message, Map.of("parameter", parameter));
  }
}
