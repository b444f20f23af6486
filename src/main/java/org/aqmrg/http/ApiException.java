package org.aqmrg.http;

import java.util.Map;

/**
 * A request the API refuses, with the status, a stable machine-readable code, a message for people
 * and the offending detail (field, line number, allowed values).
 */
public class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final Map<String, Object> details;

  public ApiException(int status, String code, String message, Map<String, Object> details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = Map.copyOf(details);
  }

  public ApiException(int status, String code, String message) {
    this(status, code, message, Map.of());
  }

  /** 400: an input is wrong; {@code field} names it. */
  public static ApiException invalid(String field, String message) {
    return new ApiException(400, "invalid", message, Map.of("field", field));
  }

  /** 404: {@code what} (e.g. "user") with this id does not exist. */
  public static ApiException notFound(String what, String id) {
    return new ApiException(
        404, "not_found", "no " + what + " with id '" + id + "'", Map.of(what + "_id", id));
  }

  /** 409: the request conflicts with what is stored; {@code field} names the clash. */
  public static ApiException conflict(String field, String message) {
    return new ApiException(409, "conflict", message, Map.of("field", field));
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Map<String, Object> details() {
    return details;
  }
}
