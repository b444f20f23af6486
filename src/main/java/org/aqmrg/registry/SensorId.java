package org.aqmrg.registry;

import org.aqmrg.error.InvalidInputException;

/**
 * The one rule for a sensor id, used by the registry, ingest and API tokens: 1 to {@value
 * #MAX_LENGTH} letters, digits and {@code . _ - : ~}, starting with a letter or digit, so it needs
 * no escaping in line protocol, InfluxQL, URLs or Redis keys.
 */
public final class SensorId {
  /** Longest id, as in {@code sensors.id}. */
  public static final int MAX_LENGTH = 100;

  /** The rule in words, for refusals. */
  public static final String RULE =
      "1 to " + MAX_LENGTH + " letters, digits and . _ - : ~, starting with a letter or digit";

  private SensorId() {}

  /**
   * True when {@code id} follows the rule: a loop rather than a regular expression, since ingest
   * asks for every point (a matcher's allocation was among the top costs of validation).
   */
  public static boolean isValid(String id) {
    int length = id == null ? 0 : id.length();
    if (length < 1 || length > MAX_LENGTH || !letterOrDigit(id.charAt(0))) {
      return false;
    }
    for (int i = 1; i < length; i++) {
      char c = id.charAt(i);
      if (!letterOrDigit(c) && c != '.' && c != '_' && c != '-' && c != ':' && c != '~') {
        return false;
      }
    }
    return true;
  }

  /** {@code id} when it follows the rule; else a refusal naming {@code field}. */
  public static String check(String id, String field) {
    if (!isValid(id)) {
      throw InvalidInputException.field(
          field, "'" + id + "' is not a sensor id: a sensor id has " + RULE);
    }
    return id;
  }

  private static boolean letterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
