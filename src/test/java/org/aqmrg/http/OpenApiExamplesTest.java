package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every {@code example} in {@code http/openapi.yaml} is valid under the schema it illustrates: the
 * schema beside it (a parameter's or a media type's) or the schema it is part of.
 */
class OpenApiExamplesTest {
  private static final Set<String> SCHEMA_KEYWORDS =
      Set.of("type", "$ref", "allOf", "oneOf", "anyOf", "properties", "enum");

  /** An example and the JSON pointer of the schema it must satisfy. */
  private record Example(String where, JsonNode value, String schema) {}

  @Test
  void every_example_is_valid_under_its_schema() {
    var schemas = new OpenApiSchemas();
    var examples = new ArrayList<Example>();
    collect(schemas.document(), "", examples);
    var problems = new ArrayList<>(schemas.problems());

    for (Example example : examples) {
      schemas.refusals(example.value(), example.schema()).stream()
          .map(refusal -> example.where() + ": " + refusal)
          .forEach(problems::add);
    }

    assertThat(examples).hasSizeGreaterThan(20);
    assertThat(problems).as("examples that their schemas refuse").isEmpty();
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
                  collect(
                      e.getValue(), pointer + "/" + OpenApiSchemas.escape(e.getKey()), examples);
                }
              });
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        collect(array.get(i), pointer + "/" + i, examples);
      }
    }
  }
}
