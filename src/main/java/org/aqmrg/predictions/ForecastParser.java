package org.aqmrg.predictions;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.SeedBucket;

/**
 * Reads the items of a {@code POST /api/v1/predictions} body into forecasts, refusing each bad item
 * by its index (from 0, as the array counts) and the property it is about. Times are RFC 3339 with
 * an offset, kept to the microsecond (PostgreSQL's precision). A value must be plausible for its
 * pollutant (the ranges of {@link Field}; an AQI from 0 to 500); an interval has both ends, with
 * {@code lower <= value <= upper}; its level lies strictly between 0 and 1. A target time older
 * than the 365 days the predictions bucket keeps, or an issue time in the future, is refused.
 */
public final class ForecastParser {
  /** The most forecasts one request may hold. */
  public static final int MAX_BATCH = 50_000;

  /** The pollutant that is not a field: the US EPA AQI. */
  public static final String AQI = "aqi";

  /** Clocks of the pipeline and the platform may differ by this much. */
  private static final Duration SKEW = Duration.ofMinutes(5);

  private static final int MAX_NAME = 100;

  private static final String POLLUTANTS =
      String.join(", ", java.util.Arrays.stream(Field.values()).map(Field::key).toList()) + ", aqi";

  private static final Set<String> PROPERTIES =
      Set.of(
          "location_id",
          "pollutant",
          "target_time",
          "value",
          "lower",
          "upper",
          "interval_level",
          "model_name",
          "model_version",
          "issued_at");

  /** An item refused: its index in the array, the property at fault (or null), and why. */
  public record Refusal(int index, String field, String reason) {}

  /** A forecast with its index in the body. */
  public record Item(int index, Forecast forecast) {}

  /** What a body holds: the forecasts that passed and the items refused, both by index. */
  public record Parsed(List<Item> items, List<Refusal> refused) {}

  /** Whether {@code key} names a pollutant a forecast may be for. */
  public static boolean knownPollutant(String key) {
    return AQI.equals(key) || Field.of(key).isPresent();
  }

  /** The items of {@code array} at {@code now}; the caller checked that it is an array. */
  public Parsed parse(JsonNode array, Instant now) {
    var items = new ArrayList<Item>();
    var refused = new ArrayList<Refusal>();
    for (int i = 0; i < array.size(); i++) {
      try {
        items.add(new Item(i, forecast(array.get(i), now)));
      } catch (Refused e) {
        refused.add(new Refusal(i, e.field, e.getMessage()));
      }
    }
    return new Parsed(items, refused);
  }

  private static final class Refused extends RuntimeException {
    final String field;

    Refused(String field, String reason) {
      super(reason, null, false, false);
      this.field = field;
    }
  }

  private static Forecast forecast(JsonNode item, Instant now) {
    if (item == null || !item.isObject()) {
      throw new Refused(null, "an item must be a forecast object");
    }
    for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!PROPERTIES.contains(name)) {
        throw new Refused(
            name, "unknown property '" + name + "'; the properties are " + PROPERTIES);
      }
    }
    UUID location = location(item);
    String pollutant = text(item, "pollutant", 50);
    if (!knownPollutant(pollutant)) {
      throw new Refused(
          "pollutant", "unknown pollutant '" + pollutant + "': use one of " + POLLUTANTS);
    }
    Instant target = time(item, "target_time");
    Instant issued = time(item, "issued_at");
    if (target.isBefore(now.minus(SeedBucket.PREDICTIONS.retention().orElseThrow()))) {
      throw new Refused("target_time", "target_time is older than the 365 days forecasts are kept");
    }
    if (issued.isAfter(now.plus(SKEW))) {
      throw new Refused("issued_at", "issued_at " + issued + " is in the future");
    }
    double value = number(item, "value");
    checkPlausible(pollutant, value);
    Double lower = optionalNumber(item, "lower");
    Double upper = optionalNumber(item, "upper");
    Double level = optionalNumber(item, "interval_level");
    checkInterval(value, lower, upper, level);
    return new Forecast(
        location,
        pollutant,
        target,
        value,
        lower,
        upper,
        level,
        text(item, "model_name", MAX_NAME),
        version(item),
        issued);
  }

  private static UUID location(JsonNode item) {
    String text = text(item, "location_id", 36);
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new Refused("location_id", "location_id must be a location's UUID, got '" + text + "'");
    }
  }

  private static void checkPlausible(String pollutant, double value) {
    if (AQI.equals(pollutant)) {
      if (value < 0 || value > 500) {
        throw new Refused("value", "an AQI lies from 0 to 500, got " + value);
      }
      return;
    }
    Field field = Field.known(pollutant);
    if (!field.plausible(value)) {
      throw new Refused(
          "value",
          "%s lies from %s to %s %s, got %s"
              .formatted(pollutant, field.min(), field.max(), field.unit(), value));
    }
  }

  private static void checkInterval(double value, Double lower, Double upper, Double level) {
    if ((lower == null) != (upper == null)) {
      throw new Refused(
          lower == null ? "lower" : "upper", "give lower and upper together, or neither");
    }
    if (lower != null && lower > upper) {
      throw new Refused("lower", "lower " + lower + " is above upper " + upper);
    }
    if (lower != null && (value < lower || value > upper)) {
      throw new Refused(
          "value", "value " + value + " lies outside its interval [" + lower + ", " + upper + "]");
    }
    if (level != null && lower == null) {
      throw new Refused("interval_level", "interval_level needs lower and upper");
    }
    if (level != null && (level <= 0 || level >= 1)) {
      throw new Refused(
          "interval_level", "interval_level lies between 0 and 1 (0.9 for 90 %), got " + level);
    }
  }

  /** A model version, which InfluxDB keeps as a tag value: one cannot end with a backslash. */
  private static String version(JsonNode item) {
    String version = text(item, "model_version", MAX_NAME);
    if (version.endsWith("\\")) {
      throw new Refused("model_version", "model_version may not end with a backslash");
    }
    return version;
  }

  private static String text(JsonNode item, String name, int max) {
    JsonNode node = item.get(name);
    if (node == null || node.isNull()) {
      throw new Refused(name, name + " is required");
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new Refused(name, name + " must be a non-empty string");
    }
    String text = node.asText();
    if (text.length() > max) {
      throw new Refused(name, name + " is longer than " + max + " characters");
    }
    if (text.chars().anyMatch(Character::isISOControl)) {
      throw new Refused(name, name + " holds a control character");
    }
    return text;
  }

  private static Instant time(JsonNode item, String name) {
    String text = text(item, name, 64);
    try {
      return OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);
    } catch (DateTimeParseException e) {
      throw new Refused(
          name,
          name + " must be an RFC 3339 time such as 2026-12-04T07:00:00Z, got '" + text + "'");
    }
  }

  private static double number(JsonNode item, String name) {
    JsonNode node = item.get(name);
    if (node == null || node.isNull()) {
      throw new Refused(name, name + " is required");
    }
    if (!node.isNumber() || !Double.isFinite(node.asDouble())) {
      throw new Refused(name, name + " must be a finite number");
    }
    return node.asDouble();
  }

  private static Double optionalNumber(JsonNode item, String name) {
    JsonNode node = item.get(name);
    return node == null || node.isNull() ? null : number(item, name);
  }
}
