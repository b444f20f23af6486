package org.aqmrg.alerts;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aqmrg.aqi.Pollutant;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.notify.WebhookTargets;
import org.aqmrg.readings.Field;

/**
 * Whether an alert makes sense as a whole: a location that exists, a pollutant the platform
 * measures with a threshold in its plausible range, a measure that pollutant has, durations within
 * a week, and channels that can be reached. Every refusal is a 400 naming the property.
 */
final class AlertChecks {
  static final int MAX_WEBHOOKS = 10;
  static final int MAX_EMAILS = 10;
  static final Duration MAX_DURATION = Duration.ofDays(7);
  static final Duration MIN_OFFLINE = Duration.ofMinutes(1);
  static final Duration MAX_OFFLINE = Duration.ofDays(30);
  static final int MAX_NAME = 200;
  private static final List<String> KEYS =
      java.util.Arrays.stream(Field.values()).map(Field::key).toList();

  /** The sensors at a location, empty when there is no such location. */
  @FunctionalInterface
  interface Sensors {
    Optional<List<String>> at(UUID locationId);
  }

  private final Sensors sensors;
  private final WebhookTargets targets;
  private final boolean mailConfigured;

  AlertChecks(Sensors sensors, WebhookTargets targets, boolean mailConfigured) {
    this.sensors = sensors;
    this.targets = targets;
    this.mailConfigured = mailConfigured;
  }

  void check(Alert alert) {
    if (alert.name() != null && alert.name().length() > MAX_NAME) {
      throw InvalidInputException.field("name", "name is longer than " + MAX_NAME + " characters");
    }
    if (alert.locationId() == null) {
      throw InvalidInputException.field("location_id", "location_id is required");
    }
    var at =
        sensors
            .at(alert.locationId())
            .orElseThrow(
                () ->
                    InvalidInputException.field(
                        "location_id", "there is no location " + alert.locationId()));
    if (alert.kind() == Alert.Kind.OFFLINE) {
      offline(alert, at);
    } else {
      threshold(alert);
    }
    channels(alert.channels());
  }

  private void offline(Alert alert, List<String> at) {
    var after = alert.offlineAfter();
    if (after == null || after.compareTo(MIN_OFFLINE) < 0 || after.compareTo(MAX_OFFLINE) > 0) {
      throw InvalidInputException.field(
          "offline_after_s",
          "an offline alert needs offline_after_s, from 60 seconds to 30 days (2592000)");
    }
    if (alert.sensorId() != null && !at.contains(alert.sensorId())) {
      throw InvalidInputException.field(
          "sensor_id", "sensor " + alert.sensorId() + " is not at location " + alert.locationId());
    }
  }

  private void threshold(Alert alert) {
    if (alert.offlineAfter() != null || alert.sensorId() != null) {
      String name = alert.offlineAfter() != null ? "offline_after_s" : "sensor_id";
      throw InvalidInputException.field(name, name + " is for alerts of kind offline only");
    }
    String pollutant = alert.pollutant();
    if (pollutant == null) {
      throw InvalidInputException.field("pollutant", "pollutant is required");
    }
    double min;
    double max;
    if (pollutant.equals(Alert.AQI)) {
      if (alert.measure() != Alert.Measure.NOWCAST_AQI) {
        throw InvalidInputException.field(
            "measure", "pollutant aqi is compared as measure nowcast_aqi");
      }
      min = 0;
      max = 500;
    } else {
      var field =
          Field.of(pollutant)
              .orElseThrow(
                  () ->
                      InvalidInputException.field(
                          "pollutant",
                          "unknown pollutant '" + pollutant + "'; use aqi or one of " + KEYS));
      if (alert.measure() == Alert.Measure.NOWCAST_AQI) {
        if (rated(field).isEmpty()) {
          throw InvalidInputException.field(
              "measure",
              pollutant + " has no AQI; nowcast_aqi is for aqi, pm25, pm10, o3, no2, co");
        }
        min = 0;
        max = 500;
      } else {
        min = field.min();
        max = field.max();
      }
    }
    if (alert.threshold() < min || alert.threshold() > max) {
      throw InvalidInputException.field(
          "threshold",
          "threshold must be from %s to %s for %s".formatted(plain(min), plain(max), pollutant));
    }
    duration("for_s", alert.holdFor());
    duration("clear_for_s", alert.clearFor());
    if (alert.clearDeadband() < 0 || alert.clearDeadband() > alert.threshold()) {
      throw InvalidInputException.field(
          "clear_deadband", "clear_deadband must be from 0 to the threshold");
    }
  }

  static Optional<Pollutant> rated(Field field) {
    for (Pollutant p : Pollutant.values()) {
      if (p.field().equals(Optional.of(field))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static void duration(String name, Duration duration) {
    if (duration.isNegative() || duration.compareTo(MAX_DURATION) > 0) {
      throw InvalidInputException.field(name, name + " must be from 0 to 604800 seconds (7 days)");
    }
  }

  private void channels(Channels channels) {
    String field = "notification_channels";
    if (channels.webhooks().size() > MAX_WEBHOOKS) {
      throw InvalidInputException.field(
          field + ".webhooks", "at most " + MAX_WEBHOOKS + " webhooks per alert");
    }
    if (channels.emails().size() > MAX_EMAILS) {
      throw InvalidInputException.field(
          field + ".emails", "at most " + MAX_EMAILS + " e-mail addresses per alert");
    }
    var seen = new HashSet<String>();
    for (int i = 0; i < channels.webhooks().size(); i++) {
      String at = field + ".webhooks[" + i + "].url";
      String url = channels.webhooks().get(i).url();
      targets.check(at, targets.parse(at, url));
      if (!seen.add(url)) {
        throw InvalidInputException.field(at, "the webhook " + url + " is listed twice");
      }
    }
    if (!channels.emails().isEmpty() && !mailConfigured) {
      throw InvalidInputException.field(
          field + ".emails",
          "this platform sends no e-mail: the operator must set AQMRG_SMTP_HOST first",
          Map.of("setting", "AQMRG_SMTP_HOST"));
    }
    for (int i = 0; i < channels.emails().size(); i++) {
      String at = field + ".emails[" + i + "]";
      String email = channels.emails().get(i);
      try {
        var address = new InternetAddress(email, true);
        address.validate();
        if (!email.contains("@") || email.length() > 254 || address.getPersonal() != null) {
          throw new AddressException("not a plain address");
        }
      } catch (AddressException e) {
        throw InvalidInputException.field(at, "'" + email + "' is not an e-mail address");
      }
      if (!seen.add(email.toLowerCase(java.util.Locale.ROOT))) {
        throw InvalidInputException.field(at, email + " is listed twice");
      }
    }
  }

  private static String plain(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
