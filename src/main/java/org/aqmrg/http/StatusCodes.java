package org.aqmrg.http;

import java.util.Locale;
import org.eclipse.jetty.http.HttpStatus;

/** The API's error code for an HTTP status, e.g. {@code uri_too_long} for 414. */
final class StatusCodes {
  private StatusCodes() {}

  /**
   * The code of {@code status}: the API's own names for the common ones, otherwise the status's
   * reason phrase in snake_case ({@code 505} gives {@code http_version_not_supported}).
   */
  static String of(int status) {
    return switch (status) {
      case 400 -> "bad_request";
      case 401 -> "unauthorized";
      case 403 -> "forbidden";
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "request_too_large";
      case 429 -> "too_many_requests";
      case 500 -> "internal";
      case 503 -> "unavailable";
      default -> fromReason(status);
    };
  }

  private static String fromReason(int status) {
    String reason = HttpStatus.getMessage(status);
    if (reason == null || reason.equals(String.valueOf(status))) {
      return status >= 500 ? "internal" : "bad_request";
    }
    return reason.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
  }
}
