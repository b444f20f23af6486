package org.aqmrg.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jsonschema.core.exceptions.ProcessingException;
import com.github.fge.jsonschema.core.report.LogLevel;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * The schemas of {@code http/openapi.yaml} as a JSON Schema validator reads them: OpenAPI 3.0's
 * schemas are draft 4 but for {@code nullable}, which becomes a {@code null} type here, and
 * references resolve within the document.
 */
final class OpenApiSchemas {
  private final JsonNode document;
  private final List<String> problems = new ArrayList<>();
  private final JsonSchemaFactory factory = JsonSchemaFactory.byDefault();

  OpenApiSchemas() {
    document = OpenApi.tree().deepCopy();
    nullableAsNullType(document, "");
  }

  /** The document, its {@code nullable}s turned into null types. */
  JsonNode document() {
    return document;
  }

  /** What could not be turned into draft 4 (a {@code nullable} without a type). */
  List<String> problems() {
    return problems;
  }

  /** Why {@code value} is not valid under the schema at {@code pointer}; empty when it is. */
  List<String> refusals(JsonNode value, String pointer) {
    try {
      var report = factory.getJsonSchema(document, pointer).validate(value);
      return StreamSupport.stream(report.spliterator(), false)
          .filter(m -> m.getLogLevel().compareTo(LogLevel.ERROR) >= 0)
          .map(m -> m.getMessage() + " at " + m.asJson().path("instance").path("pointer"))
          .toList();
    } catch (ProcessingException e) {
      return List.of("the schema at " + pointer + " cannot be read: " + e.getMessage());
    }
  }

  /** A JSON pointer's step for {@code key}. */
  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private void nullableAsNullType(JsonNode node, String where) {
    if (node instanceof ObjectNode object) {
      if (object.path("nullable").asBoolean(false)) {
        if (object.path("type").isTextual()) {
          ArrayNode types = object.arrayNode().add(object.get("type").asText()).add("null");
          object.set("type", types);
        } else {
          problems.add(where + ": nullable without a type cannot be checked");
        }
        object.remove("nullable");
      }
      object.properties().forEach(e -> nullableAsNullType(e.getValue(), where + "/" + e.getKey()));
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        nullableAsNullType(array.get(i), where + "/" + i);
      }
    }
  }
}
