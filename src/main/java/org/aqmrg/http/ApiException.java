package org.aqmrg.http;

import java.util.Map;

/**
 * A request the web layer refuses for reasons of HTTP itself (credentials, rate limits, bodies,
 * parameters of a route), with the status, a stable machine-readable code, a message for people and
 * the offending detail (field, line number, allowed values). Refusals of the domain are {@link
 * org.aqmrg.error.PlatformException}s; {@link ErrorMapper} answers both.
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
