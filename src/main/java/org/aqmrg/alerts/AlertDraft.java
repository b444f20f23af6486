package org.aqmrg.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.aqmrg.error.InvalidInputException;

/**
 * An alert rule as a client gives it, read from the JSON of a create or the stored rule with a
 * PATCH laid over it, each field of the type it must have and the defaults filled in: a threshold
 * alert compares the latest reading with no durations and no deadband, and is enabled. Whether the
 * values make sense together is {@link AlertValidator}'s question.
 *
 * @param forS seconds the condition must hold before the alert fires
 * @param clearForS seconds the clear condition must hold before the alert clears
 * @param offlineAfterS for the offline kind, the seconds of silence that raise it; else null
 */
public record AlertDraft(
    String name,
    UUID locationId,
    Alert.Kind kind,
    String pollutant,
    Alert.Measure measure,
    Double threshold,
    long forS,
    double clearDeadband,
    long clearForS,
    String sensorId,
    Long offlineAfterS,
    boolean enabled) {

  /** The fields of a rule, in the order of the API's JSON; the channels are read apart. */
  static final List<String> FIELDS =
      List.of(
          "name",
          "location_id",
          "kind",
          "pollutant",
          "measure",
          "threshold",
          "for_s",
          "clear_deadband",
          "clear_for_s",
          "sensor_id",
          "offline_after_s",
          "enabled");

  private static final Pattern UUID_TEXT =
      Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");

  /** The JSON field of the channels, beside the rule's {@link #FIELDS}. */
  public static final String CHANNELS = "notification_channels";

  /**
   * The rule in {@code body} (its {@code notification_channels} left out); a 400 naming the field
   * for an unknown field or a value of the wrong type.
   */
  public static AlertDraft parse(ObjectNode body) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FIELDS.contains(name) && !name.equals(CHANNELS)) {
        throw InvalidInputException.field(
            name,
            "unknown field '"
                + name
                + "'; allowed: "
                + String.join(", ", FIELDS)
                + ", "
                + CHANNELS);
      }
    }
    String kind = text(body, "kind");
    String measure = text(body, "measure");
    return new AlertDraft(
        text(body, "name"),
        uuid(body, "location_id"),
        kind == null
            ? Alert.Kind.THRESHOLD
            : Alert.Kind.of(kind).orElseThrow(() -> unknown("kind", kind, "threshold, offline")),
        text(body, "pollutant"),
        measure == null
            ? Alert.Measure.LATEST
            : Alert.Measure.of(measure)
                .orElseThrow(() -> unknown("measure", measure, "latest, hourly_mean, nowcast_aqi")),
        number(body, "threshold"),
        whole(body, "for_s", 0L),
        orZero(number(body, "clear_deadband")),
        whole(body, "clear_for_s", 0L),
        text(body, "sensor_id"),
        whole(body, "offline_after_s", null),
        bool(body, "enabled", true));
  }

  /** The stored rule as the JSON fields of a create, for a PATCH to be laid over. */
  public static ObjectNode fields(Alert alert, ObjectMapper json) {
    ObjectNode node = json.createObjectNode();
    node.put("name", alert.name());
    node.put("location_id", alert.locationId().toString());
    node.put("kind", alert.kind().key());
    node.put("pollutant", alert.pollutant());
    node.put("measure", alert.measure().key());
    node.put("threshold", alert.threshold());
    node.put("for_s", alert.holdFor().toSeconds());
    node.put("clear_deadband", alert.clearDeadband());
    node.put("clear_for_s", alert.clearFor().toSeconds());
    node.put("sensor_id", alert.sensorId());
    if (alert.offlineAfter() == null) {
      node.putNull("offline_after_s");
    } else {
      node.put("offline_after_s", alert.offlineAfter().toSeconds());
    }
    node.put("enabled", alert.enabled());
    return node;
  }

  /** {@code stored} with the fields of {@code patch} (its channels left out) in their place. */
  public static ObjectNode patched(ObjectNode stored, ObjectNode patch) {
    ObjectNode merged = stored.deepCopy();
    patch.properties().forEach(field -> merged.set(field.getKey(), field.getValue()));
    merged.remove(CHANNELS);
    return merged;
  }

  private static JsonNode present(ObjectNode body, String field) {
    JsonNode node = body.get(field);
    return node == null || node.isNull() ? null : node;
  }

  private static String text(ObjectNode body, String field) {
    JsonNode node = present(body, field);
    if (node == null) {
      return null;
    }
    if (!node.isTextual()) {
      throw wrongType(field, "a string");
    }
    return node.textValue();
  }

  private static Double number(ObjectNode body, String field) {
    JsonNode node = present(body, field);
    if (node == null) {
      return null;
    }
    if (!node.isNumber() || !Double.isFinite(node.doubleValue())) {
      throw wrongType(field, "a number");
    }
    return node.doubleValue();
  }

  private static Long whole(ObjectNode body, String field, Long fallback) {
    JsonNode node = present(body, field);
    if (node == null) {
      return fallback;
    }
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw wrongType(field, "a whole number of seconds");
    }
    return node.longValue();
  }

  private static boolean bool(ObjectNode body, String field, boolean fallback) {
    JsonNode node = present(body, field);
    if (node == null) {
      return fallback;
    }
    if (!node.isBoolean()) {
      throw wrongType(field, "true or false");
    }
    return node.booleanValue();
  }

  private static UUID uuid(ObjectNode body, String field) {
    String text = text(body, field);
    if (text != null && !UUID_TEXT.matcher(text).matches()) {
      throw InvalidInputException.field(
          field, "field '" + field + "' must be a UUID, got '" + text + "'");
    }
    return text == null ? null : UUID.fromString(text);
  }

  private static double orZero(Double value) {
    return value == null ? 0 : value;
  }

  private static InvalidInputException wrongType(String field, String wanted) {
    return InvalidInputException.field(field, "field '" + field + "' must be " + wanted);
  }

  private static InvalidInputException unknown(String field, String value, String allowed) {
    return InvalidInputException.field(
        field,
        "unknown " + field + " '" + value + "': use one of " + allowed,
        Map.of("allowed", List.of(allowed.split(", "))));
  }
}
