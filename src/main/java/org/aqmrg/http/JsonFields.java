package org.aqmrg.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import java.util.function.BiFunction;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.registry.SensorStatus;

/**
 * Fields of a JSON body read as {@link JsonNode}, so that a missing field (Java null) and a field
 * set to {@code null} ({@code NullNode}) differ, as a {@code PATCH} needs. Each converter answers
 * null for both, and a 400 naming the field when its JSON type is wrong.
 */
final class JsonFields {
  private JsonFields() {}

  /**
   * A PATCH field: {@code stored} when the body leaves it out, else the body's value (null too).
   */
  static <T> T patched(
      JsonNode node, String field, T stored, BiFunction<JsonNode, String, T> converter) {
    return node == null ? stored : converter.apply(node, field);
  }

  static String text(JsonNode node, String field) {
    if (absent(node)) {
      return null;
    }
    if (!node.isTextual()) {
      throw wrongType(node, field, "a string");
    }
    return node.textValue();
  }

  static Double number(JsonNode node, String field) {
    if (absent(node)) {
      return null;
    }
    if (!node.isNumber()) {
      throw wrongType(node, field, "a number");
    }
    return node.doubleValue();
  }

  static UUID uuid(JsonNode node, String field) {
    String text = text(node, field);
    if (text == null) {
      return null;
    }
    try {
      if (text.length() == 36) {
        return UUID.fromString(text);
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw InvalidInputException.field(
        field, "field '" + field + "' must be a UUID, got '" + text + "'");
  }

  static ObjectNode object(JsonNode node, String field) {
    if (absent(node)) {
      return null;
    }
    if (!node.isObject()) {
      throw wrongType(node, field, "a JSON object (or null)");
    }
    return (ObjectNode) node;
  }

  static SensorStatus status(JsonNode node, String field) {
    String text = text(node, field);
    if (text == null) {
      return null;
    }
    return SensorStatus.parse(text)
        .orElseThrow(
            () ->
                InvalidInputException.field(
                    field, "unknown status '" + text + "': use one of " + SensorStatus.allowed()));
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull();
  }

  private static InvalidInputException wrongType(JsonNode node, String field, String wanted) {
    return InvalidInputException.field(
        field, "field '%s' must be %s, got %s".formatted(field, wanted, kind(node)));
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "an array";
      case BOOLEAN -> "a boolean";
      case NUMBER -> "a number";
      case STRING -> "a string";
      case OBJECT -> "an object";
      default -> "a " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
