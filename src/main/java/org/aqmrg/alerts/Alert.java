package org.aqmrg.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * An alert rule of the seed's {@code alerts} table and its state: who is told (its owner and its
 * {@link Channels}) when {@code pollutant} at {@code locationId} goes above {@code threshold}, or,
 * for the {@link Kind#OFFLINE} kind, when the location (or {@code sensorId}) has sent nothing for
 * {@code offlineAfter}.
 *
 * <p>A threshold alert fires once the condition {@code value > threshold} has held for {@code
 * holdFor}, and clears once {@code value < threshold - clearDeadband} has held for {@code
 * clearFor}; all zero by default, so it fires on the first value above and clears on the first
 * below. {@code pendingSince} is when the condition toward the next transition began to hold.
 *
 * @param pollutant a field key of {@code readings.Field}, or {@code aqi}; {@code *} for the offline
 *     kind
 * @param sensorId for the offline kind, the one sensor watched; null watches every sensor of the
 *     location
 */
public record Alert(
    UUID id,
    UUID userId,
    String name,
    UUID locationId,
    Kind kind,
    String pollutant,
    Measure measure,
    double threshold,
    Duration holdFor,
    double clearDeadband,
    Duration clearFor,
    String sensorId,
    Duration offlineAfter,
    boolean enabled,
    Channels channels,
    State state,
    Instant stateChangedAt,
    Instant pendingSince,
    Instant acknowledgedAt,
    UUID acknowledgedBy,
    Instant createdAt,
    Instant updatedAt) {

  /** The pollutant value of an offline alert, which watches no pollutant. */
  public static final String ANY_POLLUTANT = "*";

  /** The overall AQI, as a pollutant. */
  public static final String AQI = "aqi";

  public enum Kind {
    THRESHOLD,
    OFFLINE;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Kind> of(String key) {
      return Keys.of(Kind.class, key);
    }
  }

  /** What is compared with the threshold. */
  public enum Measure {
    /** The latest reading: the mean of the latest values of the location's reporting sensors. */
    LATEST,
    /** The mean of the most recent hourly rollup of the location's sensors. */
    HOURLY_MEAN,
    /** The NowCast AQI (of the pollutant, or the overall one for {@code aqi}). */
    NOWCAST_AQI;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Measure> of(String key) {
      return Keys.of(Measure.class, key);
    }
  }

  /**
   * The state under the seed's {@code alert:{alert_id}:state}: {@code triggered} or {@code normal}.
   */
  public enum State {
    NORMAL,
    TRIGGERED;

    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<State> of(String key) {
      return Keys.of(State.class, key);
    }
  }

  /** The seed's Redis key of an alert's state. */
  public static String stateKey(UUID alertId) {
    return "alert:" + alertId + ":state";
  }

  /** The same alert, its pending condition holding since {@code since} (null: not holding). */
  public Alert withPendingSince(Instant since) {
    return new Alert(
        id,
        userId,
        name,
        locationId,
        kind,
        pollutant,
        measure,
        threshold,
        holdFor,
        clearDeadband,
        clearFor,
        sensorId,
        offlineAfter,
        enabled,
        channels,
        state,
        stateChangedAt,
        since,
        acknowledgedAt,
        acknowledgedBy,
        createdAt,
        updatedAt);
  }

  /** The level below which a triggered alert starts to clear. */
  public double clearBelow() {
    return threshold - clearDeadband;
  }

  /** Enum constants by their lower-case key. */
  private static final class Keys {
    static <E extends Enum<E>> Optional<E> of(Class<E> type, String key) {
      if (key == null) {
        return Optional.empty();
      }
      for (E constant : type.getEnumConstants()) {
        if (constant.name().toLowerCase(Locale.ROOT).equals(key)) {
          return Optional.of(constant);
        }
      }
      return Optional.empty();
    }
  }
}
