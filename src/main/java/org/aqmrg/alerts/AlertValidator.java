package org.aqmrg.alerts;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.readings.Field;

/**
 * Whether an {@link AlertDraft} makes sense as a whole: a known location, a known pollutant whose
 * measure exists, a threshold a working sensor can reach, durations of at most a week and a
 * deadband that keeps the clear level in range; for the offline kind a silence of 1 minute to 30
 * days and a sensor at the location. Each refusal is a 400 naming the field.
 */
public final class AlertValidator {
  /** Longest {@code for_s} and {@code clear_for_s}: a week, in seconds. */
  public static final long MAX_DURATION_S = Duration.ofDays(7).toSeconds();

  public static final long MIN_OFFLINE_AFTER_S = 60;
  public static final long MAX_OFFLINE_AFTER_S = Duration.ofDays(30).toSeconds();

  /** The AQI scale's range, for the NowCast AQI measure. */
  public static final double MAX_AQI = 500;

  public static final int MAX_NAME_LENGTH = 200;

  /** What the validator asks of the registry. */
  public interface Places {
    boolean locationExists(UUID locationId);

    /** The location the sensor is placed at; empty for an unknown or undeployed sensor. */
    Optional<UUID> sensorLocation(String sensorId);
  }

  private AlertValidator() {}

  /** The draft, checked, its name trimmed and an offline alert's pollutant set to {@code *}. */
  public static AlertDraft check(AlertDraft draft, Places places) {
    String name = draft.name() == null ? null : draft.name().strip();
    if (name != null && (name.isEmpty() || name.length() > MAX_NAME_LENGTH)) {
      throw refuse("name", "field 'name' must have 1 to " + MAX_NAME_LENGTH + " characters");
    }
    if (draft.locationId() == null) {
      throw refuse("location_id", "field 'location_id' is required: the location to watch");
    }
    if (!places.locationExists(draft.locationId())) {
      throw refuse("location_id", "no location with id '" + draft.locationId() + "'");
    }
    boolean offline = draft.kind() == Alert.Kind.OFFLINE;
    return offline ? offline(draft, name, places) : threshold(draft, name);
  }

  private static AlertDraft threshold(AlertDraft draft, String name) {
    String pollutant = draft.pollutant();
    if (pollutant == null) {
      throw refuse("pollutant", "field 'pollutant' is required: one of " + pollutants());
    }
    boolean aqi = pollutant.equals(Alert.AQI);
    Field field = Field.of(pollutant).orElse(null);
    if (!aqi && field == null) {
      throw refuse(
          "pollutant", "unknown pollutant '" + pollutant + "': use one of " + pollutants());
    }
    var measure = draft.measure();
    if (measure == Alert.Measure.NOWCAST_AQI
        && !aqi
        && field != Field.PM25
        && field != Field.PM10) {
      throw refuse(
          "measure",
          "measure 'nowcast_aqi' exists for pm25, pm10 and aqi only, not for " + pollutant);
    }
    if (aqi && measure != Alert.Measure.NOWCAST_AQI) {
      throw refuse("measure", "pollutant 'aqi' is compared by measure 'nowcast_aqi' only");
    }
    boolean index = measure == Alert.Measure.NOWCAST_AQI;
    double min = index ? 0 : field.min();
    double max = index ? MAX_AQI : field.max();
    String unit = index ? "AQI" : field.unit();
    Double threshold = draft.threshold();
    if (threshold == null) {
      throw refuse("threshold", "field 'threshold' is required");
    }
    if (threshold < min || threshold > max) {
      throw refuse(
          "threshold",
          "threshold %s is outside what %s can be (%s to %s %s)"
              .formatted(number(threshold), pollutant, number(min), number(max), unit));
    }
    duration("for_s", draft.forS(), 0, MAX_DURATION_S);
    duration("clear_for_s", draft.clearForS(), 0, MAX_DURATION_S);
    // The clear level, threshold - deadband, must stay within what the pollutant can be.
    double widest = threshold - min;
    if (draft.clearDeadband() < 0 || draft.clearDeadband() > widest) {
      throw refuse(
          "clear_deadband",
          "clear_deadband must be from 0 to %s (the threshold less the lowest %s), got %s"
              .formatted(number(widest), pollutant, number(draft.clearDeadband())));
    }
    if (draft.sensorId() != null) {
      throw refuse("sensor_id", "sensor_id is for offline alerts only");
    }
    if (draft.offlineAfterS() != null) {
      throw refuse("offline_after_s", "offline_after_s is for offline alerts (kind 'offline')");
    }
    return withName(draft, name, pollutant, threshold);
  }

  private static AlertDraft offline(AlertDraft draft, String name, Places places) {
    // What makes an alert offline first, so that a PATCH to the offline kind learns it first.
    if (draft.offlineAfterS() == null) {
      throw refuse(
          "offline_after_s",
          "field 'offline_after_s' is required for an offline alert: the seconds of silence");
    }
    duration("offline_after_s", draft.offlineAfterS(), MIN_OFFLINE_AFTER_S, MAX_OFFLINE_AFTER_S);
    String sensor = draft.sensorId();
    if (sensor != null
        && !places.sensorLocation(sensor).map(draft.locationId()::equals).orElse(false)) {
      throw refuse("sensor_id", "sensor '" + sensor + "' is not at location " + draft.locationId());
    }
    if (draft.pollutant() != null && !draft.pollutant().equals(Alert.ANY_POLLUTANT)) {
      throw refuse("pollutant", "an offline alert watches no pollutant: leave pollutant out");
    }
    if (draft.threshold() != null && draft.threshold() != 0) {
      throw refuse("threshold", "an offline alert has no threshold: leave threshold out");
    }
    if (draft.measure() != Alert.Measure.LATEST
        || draft.forS() != 0
        || draft.clearForS() != 0
        || draft.clearDeadband() != 0) {
      String field = draft.measure() != Alert.Measure.LATEST ? "measure" : "for_s";
      throw refuse(
          field,
          "an offline alert takes offline_after_s only; leave measure, for_s, clear_deadband"
              + " and clear_for_s out");
    }
    return withName(draft, name, Alert.ANY_POLLUTANT, 0.0);
  }

  private static AlertDraft withName(
      AlertDraft draft, String name, String pollutant, double threshold) {
    return new AlertDraft(
        name,
        draft.locationId(),
        draft.kind(),
        pollutant,
        draft.measure(),
        threshold,
        draft.forS(),
        draft.clearDeadband(),
        draft.clearForS(),
        draft.sensorId(),
        draft.offlineAfterS(),
        draft.enabled());
  }

  private static void duration(String field, long seconds, long min, long max) {
    if (seconds < min || seconds > max) {
      throw refuse(
          field,
          "%s must be a whole number of seconds from %d to %d, got %d"
              .formatted(field, min, max, seconds));
    }
  }

  private static String pollutants() {
    var keys = new StringBuilder();
    for (Field field : Field.values()) {
      keys.append(field.key()).append(", ");
    }
    return keys.append(Alert.AQI).toString();
  }

  private static String number(double value) {
    return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
  }

  private static InvalidInputException refuse(String field, String message) {
    return InvalidInputException.field(field, message);
  }
}
