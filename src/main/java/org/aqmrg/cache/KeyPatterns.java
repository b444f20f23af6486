package org.aqmrg.cache;

import java.util.List;

/**
 * The key patterns the platform writes, those of {@code databases/redis/schemas/README.md}: what a
 * backup takes from a Redis it may share with others, and what {@code stats} counts.
 */
public final class KeyPatterns {
  private KeyPatterns() {}

  public static final List<String> ALL =
      List.of(
          "session:*",
          "user_sessions:*",
          "rate_limit:*",
          "login_failures:*",
          "api_token:*",
          "sensor:*",
          "alert:*",
          "prediction:*");
}
