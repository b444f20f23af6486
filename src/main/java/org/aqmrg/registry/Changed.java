package org.aqmrg.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A row before and after a change, for the answer and the audit trail. */
public record Changed<T>(T before, T after) {
  private static final Set<String> BOOKKEEPING = Set.of("created_at", "updated_at");

  /** The fields of a row as the API names them, without its bookkeeping times: for the audit. */
  public static Map<String, Object> fields(ObjectMapper json, Object row) {
    JsonNode tree = json.valueToTree(row);
    var fields = new LinkedHashMap<String, Object>();
    for (var field : tree.properties()) {
      if (!BOOKKEEPING.contains(field.getKey())) {
        fields.put(field.getKey(), field.getValue());
      }
    }
    return fields;
  }

  /**
   * What changed, field by field as the API names them: {@code {"status": {"from": "active", "to":
   * "retired"}}}; empty when nothing did.
   */
  public Map<String, Object> differences(ObjectMapper json) {
    JsonNode from = json.valueToTree(before);
    JsonNode to = json.valueToTree(after);
    var differences = new LinkedHashMap<String, Object>();
    to.fieldNames()
        .forEachRemaining(
            field -> {
              if (!BOOKKEEPING.contains(field) && !to.get(field).equals(from.get(field))) {
                var change = new LinkedHashMap<String, Object>();
                change.put("from", from.get(field));
                change.put("to", to.get(field));
                differences.put(field, change);
              }
            });
    return differences;
  }
}
