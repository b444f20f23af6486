package org.aqmrg.ingest.lineprotocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One point of line protocol: a measurement, its tags sorted by key, its fields and a time in
 * nanoseconds since the epoch. Immutable.
 *
 * <p>Tags are sorted by key in Unicode code point order, which is the byte order of their UTF-8
 * form, the order InfluxDB keeps them in; keys are unique. Fields keep the order of the line, each
 * key once (for a key given twice on a line, the first position and the last value). Two points are
 * equal when measurement, tags, time and the set of fields are equal, whatever the fields' order.
 *
 * <p>Points are compact: the parser shares the arrays of tag keys and field names between points of
 * the same shape, and {@link #fieldValue(int)} builds a {@link FieldValue} only when asked.
 */
public final class Point {
  private static final String[] NO_STRINGS = new String[0];
  private static final byte STRING = (byte) FieldValue.Kind.STRING.ordinal();

  private final String measurement;
  private final String[] tagKeys;
  private final String[] tagValues;
  private final String[] fieldNames;
  private final byte[] fieldKinds;
  private final long[] fieldBits;
  private final String[] fieldStrings; // null when no field is a string
  private final long timestampNanos;

  // The body the field set was read from, and where: only when it holds plain decimals alone.
  private final byte[] plainSource;
  private final int plainFrom;
  private final int plainTo;

  /**
   * The parser's constructor: the arrays are valid, sorted and never changed by anyone; {@code
   * plainSource} is the body when the field set between {@code plainFrom} and {@code plainTo} is
   * plain (see {@link #plainFieldSet}), else null.
   */
  Point(
      String measurement,
      String[] tagKeys,
      String[] tagValues,
      String[] fieldNames,
      byte[] fieldKinds,
      long[] fieldBits,
      String[] fieldStrings,
      long timestampNanos,
      byte[] plainSource,
      int plainFrom,
      int plainTo) {
    this.measurement = measurement;
    this.tagKeys = tagKeys;
    this.tagValues = tagValues;
    this.fieldNames = fieldNames;
    this.fieldKinds = fieldKinds;
    this.fieldBits = fieldBits;
    this.fieldStrings = fieldStrings;
    this.timestampNanos = timestampNanos;
    this.plainSource = plainSource;
    this.plainFrom = plainFrom;
    this.plainTo = plainTo;
  }

  /**
   * A point built from values, e.g. a reading that came as JSON, so that it can be written as line
   * protocol.
   *
   * @param tags tag keys and values in any order; may be empty
   * @param fields at least one field, in the order to write them
   * @param timestampNanos nanoseconds since the epoch, within the range InfluxDB keeps
   *     (-9223372036854775806 to 9223372036854775806)
   * @throws IllegalArgumentException when a name or value cannot be written as line protocol and
   *     read back the same (empty, holding a newline, a measurement that starts with {@code #}, a
   *     name with a backslash at its end or before a character that would need escaping), when
   *     there is no field, or when the time is out of range; the message says which
   */
  public static Point of(
      String measurement,
      Map<String, String> tags,
      Map<String, FieldValue> fields,
      long timestampNanos) {
    check(Escaping.problem("measurement", Objects.requireNonNull(measurement), true));
    int tagCount = tags.size();
    String[] keys = new String[tagCount];
    String[] values = new String[tagCount];
    int t = 0;
    for (Map.Entry<String, String> tag : tags.entrySet()) {
      keys[t] = Objects.requireNonNull(tag.getKey(), "tag key");
      values[t] = Objects.requireNonNull(tag.getValue(), "tag value");
      check(Escaping.problem("tag key", keys[t], false));
      check(Escaping.problem("value of tag '" + keys[t] + "'", values[t], false));
      t++;
    }
    if (!sortTags(keys, values, tagCount)) {
      throw new IllegalArgumentException("duplicate tag key"); // a Map cannot hold one
    }
    int fieldCount = fields.size();
    if (fieldCount == 0) {
      throw new IllegalArgumentException("a point needs at least one field");
    }
    String[] names = new String[fieldCount];
    byte[] kinds = new byte[fieldCount];
    long[] bits = new long[fieldCount];
    String[] strings = null;
    int f = 0;
    for (Map.Entry<String, FieldValue> field : fields.entrySet()) {
      names[f] = Objects.requireNonNull(field.getKey(), "field key");
      check(Escaping.problem("field key", names[f], false));
      FieldValue value = Objects.requireNonNull(field.getValue(), "field value");
      kinds[f] = (byte) value.kind().ordinal();
      bits[f] = value.bits();
      if (value.kind() == FieldValue.Kind.STRING) {
        check(Escaping.stringProblem("value of field '" + names[f] + "'", value.string()));
        if (strings == null) {
          strings = new String[fieldCount];
        }
        strings[f] = value.string();
      }
      f++;
    }
    if (timestampNanos < Precision.MIN_NANOS || timestampNanos > Precision.MAX_NANOS) {
      throw new IllegalArgumentException(
          "timestamp " + timestampNanos + " ns is out of the range InfluxDB keeps");
    }
    return new Point(
        measurement,
        tagCount == 0 ? NO_STRINGS : keys,
        tagCount == 0 ? NO_STRINGS : values,
        names,
        kinds,
        bits,
        strings,
        timestampNanos,
        null,
        0,
        0);
  }

  private static void check(String problem) {
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
  }

  /** Sorts the first {@code count} tags by key; false when two keys are equal. */
  static boolean sortTags(String[] keys, String[] values, int count) {
    int[] order = new int[count];
    if (KeyOrder.sort(keys, count, order) >= 0) {
      return false;
    }
    String[] givenKeys = Arrays.copyOf(keys, count);
    String[] givenValues = Arrays.copyOf(values, count);
    for (int i = 0; i < count; i++) {
      keys[i] = givenKeys[order[i]];
      values[i] = givenValues[order[i]];
    }
    return true;
  }

  /** Compares in code point order, which is UTF-8 byte order (String.compareTo is UTF-16 order). */
  static int compareCodePoints(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (x >= Character.MIN_SURROGATE && y >= Character.MIN_SURROGATE) {
          // Surrogates (supplementary code points) sort after U+E000..U+FFFF in code point order.
          x = Character.isSurrogate(x) ? (char) (x + 0x2000) : (char) (x - 0x800);
          y = Character.isSurrogate(y) ? (char) (y + 0x2000) : (char) (y - 0x800);
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  /**
   * Whether {@code other} has this point's measurement, tag keys and field names and kinds, as far
   * as a cheap test tells: true only when it shares them, as the parser's points of the same shape
   * do (see {@code PointAssembler}); false for points equal in shape that were made apart.
   */
  public boolean sameShape(Point other) {
    return other != null
        && measurement == other.measurement
        && tagKeys == other.tagKeys
        && fieldNames == other.fieldNames
        && fieldKinds == other.fieldKinds;
  }

  /** The measurement name. */
  public String measurement() {
    return measurement;
  }

  /** The time in nanoseconds since the epoch. */
  public long timestampNanos() {
    return timestampNanos;
  }

  /**
   * Whether the line's field set is plain: every field once, by a key without escapes, with a float
   * written as plain decimal ({@code 35.2}, {@code -4}, {@code 0.25}: digits, no leading zero, no
   * exponent, no type suffix). Such a field set reads the same to InfluxDB as to this parser, so it
   * can be passed on as it came ({@link #plainSource}) instead of being written anew.
   */
  public boolean plainFieldSet() {
    return plainSource != null;
  }

  /** The body that a plain field set is in, or null; see {@link #plainFieldSet}. */
  public byte[] plainSource() {
    return plainSource;
  }

  /** Where a plain field set starts in {@link #plainSource}. */
  public int plainFrom() {
    return plainFrom;
  }

  /** Where a plain field set ends (exclusive) in {@link #plainSource}. */
  public int plainTo() {
    return plainTo;
  }

  /** How many tags the point has. */
  public int tagCount() {
    return tagKeys.length;
  }

  /** The key of the {@code i}-th tag in key order, from 0. */
  public String tagKey(int i) {
    return tagKeys[i];
  }

  /** The value of the {@code i}-th tag in key order, from 0. */
  public String tagValue(int i) {
    return tagValues[i];
  }

  /** The value of the tag with this key, or null when there is none. */
  public String tag(String key) {
    for (int i = 0; i < tagKeys.length; i++) {
      if (tagKeys[i].equals(key)) {
        return tagValues[i];
      }
    }
    return null;
  }

  /** How many fields the point has, at least one. */
  public int fieldCount() {
    return fieldNames.length;
  }

  /** The key of the {@code i}-th field in the order of the line, from 0. */
  public String fieldName(int i) {
    return fieldNames[i];
  }

  /** The value of the {@code i}-th field in the order of the line, from 0. */
  public FieldValue fieldValue(int i) {
    return FieldValue.of(
        FieldValue.KINDS[fieldKinds[i]],
        fieldBits[i],
        fieldStrings == null ? null : fieldStrings[i]);
  }

  /** The kind of the {@code i}-th field, without building its {@link FieldValue}. */
  public FieldValue.Kind fieldKind(int i) {
    return FieldValue.KINDS[fieldKinds[i]];
  }

  /**
   * The {@code i}-th field's number as a double, without building its {@link FieldValue}: a float
   * as it is, an integer or unsigned integer converted (unsigned values past 2^63 included).
   *
   * @throws IllegalStateException when the field is a boolean or a string
   */
  public double fieldNumber(int i) {
    long bits = fieldBits[i];
    return switch (fieldKind(i)) {
      case FLOAT -> Double.longBitsToDouble(bits);
      case INTEGER -> bits;
      case UNSIGNED -> bits >= 0 ? bits : (bits >>> 1) * 2.0 + (bits & 1);
      default -> throw new IllegalStateException("field '" + fieldNames[i] + "' is not a number");
    };
  }

  /** The value of the field with this key, or null when there is none. */
  public FieldValue field(String name) {
    int i = fieldIndex(name);
    return i < 0 ? null : fieldValue(i);
  }

  private int fieldIndex(String name) {
    for (int i = 0; i < fieldNames.length; i++) {
      if (fieldNames[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The point as one line of line protocol, without a line end: measurement, sorted tags, fields in
   * order and the time in nanoseconds, every name escaped so that parsing the line gives an equal
   * point.
   */
  public String toLineProtocol() {
    StringBuilder out = new StringBuilder(64 + 24 * (tagKeys.length + fieldNames.length));
    appendLineProtocol(out);
    return out.toString();
  }

  /** Appends {@link #toLineProtocol()} to {@code out}, without a line end. */
  public void appendLineProtocol(StringBuilder out) {
    Escaping.appendName(out, measurement, true);
    for (int i = 0; i < tagKeys.length; i++) {
      out.append(',');
      Escaping.appendName(out, tagKeys[i], false);
      out.append('=');
      Escaping.appendName(out, tagValues[i], false);
    }
    for (int i = 0; i < fieldNames.length; i++) {
      out.append(i == 0 ? ' ' : ',');
      Escaping.appendName(out, fieldNames[i], false);
      out.append('=');
      Escaping.appendValue(
          out, fieldKinds[i], fieldBits[i], fieldStrings == null ? null : fieldStrings[i]);
    }
    out.append(' ').append(timestampNanos);
  }

  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Point that)
        || timestampNanos != that.timestampNanos
        || !measurement.equals(that.measurement)
        || !Arrays.equals(tagKeys, that.tagKeys)
        || !Arrays.equals(tagValues, that.tagValues)
        || fieldNames.length != that.fieldNames.length) {
      return false;
    }
    for (int i = 0; i < fieldNames.length; i++) {
      int j = that.fieldIndex(fieldNames[i]);
      if (j < 0
          || fieldKinds[i] != that.fieldKinds[j]
          || fieldBits[i] != that.fieldBits[j]
          || (fieldKinds[i] == STRING && !fieldStrings[i].equals(that.fieldStrings[j]))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int fields = 0; // a sum, so that the order of the fields does not matter
    for (int i = 0; i < fieldNames.length; i++) {
      fields +=
          fieldNames[i].hashCode()
              ^ FieldValue.hash(
                  fieldKinds[i], fieldBits[i], fieldStrings == null ? null : fieldStrings[i]);
    }
    return Objects.hash(
        measurement, Arrays.hashCode(tagKeys), Arrays.hashCode(tagValues), fields, timestampNanos);
  }

  /** The point as line protocol, as {@link #toLineProtocol()} writes it. */
  @Override
  public String toString() {
    return toLineProtocol();
  }
}
