package org.aqmrg.ingest.lineprotocol;

import java.util.Objects;

/**
 * One field value of a {@link Point}: a float, a signed or unsigned 64-bit integer, a boolean or a
 * string, as line protocol types them ({@code 1.5}, {@code 12i}, {@code 12u}, {@code true}, {@code
 * "text"}). Immutable; two values are equal when they have the same kind and the same value (floats
 * compared bit for bit, so {@code 0.0} and {@code -0.0} differ).
 */
public final class FieldValue {
  /** The five field types of line protocol. */
  public enum Kind {
    /** IEEE-754 64-bit float, never NaN or infinite. */
    FLOAT,
    /** Signed 64-bit integer ({@code i} suffix). */
    INTEGER,
    /** Unsigned 64-bit integer ({@code u} suffix), held in a {@code long} as its bits. */
    UNSIGNED,
    /** Boolean. */
    BOOLEAN,
    /** String (double-quoted in line protocol). */
    STRING
  }

  static final Kind[] KINDS = Kind.values();

  private final Kind kind;
  private final long bits;
  private final String string;

  private FieldValue(Kind kind, long bits, String string) {
    this.kind = kind;
    this.bits = bits;
    this.string = string;
  }

  /** Built by Point from its compact arrays; the arguments are known to be valid. */
  static FieldValue of(Kind kind, long bits, String string) {
    return new FieldValue(kind, bits, string);
  }

  /**
   * A float value.
   *
   * @throws IllegalArgumentException for NaN and infinities, which line protocol cannot carry
   */
  public static FieldValue ofFloat(double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          "a float field value must be finite, got "
              + value
              + " (NaN and infinities are not allowed)");
    }
    return new FieldValue(Kind.FLOAT, Double.doubleToRawLongBits(value), null);
  }

  /** A signed integer value. */
  public static FieldValue ofInteger(long value) {
    return new FieldValue(Kind.INTEGER, value, null);
  }

  /**
   * An unsigned integer value, given as the bits of a {@code long}: {@code -1L} is 2^64-1 (use
   * {@link Long#parseUnsignedLong} to build one from text).
   */
  public static FieldValue ofUnsigned(long bits) {
    return new FieldValue(Kind.UNSIGNED, bits, null);
  }

  /** A boolean value. */
  public static FieldValue ofBoolean(boolean value) {
    return new FieldValue(Kind.BOOLEAN, value ? 1 : 0, null);
  }

  /**
   * A string value.
   *
   * @throws IllegalArgumentException when the string holds a newline, which line protocol cannot
   *     carry in a value (a newline always ends a line)
   */
  public static FieldValue ofString(String value) {
    Objects.requireNonNull(value, "value");
    if (value.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a string field value cannot hold a newline");
    }
    return new FieldValue(Kind.STRING, 0, value);
  }

  /** Which of the five types this value is. */
  public Kind kind() {
    return kind;
  }

  /**
   * The value of a {@link Kind#FLOAT}.
   *
   * @throws IllegalStateException for any other kind
   */
  public double doubleValue() {
    check(Kind.FLOAT);
    return Double.longBitsToDouble(bits);
  }

  /**
   * The value of an {@link Kind#INTEGER}, or the bits of an {@link Kind#UNSIGNED} (read those with
   * {@link Long#toUnsignedString} or {@link Long#compareUnsigned}).
   *
   * @throws IllegalStateException for any other kind
   */
  public long longValue() {
    if (kind != Kind.INTEGER && kind != Kind.UNSIGNED) {
      throw new IllegalStateException("field value " + this + " is " + kind + ", not an integer");
    }
    return bits;
  }

  /**
   * The value of a {@link Kind#BOOLEAN}.
   *
   * @throws IllegalStateException for any other kind
   */
  public boolean booleanValue() {
    check(Kind.BOOLEAN);
    return bits != 0;
  }

  /**
   * The value of a {@link Kind#STRING}.
   *
   * @throws IllegalStateException for any other kind
   */
  public String stringValue() {
    check(Kind.STRING);
    return string;
  }

  private void check(Kind expected) {
    if (kind != expected) {
      throw new IllegalStateException("field value " + this + " is " + kind + ", not " + expected);
    }
  }

  long bits() {
    return bits;
  }

  String string() {
    return string;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof FieldValue that
        && kind == that.kind
        && bits == that.bits
        && Objects.equals(string, that.string);
  }

  @Override
  public int hashCode() {
    return hash(kind.ordinal(), bits, string);
  }

  static int hash(int kind, long bits, String string) {
    return 31 * (31 * kind + Long.hashCode(bits)) + (string == null ? 0 : string.hashCode());
  }

  /** The value as line protocol writes it: {@code 1.5}, {@code 12i}, {@code 12u}, ... */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    Escaping.appendValue(out, kind.ordinal(), bits, string);
    return out.toString();
  }
}
