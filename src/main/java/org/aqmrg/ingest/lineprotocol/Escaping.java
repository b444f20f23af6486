package org.aqmrg.ingest.lineprotocol;

import org.aqmrg.readings.LineProtocolNames;

/**
 * Writing line protocol, and checking that a name can be written so that the parser reads back the
 * same text.
 *
 * <p>The parser reads a backslash in a name together with the character after it: {@code \,} {@code
 * \=} (not in measurements) and {@code \ } stand for the character; any other pair, {@code \\}
 * included, stands for itself, as InfluxDB's own parser reads it. So a name is written character by
 * character with the special ones escaped ({@link LineProtocolNames}, the spelling the InfluxDB
 * adapter uses too), which reads back the same as long as no backslash comes before a special
 * character. Two kinds of name have no spelling, and no parsed line ever produces them: one with a
 * backslash that pairs with a special character or with nothing (at the end), and a measurement
 * that starts with {@code #} (a comment) or a tab (trimmed as leading white space).
 */
final class Escaping {
  private Escaping() {}

  /**
   * Null when the name can be written and read back as it is, else why not; {@code what} is the
   * name's role, e.g. {@code "tag key"}.
   */
  static String problem(String what, String name, boolean measurement) {
    if (name.isEmpty()) {
      return what + " is empty";
    }
    if (measurement && (name.charAt(0) == '#' || name.charAt(0) == '\t')) {
      return what
          + " '"
          + name
          + "' starts with '"
          + name.charAt(0)
          + "', which line protocol reads"
          + (name.charAt(0) == '#' ? " as a comment" : " as leading white space");
    }
    int n = name.length();
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (c == '\n') {
        return what + " '" + name + "' holds a newline";
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(name.charAt(i + 1))) {
          i++;
          continue;
        }
        return what + " '" + name + "' holds an unpaired surrogate";
      }
      if (c == '\\') {
        char next = i + 1 < n ? name.charAt(i + 1) : 0;
        if (i + 1 == n || LineProtocolNames.special(next, measurement) || next == '\n') {
          return what
              + " '"
              + name
              + "' has a backslash before "
              + (i + 1 == n ? "its end" : "'" + next + "'")
              + ", which line protocol cannot spell";
        }
        if (!Character.isSurrogate(next)) {
          i++; // the pair stands for itself (a surrogate is left to the check above)
        }
      }
    }
    return null;
  }

  /** Checks a string field value: anything but a newline (or an unpaired surrogate). */
  static String stringProblem(String what, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\n') {
        return what + " holds a newline";
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < value.length()
            && Character.isLowSurrogate(value.charAt(i + 1))) {
          i++;
          continue;
        }
        return what + " holds an unpaired surrogate";
      }
    }
    return null;
  }

  /**
   * Appends a measurement, tag key, tag value or field key, escaped; it must have no problem, and
   * is then spelt as {@link LineProtocolNames} spells it for InfluxDB.
   */
  static void appendName(StringBuilder out, String name, boolean measurement) {
    LineProtocolNames.append(out, name, measurement);
  }

  /** Appends a field value in line protocol: {@code 1.5}, {@code 12i}, {@code "text"}, ... */
  static void appendValue(StringBuilder out, int kind, long bits, String string) {
    switch (FieldValue.KINDS[kind]) {
      case FLOAT -> out.append(Double.longBitsToDouble(bits));
      case INTEGER -> out.append(bits).append('i');
      case UNSIGNED -> out.append(Long.toUnsignedString(bits)).append('u');
      case BOOLEAN -> out.append(bits != 0 ? "true" : "false");
      case STRING -> LineProtocolNames.appendString(out, string);
    }
  }
}
