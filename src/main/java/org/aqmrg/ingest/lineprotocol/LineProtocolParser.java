package org.aqmrg.ingest.lineprotocol;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Parses InfluxDB line protocol, strictly, from the UTF-8 bytes of a request body.
 *
 * <pre>measurement[,tag_key=tag_value...] field_key=field_value[,field_key=field_value...] [time]
 * </pre>
 *
 * <p>The syntax is InfluxDB's (1.x and 2.x); see the package documentation for every rule and for
 * the few places where InfluxDB's own parsers differ and which way this one goes. Every line that
 * breaks a rule is reported as a {@link LineError} with its line, column and reason, and the lines
 * after it are parsed as usual.
 *
 * <p>One parser is meant to be reused, by one thread at a time (it is not thread-safe): it keeps a
 * small bounded cache of the strings it made (measurements, tag keys, tag values and field keys
 * repeat on every line) and shares the arrays of tag keys and field names between points of the
 * same shape, so that steady-state parsing allocates little more than the points themselves.
 */
public final class LineProtocolParser {
  /**
   * The most tags one line may have. A line with more is refused at the first tag past the limit,
   * without reading the rest of it, so that a line of many thousands costs no more than a short one
   * (the platform itself reads three tags).
   */
  public static final int MAX_TAGS = 64;

  /**
   * The most fields one line may have, a key given twice counted twice; refused as {@link
   * #MAX_TAGS} is (the platform itself reads seven fields).
   */
  public static final int MAX_FIELDS = 64;

  private static final int MEASUREMENT_STOP = 1;
  private static final int KEY_STOP = 2;
  private static final int BACKSLASH = 4;
  private static final byte[] CLASS = new byte[256];

  static {
    CLASS[','] = MEASUREMENT_STOP | KEY_STOP;
    CLASS[' '] = MEASUREMENT_STOP | KEY_STOP;
    CLASS['='] = KEY_STOP;
    CLASS['\\'] = BACKSLASH;
  }

  private static final byte FLOAT = (byte) FieldValue.Kind.FLOAT.ordinal();
  private static final byte INTEGER = (byte) FieldValue.Kind.INTEGER.ordinal();
  private static final byte UNSIGNED = (byte) FieldValue.Kind.UNSIGNED.ordinal();
  private static final byte BOOLEAN = (byte) FieldValue.Kind.BOOLEAN.ordinal();
  private static final byte STRING = (byte) FieldValue.Kind.STRING.ordinal();

  private static final int MAX_TEXT = 200;
  private static final int MAX_TOKEN = 40;

  /** Powers of ten that a double holds exactly. */
  private static final double[] POWERS_OF_TEN = new double[23];

  static {
    POWERS_OF_TEN[0] = 1;
    for (int i = 1; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = POWERS_OF_TEN[i - 1] * 10;
    }
  }

  /**
   * Thrown inside the parser to abandon a bad line, after {@link #fail} noted where and why; caught
   * in {@link #parse}. It has no stack trace, so a body full of bad lines stays cheap.
   */
  private static final class BadLine extends RuntimeException {
    BadLine() {
      super(null, null, false, false);
    }
  }

  private static final BadLine BAD_LINE = new BadLine();

