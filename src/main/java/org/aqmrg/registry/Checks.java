package org.aqmrg.registry;

import org.aqmrg.error.InvalidInputException;

/** The checks every registry field shares; each failure is a 400 naming the field. */
final class Checks {
  private Checks() {}

  /** A required text: trimmed, not blank, at most {@code max} characters. */
  static String required(String value, String field, int max) {
    String text = optional(value, field, max);
    if (text == null) {
      throw InvalidInputException.field(
          field, "field '" + field + "' is required and must not be blank");
    }
    return text;
  }

  /** An optional text: trimmed, at most {@code max} characters; null when absent. */
  static String optional(String value, String field, int max) {
    if (value == null) {
      return null;
    }
    String text = value.strip();
    if (text.isEmpty()) {
      throw InvalidInputException.field(
          field, "field '" + field + "' must not be blank; send null to leave it empty");
    }
    if (text.length() > max) {
      throw InvalidInputException.field(
          field,
          "field '%s' has at most %d characters, got %d".formatted(field, max, text.length()));
    }
    return text;
  }

  /** A finite number from {@code -limit} to {@code limit}, in decimal degrees. */
  static double degrees(Double value, String field, int limit) {
    if (value == null) {
      throw InvalidInputException.field(field, "field '" + field + "' is required");
    }
    if (!Double.isFinite(value) || value < -limit || value > limit) {
      throw InvalidInputException.field(
          field,
          "field '%s' must be a number from %d to %d (decimal degrees), got %s"
              .formatted(field, -limit, limit, value));
    }
    return value;
  }
}
