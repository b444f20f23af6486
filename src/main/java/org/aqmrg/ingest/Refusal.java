package org.aqmrg.ingest;

/**
 * Why a point was refused, as one of a small fixed set of codes: the detailed reason (with the
 * values and names of the line) goes back to the caller; the code is what is counted, so that a
 * meter label never holds text a client sent.
 */
public enum Refusal {
  /** The line protocol, or a JSON reading, does not parse. */
  SYNTAX("syntax"),
  /** A measurement other than {@code air_quality}. */
  UNKNOWN_MEASUREMENT("unknown_measurement"),
  /** A tag or field the schema does not have. */
  UNKNOWN_KEY("unknown_key"),
  /** No {@code sensor_id} tag. */
  MISSING_SENSOR_ID("missing_sensor_id"),
  /** A malformed sensor id, or a location or manufacturer tag that is too long. */
  INVALID_TAG("invalid_tag"),
  /** A field that is not a number, or outside the range a working sensor reports. */
  INVALID_VALUE("invalid_value"),
  /** A time too far ahead of the server's clock. */
  TOO_NEW("too_new"),
  /** A time older than the raw retention. */
  TOO_OLD("too_old"),
  /** A sensor the registry does not know. */
  UNKNOWN_SENSOR("unknown_sensor"),
  /** A registered sensor that is not written (retired, maintenance). */
  INACTIVE_SENSOR("inactive_sensor"),
  /** A sensor the caller's token may not write for. */
  NOT_ALLOWED("not_allowed");

  private final String code;

  Refusal(String code) {
    this.code = code;
  }

  /** The code, in lower case with underscores, e.g. {@code too_old}. */
  public String code() {
    return code;
  }
}
