package org.aqmrg.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.aqmrg.error.InvalidInputException;

/** Reads JSON request bodies strictly: malformed JSON and unknown fields are a 400. */
final class Json {
  /** Largest JSON body accepted by the API routes that take one, in bytes. */
  static final int MAX_BODY_BYTES = 64 * 1024;

  private Json() {}

  static <T> T read(Context ctx, ObjectMapper mapper, Class<T> type) {
    try (var read = ctx.appData(Bodies.KEY).read(ctx, MAX_BODY_BYTES, Json::tooLarge)) {
      return parse(read.bytes(), mapper, type);
    }
  }

  private static ApiException tooLarge(long size) {
    return new ApiException(
        413,
        "request_too_large",
        (size < 0
                ? "the JSON body has more than " + MAX_BODY_BYTES + " bytes"
                : "the JSON body has " + size + " bytes")
            + "; at most "
            + MAX_BODY_BYTES
            + " are accepted",
        Map.of("limit_bytes", MAX_BODY_BYTES));
  }

  private static <T> T parse(byte[] body, ObjectMapper mapper, Class<T> type) {
    if (body.length == 0) {
      throw new ApiException(400, "invalid_json", "the request needs a JSON body", Map.of());
    }
    try {
      T value = mapper.readValue(body, type);
      if (value == null) {
        throw new ApiException(400, "invalid_json", "the JSON body is null", Map.of());
      }
      return value;
    } catch (UnrecognizedPropertyException e) {
      throw InvalidInputException.field(
          e.getPropertyName(),
          "unknown field '"
              + e.getPropertyName()
              + "'; allowed: "
              + e.getKnownPropertyIds().stream()
                  .map(Object::toString)
                  .sorted()
                  .collect(Collectors.joining(", ")));
    } catch (MismatchedInputException e) {
      String field =
          e.getPath().stream()
              .map(
                  ref ->
                      ref.getFieldName() == null ? "[" + ref.getIndex() + "]" : ref.getFieldName())
              .collect(Collectors.joining("."));
      throw InvalidInputException.field(
          field.isEmpty() ? "body" : field,
          field.isEmpty()
              ? "the JSON body must be an object"
              : "field '" + field + "' has the wrong type");
    } catch (JsonProcessingException e) {
      var details = new LinkedHashMap<String, Object>();
      if (e.getLocation() != null) {
        details.put("line", e.getLocation().getLineNr());
        details.put("column", e.getLocation().getColumnNr());
      }
      throw new ApiException(
          400, "invalid_json", "the body is not valid JSON: " + e.getOriginalMessage(), details);
    } catch (java.io.IOException e) {
      throw new ApiException(400, "invalid_json", "the body could not be read", Map.of());
    }
  }

  /** Refuses a missing or blank required field with a 400 that names it. */
  static String required(String value, String field) {
    if (value == null || value.isBlank()) {
      throw InvalidInputException.field(field, "field '" + field + "' is required");
    }
    return value;
  }
}
