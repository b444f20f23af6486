package org.aqmrg.readings;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One point of the {@code air_quality} measurement: the readings of one sensor at one time. Fields
 * a sensor did not report are absent, not zero.
 */
public final class Reading {
  private final String sensorId;
  private final String location;
  private final String manufacturer;
  private final long timeNanos;
  private final double[] values;
  private final int present;
  private final FieldText fieldText;

  private Reading(
      String sensorId,
      String location,
      String manufacturer,
      long timeNanos,
      double[] values,
      int present,
      FieldText fieldText) {
    this.sensorId = Objects.requireNonNull(sensorId, "sensorId");
    this.location = location;
    this.manufacturer = manufacturer;
    this.timeNanos = timeNanos;
    this.values = values;
    this.present = present;
    this.fieldText = fieldText;
  }

  public static Builder builder(String sensorId, long timeNanos) {
    return new Builder(sensorId, timeNanos);
  }

  public String sensorId() {
    return sensorId;
  }

  /** The {@code location} tag, or null. */
  public String location() {
    return location;
  }

  /** The {@code manufacturer} tag, or null. */
  public String manufacturer() {
    return manufacturer;
  }

  /** Nanoseconds since the epoch, UTC. */
  public long timeNanos() {
    return timeNanos;
  }

  public Instant time() {
    return instant(timeNanos);
  }

  /** Nanoseconds since the epoch as an instant, for times before 1970 too. */
  public static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  public boolean has(Field field) {
    return (present & (1 << field.ordinal())) != 0;
  }

  public OptionalDouble get(Field field) {
    return has(field) ? OptionalDouble.of(values[field.ordinal()]) : OptionalDouble.empty();
  }

  /** The value of a present field; call {@link #has} first. */
  public double value(Field field) {
    return values[field.ordinal()];
  }

  /** The present fields by key, in the measurement's order. */
  public Map<String, Double> fields() {
    return Field.byKey(values, this::has);
  }

  /**
   * The fields as the device sent them, when they are plain line protocol, or null; not part of the
   * reading's value (equals ignores it).
   */
  public FieldText fieldText() {
    return fieldText;
  }

  /** The same reading without its {@link #fieldText}, which keeps the body it came in alive. */
  public Reading withoutFieldText() {
    return fieldText == null
        ? this
        : new Reading(sensorId, location, manufacturer, timeNanos, values, present, null);
  }

  public boolean empty() {
    return present == 0;
  }

  /** A copy with other tags, for readings whose tags come from the sensor registry. */
  public Reading withTags(String location, String manufacturer) {
    return new Reading(sensorId, location, manufacturer, timeNanos, values, present, fieldText);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Reading that)) {
      return false;
    }
    if (timeNanos != that.timeNanos
        || present != that.present
        || !sensorId.equals(that.sensorId)
        || !Objects.equals(location, that.location)
        || !Objects.equals(manufacturer, that.manufacturer)) {
      return false;
    }
    for (Field field : Field.all()) {
      if (has(field) && Double.compare(value(field), that.value(field)) != 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return Objects.hash(sensorId, timeNanos, present);
  }

  @Override
  public String toString() {
    return "Reading["
        + sensorId
        + " "
        + time()
        + " "
        + location
        + " "
        + manufacturer
        + " "
        + fields()
        + "]";
  }

  /** Collects the tags and fields of one reading. */
  public static final class Builder {
    private final String sensorId;
    private final long timeNanos;
    private String location;
    private String manufacturer;
    private double[] values = new double[Field.all().length];
    private boolean shared; // values belongs to a built reading: copy it before changing it
    private int present;
    private FieldText fieldText;

    private Builder(String sensorId, long timeNanos) {
      this.sensorId = sensorId;
      this.timeNanos = timeNanos;
    }

    public Builder location(String location) {
      this.location = location;
      return this;
    }

    public Builder manufacturer(String manufacturer) {
      this.manufacturer = manufacturer;
      return this;
    }

    public Builder set(Field field, double value) {
      if (shared) {
        values = values.clone();
        shared = false;
      }
      values[field.ordinal()] = value;
      present |= 1 << field.ordinal();
      return this;
    }

    /** The fields as sent; the caller vouches that they say what {@link #set} was given. */
    public Builder fieldText(FieldText fieldText) {
      this.fieldText = fieldText;
      return this;
    }

    /**
     * The reading; the builder can go on and build others (ingest builds one reading per builder,
     * so the values are handed over, and copied only if the builder changes them afterwards).
     */
    public Reading build() {
      shared = true;
      return new Reading(sensorId, location, manufacturer, timeNanos, values, present, fieldText);
    }
  }
}
