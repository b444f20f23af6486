package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.fge.jsonschema.core.exceptions.ProcessingException;
import com.github.fge.jsonschema.core.report.LogLevel;
import com.github.fge.jsonschema.main.JsonSchemaFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Every {@code example} in {@code http/openapi.yaml} is valid under the schema it illustrates: the
 * schema beside it (a parameter's or a media type's) or the schema it is part of. OpenAPI 3.0's
 * schemas are JSON Schema draft 4 but for {@code nullable}, which is turned into a {@code null}
 * type here; references resolve within the document.
 */
class OpenApiExamplesTest {
  private static final Set<String> SCHEMA_KEYWORDS =
      Set.of("type", "$ref", "allOf", "oneOf", "anyOf", "properties", "enum");

  /** An example and the JSON pointer of the schema it must satisfy. */
  private record Example(String where, JsonNode value, String schema) {}

  @Test
  void every_example_is_valid_under_its_schema() throws ProcessingException {
    JsonNode document = OpenApi.tree().deepCopy();
    var problems = new ArrayList<String>();
    nullableAsNullType(document, "", problems);
    var examples = new ArrayList<Example>();
    collect(document, "", examples);
    var factory = JsonSchemaFactory.byDefault();

    for (Example example : examples) {
      var report = factory.getJsonSchema(document, example.schema()).validate(example.value());
      StreamSupport.stream(report.spliterator(), false)
          .filter(m -> m.getLogLevel().compareTo(LogLevel.ERROR) >= 0)
          .forEach(m -> problems.add(example.where() + ": " + m.getMessage()));
    }

    assertThat(examples).hasSizeGreaterThan(20);
    assertThat(problems).as("examples that their schemas refuse").isEmpty();
  }

  /** {@code nullable: true} beside {@code type: T} becomes {@code type: [T, "null"]}. */
  private static void nullableAsNullType(JsonNode node, String where, List<String> problems) {
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
      object
          .properties()
          .forEach(e -> nullableAsNullType(e.getValue(), where + "/" + e.getKey(), problems));
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        nullableAsNullType(array.get(i), where + "/" + i, problems);
      }
    }
  }

  private static void collect(JsonNode node, String pointer, List<Example> examples) {
    if (node instanceof ObjectNode object) {
      JsonNode example = object.get("example");
      if (example != null && object.has("schema")) {
        examples.add(new Example(pointer, example, pointer + "/schema"));
      } else if (example != null && SCHEMA_KEYWORDS.stream().anyMatch(object::has)) {
        examples.add(new Example(pointer, example, pointer));
      }
      object
          .properties()
          .forEach(
              e -> {
                // An example is a value, not a schema: nothing inside it is one.
                if (!e.getKey().equals("example")) {
                  collect(e.getValue(), pointer + "/" + escape(e.getKey()), examples);
                }
              });
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        collect(array.get(i), pointer + "/" + i, examples);
      }
    }
  }

  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
