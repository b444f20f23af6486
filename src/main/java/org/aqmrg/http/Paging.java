package org.aqmrg.http;

import io.javalin.http.Context;
import java.util.Map;

/** {@code limit} and {@code offset} query parameters, checked against their bounds. */
record Paging(int limit, int offset) {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1_000;

  static Paging of(Context ctx) {
    return new Paging(
        number(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT),
        number(ctx, "offset", 0, 0, Integer.MAX_VALUE));
  }

  /**
   * A whole-number query parameter from {@code min} to {@code max}; {@code fallback} when absent.
   */
  static int number(Context ctx, String name, int fallback, int min, int max) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isBlank()) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below with the allowed range
    }
    throw new ApiException(
        400,
        "invalid",
        "query parameter '%s' must be a whole number from %d to %d, got '%s'"
            .formatted(name, min, max, raw),
        Map.of("parameter", name, "min", min, "max", max));
  }
}