  private final StringCache cache = new StringCache(11);
  private final CharsetDecoder utf8 =
      UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);

  // The body being parsed, and the end of the last name scanned.
  private byte[] buf;
  private int pos;

  // The names of the last line by position (measurement, tag keys and values, field keys, in
  // order), as the bytes they came from (up to 16, as the first and last eight) and as strings.
  private static final int POSITIONS = 64;
  private final long[] expectedHead = new long[POSITIONS];
  private final long[] expectedTail = new long[POSITIONS];
  private final int[] expectedLength = new int[POSITIONS];
  private String[] expectedName = new String[POSITIONS];
  private int namesInLine;
  private byte[] scratch = new byte[128];
  private final PointAssembler assembler = new PointAssembler();

  // Whether the last value scanned was a plain decimal float (see Point.plainFieldSet).
  private boolean plainNumber;

  // Why the current line failed.
  private int failAt;
  private String failReason;

  /**
   * Parses a body of line protocol.
   *
   * @param body UTF-8 text; lines end with {@code \n} or {@code \r\n}
   * @param offset where the text starts in {@code body}
   * @param length how many bytes of text
   * @param precision the unit of the timestamps in the text
   * @param nowNanos the time, in nanoseconds since the epoch, of points without a timestamp
   *     (rounded down to a whole unit of {@code precision}, as InfluxDB does)
   * @return the points of the good lines and the errors of the bad ones; never throws for bad text
   * @throws IndexOutOfBoundsException when offset and length are not within body
   */
  public ParseResult parse(
      byte[] body, int offset, int length, Precision precision, long nowNanos) {
    Objects.checkFromIndexSize(offset, length, body.length);
    Objects.requireNonNull(precision, "precision");
    long now = precision.truncate(nowNanos);
    ArrayList<Point> points = new ArrayList<>(Math.min((length >> 6) + 8, 1 << 16));
    int[] pointLines = new int[Math.min((length >> 6) + 8, 1 << 16)];
    ArrayList<LineError> errors = null;
    int line = 0;
    buf = body;
    assembler.renew(); // see there: young arrays are cheaper to write references into
    expectedName = expectedName.clone();
    try {
      int end = offset + length;
      int p = offset;
      while (p < end) {
        line++;
        int newline = Swar.indexOfNewline(body, p, end);
        int lineEnd = newline > p && body[newline - 1] == '\r' ? newline - 1 : newline;
        int start = p;
        while (start < lineEnd && (body[start] == ' ' || body[start] == '\t')) {
          start++;
        }
        if (start < lineEnd && body[start] != '#') {
          try {
            Point point = point(start, lineEnd, precision, now);
            if (points.size() == pointLines.length) {
              pointLines = Arrays.copyOf(pointLines, pointLines.length * 2);
            }
            pointLines[points.size()] = line;
            points.add(point);
          } catch (BadLine bad) {
            if (errors == null) {
              errors = new ArrayList<>();
            }
            errors.add(error(line, p, lineEnd));
          }
        }
        p = newline + 1;
      }
    } finally {
      buf = null;
    }
    return new ParseResult(
        Collections.unmodifiableList(points),
        pointLines,
        errors == null ? List.of() : Collections.unmodifiableList(errors),
        line);
  }

  /**
   * Parses a body given as a string; the same as {@link #parse(byte[], int, int, Precision, long)}
   * on its UTF-8 bytes.
   */
  public ParseResult parse(String body, Precision precision, long nowNanos) {
    byte[] bytes = body.getBytes(UTF_8);
    return parse(bytes, 0, bytes.length, precision, nowNanos);
  }

  /** One line, from its first non-blank byte to its end (before {@code \r\n} or {@code \n}). */
  /**
   * The key of the {@code count}-th tag or field of a line, starting at {@code keyStart}; refused
   * past {@code max} or when empty. {@code what} is {@code "tag key"} or {@code "field key"}.
   */
  private String key(int keyStart, int end, int count, int max, String what) {
    if (count > max) {
      String kind = what.substring(0, what.indexOf(' '));
      throw fail(keyStart, "more than " + max + " " + kind + "s: a line may have at most " + max);
    }
    String key = name(keyStart, end, KEY_STOP, what);
    if (key == null) {
      throw fail(keyStart, "empty " + what);
    }
    return key;
  }

  private Point point(int start, int end, Precision precision, long now) {
    final byte[] b = buf;
    namesInLine = 0;
    String measurement = name(start, end, MEASUREMENT_STOP, "measurement");
    if (measurement == null) {
      throw fail(start, "missing measurement");
    }
    int p = pos;
    assembler.clear();
    int tags = 0;
    while (p < end && b[p] == ',') {
      int keyStart = p + 1;
      String key = key(keyStart, end, ++tags, MAX_TAGS, "tag key");
      p = pos;
      if (p >= end || b[p] != '=') {
        throw fail(p, "tag '" + shorten(key) + "' has no value");
      }
      String value = name(p + 1, end, KEY_STOP, "tag value");
      if (value == null) {
        throw fail(p + 1, "tag '" + shorten(key) + "' has no value");
      }
      p = pos;
      if (p < end && b[p] == '=') {
        throw fail(p, "unescaped '=' in the value of tag '" + shorten(key) + "'");
      }
      assembler.addTag(key, value, keyStart);
    }
    while (p < end && b[p] == ' ') {
      p++;
    }
    if (p >= end) {
      throw fail(p, "missing field set");
    }
    final int fieldsStart = p;
    boolean plain = true;
    int fields = 0;
    while (true) {
      int keyStart = p;
      String key = key(keyStart, end, ++fields, MAX_FIELDS, "field key");
      p = pos;
      plain &= p - keyStart == key.length(); // no escapes (and ASCII, as every known field is)
      if (p >= end || b[p] != '=' || ++p >= end || b[p] == ',' || b[p] == ' ') {
        throw fail(p, "field '" + shorten(key) + "' has no value");
      }
      plainNumber = false;
      p = value(p, end, key);
      plain &= plainNumber;
      if (p >= end) {
        break;
      }
      if (b[p] == ',') {
        p++;
        continue;
      }
      if (b[p] != ' ') {
        int e = p + 1;
        while (e < end && (b[e] & 0xC0) == 0x80) {
          e++; // the rest of a multi-byte character
        }
        throw fail(
            p, "unexpected '" + text(p, e) + "' after the value of field '" + shorten(key) + "'");
      }
      break;
    }
    final int fieldsEnd = p;
    while (p < end && b[p] == ' ') {
      p++;
    }
    long time = p < end ? timestamp(p, end, precision) : now;
    Point point = assembler.build(measurement, time, plain ? b : null, fieldsStart, fieldsEnd);
    if (point == null) {
      throw fail(
          assembler.repeatedTagStart(),
          "duplicate tag '" + shorten(assembler.repeatedTagKey()) + "'");
    }
    return point;
  }

  /**
   * Scans a name (measurement, tag key, tag value or field key) from {@code p} to the first
   * unescaped byte of {@code stop} class or the end; leaves its end in {@link #pos} and returns it
   * decoded, or null when it is empty.
   */
  private String name(int p, int end, int stop, String what) {
    final byte[] b = buf;
    final int start = p;
    // Most names are the same bytes as the name at the same position of the previous line.
    final int position = namesInLine++;
    if (position < POSITIONS && start + 8 <= b.length) {
      int length = expectedLength[position];
      int e = start + length;
      if (length != 0 && e <= end && (e == end || (CLASS[b[e] & 0xff] & stop) != 0)) {
        long head = (long) Swar.LONGS.get(b, start);
        if (length <= 8
            ? (head & (-1L >>> (64 - 8 * length))) == expectedHead[position]
            : head == expectedHead[position]
                && (long) Swar.LONGS.get(b, e - 8) == expectedTail[position]) {
          pos = e;
          return expectedName[position];
        }
      }
    }
    // Eight bytes a step: the first comma, space, backslash (or equals sign, in keys and values).
    final long equals = stop == KEY_STOP ? Swar.EQUALS : 0;
    while (true) {
      if (p + 8 > b.length) {
        final int mask = stop | BACKSLASH;
        while (p < end && (CLASS[b[p] & 0xff] & mask) == 0) {
          p++;
        }
        break;
      }
      long w = (long) Swar.LONGS.get(b, p);
      long found =
          Swar.has(w, Swar.COMMAS)
              | Swar.has(w, Swar.SPACES)
              | Swar.has(w, Swar.BACKSLASHES)
              | Swar.has(w, equals);
      if (found != 0) {
        p = Math.min(p + (Long.numberOfTrailingZeros(found) >>> 3), end);
        break;
      }
      p += 8;
      if (p >= end) {
        p = end;
        break;
      }
    }
    if (p < end && b[p] == '\\') {
      return escapedName(start, end, stop, what);
    }
    pos = p;
    if (p == start) {
      return null;
    }
    String name = intern(b, start, p - start, what, start);
    int length = p - start;
    if (position < POSITIONS && length <= 16 && start + 8 <= b.length) {
      long head = (long) Swar.LONGS.get(b, start);
      expectedHead[position] = length < 8 ? head & (-1L >>> (64 - 8 * length)) : head;
      expectedTail[position] = length > 8 ? (long) Swar.LONGS.get(b, p - 8) : 0;
      expectedLength[position] = length;
      expectedName[position] = name;
    }
    return name;
  }

  /**
   * {@link #name} for a name with a backslash: the backslash and the byte after it go together;
   * they stand for that byte when it is of the {@code stop} class, else for themselves.
   */
  private String escapedName(int start, int end, int stop, String what) {
    final byte[] b = buf;
    byte[] out = scratch(end - start);
    int n = 0;
    int p = start;
    while (p < end) {
      byte c = b[p];
      if ((CLASS[c & 0xff] & stop) != 0) {
        break;
      }
      if (c == '\\' && p + 1 < end) {
        c = b[++p];
        if ((CLASS[c & 0xff] & stop) == 0) {
          out[n++] = '\\';
        }
      }
      out[n++] = c;
      p++;
    }
    pos = p;
    return intern(out, 0, n, what, start);
  }

  private String intern(byte[] bytes, int offset, int length, String what, int at) {
    if (length > StringCache.MAX_LENGTH) {
      return decode(bytes, offset, length, what, at);
    }
    String s = cache.get(bytes, offset, length);
    if (s == null) {
      s = decode(bytes, offset, length, what, at);
      cache.put(bytes, offset, length, s);
    }
    return s;
  }

  /** Decodes UTF-8, strictly: bytes that are not UTF-8 fail the line. */
  private String decode(byte[] bytes, int offset, int length, String what, int at) {
    int i = offset;
    int end = offset + length;
    while (i < end && bytes[i] >= 0) {
      i++;
    }
    if (i == end) {
      return new String(bytes, offset, length, ISO_8859_1); // ASCII: a plain copy
    }
    try {
      return utf8.decode(ByteBuffer.wrap(bytes, offset, length)).toString();
    } catch (CharacterCodingException e) {
      throw fail(at, "invalid UTF-8 in " + what);
    }
  }

  private byte[] scratch(int size) {
    if (scratch.length < size) {
      scratch = new byte[Math.max(size, scratch.length * 2)];
    }
    return scratch;
  }

  /** Parses the field value at {@code p} and adds the field; returns the end of the value. */
  private int value(int p, int end, String key) {
    final byte[] b = buf;
    byte c = b[p];
    if (c == '"') {
      return string(p, end, key);
    }
    if ((c >= '0' && c <= '9') || c == '-' || c == '.') {
      return number(p, end, key);
    }
    int e = tokenEnd(p, end);
    if (c == 't' || c == 'T' || c == 'f' || c == 'F') {
      assembler.addField(key, BOOLEAN, bool(p, e, key) ? 1 : 0, null);
    } else {
      throw invalid(p, e, key);
    }
    return e;
  }

  /** The end of the unquoted value at {@code p}: the next comma, space or line end. */
  private int tokenEnd(int p, int end) {
    while (p < end && buf[p] != ',' && buf[p] != ' ') {
      p++;
    }
    return p;
  }

  /** A string value from the quote at {@code p}: {@code \"} is a quote, {@code \\} a backslash. */
  private int string(int p, int end, String key) {
    final byte[] b = buf;
    int q = p + 1;
    boolean escaped = false;
    while (q < end) {
      byte c = b[q];
      if (c == '"') {
        break;
      }
      if (c == '\\') {
        escaped = true;
        q += 2;
        continue;
      }
      q++;
    }
    if (q >= end) {
      throw fail(p, "unterminated string for field '" + shorten(key) + "'");
    }
    String value;
    if (!escaped) {
      value = decode(b, p + 1, q - p - 1, "the value of field '" + key + "'", p);
    } else {
      byte[] out = scratch(q - p);
      int n = 0;
      for (int i = p + 1; i < q; i++) {
        byte c = b[i];
        if (c == '\\') {
          byte next = b[++i];
          if (next != '"' && next != '\\') {
            out[n++] = c;
          }
          c = next;
        }
        out[n++] = c;
      }
      value = decode(out, 0, n, "the value of field '" + key + "'", p);
    }
    assembler.addField(key, STRING, 0, value);
    return q + 1;
  }

  /** An integer ({@code i}) or unsigned ({@code u}) value in {@code [p, e)}, suffix included. */
  private void integer(int p, int e, String key, boolean unsigned) {
    final byte[] b = buf;
    int q = p;
    boolean negative = b[q] == '-';
    if (negative) {
      q++;
    }
    if (q == e - 1) {
      throw invalid(p, e, key);
    }
    long value = 0; // signed: accumulated as a negative number, which reaches Long.MIN_VALUE
    boolean overflow = false;
    for (; q < e - 1; q++) {
      int digit = b[q] - '0';
      if (digit < 0 || digit > 9) {
        throw invalid(p, e, key);
      }
      if (unsigned) {
        if (Long.compareUnsigned(value, 0x1999_9999_9999_9999L) > 0) {
          overflow = true;
        } else {
          long next = value * 10 + digit;
          overflow |= Long.compareUnsigned(next, value * 10) < 0;
          value = next;
        }
      } else if (value < Long.MIN_VALUE / 10 || value * 10 < Long.MIN_VALUE + digit) {
        overflow = true;
      } else {
        value = value * 10 - digit;
      }
    }
    if (unsigned) {
      if (overflow || negative) {
        throw fail(p, "unsigned " + text(p, e) + " out of range for field '" + shorten(key) + "'");
      }
      assembler.addField(key, UNSIGNED, value, null);
    } else {
      if (overflow || (!negative && value == Long.MIN_VALUE)) {
        throw fail(p, "integer " + text(p, e) + " out of range for field '" + shorten(key) + "'");
      }
      assembler.addField(key, INTEGER, negative ? value : -value, null);
    }
  }

  /**
   * A number from {@code p}: an integer or unsigned integer when its digits end in {@code i} or
   * {@code u}, else a float, {@code [-] digits [. [digits]] [exponent]} or {@code [-] . digits
   * [exponent]}. Adds the field and returns the end of the value.
   *
   * <p>A float is exact by Clinger's fast path when its digits fit a double and the power of ten is
   * small (every realistic reading); otherwise Double.parseDouble reads it, after this method has
   * checked the syntax, since that accepts more (hex, a {@code d} suffix, white space).
   */
  private int number(int p, int end, String key) {
    final byte[] b = buf;
    int q = p;
    boolean negative = b[q] == '-';
    if (negative) {
      q++;
    }
    long mantissa = 0;
    int digits = 0; // significant digits in mantissa
    int scale = 0;
    boolean exact = true;
    int digitsStart = q;
    for (; q < end; q++) {
      int digit = b[q] - '0';
      if (digit < 0 || digit > 9) {
        break;
      }
      if (digits < 18) {
        mantissa = mantissa * 10 + digit;
        if (mantissa != 0) {
          digits++;
        }
      } else {
        exact = false;
      }
    }
    boolean any = q > digitsStart;
    // Plain: digits before any point, without a leading zero, and digits after a point.
    boolean plain = any && (b[digitsStart] != '0' || q == digitsStart + 1);
    if (any && q < end && (b[q] == 'i' || b[q] == 'u')) {
      int e = q + 1;
      if (e == end || b[e] == ',' || b[e] == ' ') {
        integer(p, e, key, b[q] == 'u');
        return e;
      }
    }
    if (q < end && b[q] == '.') {
      q++;
      plain &= q < end && b[q] >= '0' && b[q] <= '9';
      for (; q < end; q++) {
        int digit = b[q] - '0';
        if (digit < 0 || digit > 9) {
          break;
        }
        if (digits < 18) {
          mantissa = mantissa * 10 + digit;
          if (mantissa != 0) {
            digits++;
          }
          scale--;
        } else {
          exact = false;
        }
        any = true;
      }
    }
    if (!any) {
      throw invalid(p, tokenEnd(p, end), key);
    }
    if (q < end && (b[q] == 'e' || b[q] == 'E')) {
      plain = false;
      q++;
      boolean negativeExponent = false;
      if (q < end && (b[q] == '+' || b[q] == '-')) {
        negativeExponent = b[q] == '-';
        q++;
      }
      int exponent = 0;
      int start = q;
      while (q < end && b[q] >= '0' && b[q] <= '9') {
        exponent = Math.min(exponent * 10 + (b[q] - '0'), 100_000);
        q++;
      }
      if (q == start) {
        throw invalid(p, tokenEnd(p, end), key);
      }
      scale += negativeExponent ? -exponent : exponent;
    }
    if (q < end && b[q] != ',' && b[q] != ' ') {
      throw invalid(p, tokenEnd(p, end), key);
    }
    double value;
    if (exact && mantissa == 0) {
      value = 0;
    } else if (exact && mantissa < (1L << 53) && scale >= -22 && scale <= 22) {
      value = scale < 0 ? mantissa / POWERS_OF_TEN[-scale] : mantissa * POWERS_OF_TEN[scale];
    } else {
      value = Math.abs(Double.parseDouble(new String(b, p, q - p, ISO_8859_1)));
      if (Double.isInfinite(value)) {
        throw fail(
            p,
            "invalid field value '"
                + text(p, q)
                + "' for field '"
                + shorten(key)
                + "' (out of range for a 64-bit float)");
      }
    }
    assembler.addField(key, FLOAT, Double.doubleToRawLongBits(negative ? -value : value), null);
    plainNumber = plain;
    return q;
  }

  private boolean bool(int p, int e, String key) {
    final byte[] b = buf;
    switch (e - p) {
      case 1:
        return b[p] == 't' || b[p] == 'T';
      case 4:
        if (matches(p, "true") || matches(p, "True") || matches(p, "TRUE")) {
          return true;
        }
        break;
      case 5:
        if (matches(p, "false") || matches(p, "False") || matches(p, "FALSE")) {
          return false;
        }
        break;
      default:
        break;
    }
    throw invalid(p, e, key);
  }

  private boolean matches(int p, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      if (buf[p + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The error for a field value that is none of the five kinds. */
  private BadLine invalid(int p, int e, String key) {
    String token = text(p, e);
    String unsigned = token.startsWith("-") || token.startsWith("+") ? token.substring(1) : token;
    String hint = "";
    if (unsigned.equalsIgnoreCase("nan")
        || unsigned.equalsIgnoreCase("inf")
        || unsigned.equalsIgnoreCase("infinity")) {
      hint = " (NaN and infinities are not allowed)";
    } else if (Character.isLetter(token.codePointAt(0))) {
      hint = " (string values must be in double quotes)";
    }
    return fail(p, "invalid field value '" + token + "' for field '" + shorten(key) + "'" + hint);
  }

  /** The timestamp at {@code p}, in nanoseconds; the rest of the line must be spaces. */
  private long timestamp(int p, int end, Precision precision) {
    final byte[] b = buf;
    int q = p;
    boolean negative = b[q] == '-';
    if (negative) {
      q++;
    }
    int digitsStart = q;
    long value = 0; // the magnitude; beyond Long.MAX_VALUE is out of InfluxDB's range either way
    // Eight digits a step while the value stays far from overflow: nanosecond times have 19.
    while (q + 8 <= end && value < 10_000_000_000L) {
      long eight = Swar.eightDigits((long) Swar.LONGS.get(b, q));
      if (eight < 0) {
        break;
      }
      value = value * 100_000_000L + eight;
      q += 8;
    }
    boolean overflow = false;
    while (q < end && b[q] >= '0' && b[q] <= '9') {
      int digit = b[q] - '0';
      if (value > (Long.MAX_VALUE - digit) / 10) {
        overflow = true;
      } else {
        value = value * 10 + digit;
      }
      q++;
    }
    if (q == digitsStart || (q < end && b[q] != ' ')) {
      int e = q;
      while (e < end && b[e] != ' ') {
        e++;
      }
      throw fail(p, "invalid timestamp '" + text(p, e) + "'");
    }
    if (negative) {
      value = -value;
    }
    if (overflow || value < precision.minUnits || value > precision.maxUnits) {
      throw fail(
          p,
          "timestamp "
              + text(p, q)
              + " out of range for precision "
              + precision.name().toLowerCase());
    }
    long time = value * precision.nanosPerUnit();
    while (q < end && b[q] == ' ') {
      q++;
    }
    if (q < end) {
      throw fail(q, "unexpected text '" + text(q, end) + "' after timestamp");
    }
    return time;
  }

  private BadLine fail(int at, String reason) {
    failAt = at;
    failReason = reason;
    return BAD_LINE;
  }

  private LineError error(int line, int lineStart, int lineEnd) {
    int column = 1;
    for (int i = lineStart; i < failAt; i++) {
      if ((buf[i] & 0xC0) != 0x80) {
        column++;
      }
    }
    // Decode at most 4 bytes per code point kept: enough for MAX_TEXT whole code points.
    int end = Math.min(lineEnd, lineStart + 4 * MAX_TEXT + 4);
    String text = cut(new String(buf, lineStart, end - lineStart, UTF_8), MAX_TEXT);
    if (end < lineEnd && !text.endsWith("…")) {
      text += "…";
    }
    return new LineError(line, column, failReason, text);
  }

  /** The bytes {@code [p, e)} as text for a message, cut to a short length. */
  private String text(int p, int e) {
    int end = Math.min(e, p + 4 * MAX_TOKEN + 4);
    String text = cut(new String(buf, p, end - p, UTF_8), MAX_TOKEN);
    return end < e && !text.endsWith("…") ? text + "…" : text;
  }

  private static String shorten(String name) {
    return cut(name, MAX_TOKEN);
  }

  private static String cut(String s, int codePoints) {
    if (s.length() <= codePoints || s.codePointCount(0, s.length()) <= codePoints) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, codePoints)) + "…";
  }
}
