package org.aqmrg.ingest.lineprotocol;

/**
 * A part of a line of line protocol, to say where in the line a point that parsed well was refused
 * (an unknown field, a value out of range, a time too far ahead): {@link #column} finds it in the
 * line as it was sent. Only refused lines are searched, so the good path pays nothing.
 */
public enum LinePart {
  /** The whole line: column 1. */
  LINE,
  MEASUREMENT,
  TAG_KEY,
  TAG_VALUE,
  FIELD_KEY,
  FIELD_VALUE,
  TIMESTAMP;

  /**
   * The column (in code points, from 1 at the first character of {@code line}) where this part
   * starts; for a tag or a field, the one whose key is {@code key} (for a field given twice, the
   * last, whose value counts). 1 when the line has no such part.
   */
  public int column(String line, String key) {
    int at = find(line, key);
    return at < 0 ? 1 : line.codePointCount(0, at) + 1;
  }

  private int find(String line, String key) {
    int end = line.length();
    int p = 0;
    while (p < end && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
      p++;
    }
    if (this == LINE) {
      return -1;
    }
    if (this == MEASUREMENT) {
      return p;
    }
    p = skipName(line, p, false);
    while (p < end && line.charAt(p) == ',') {
      int keyStart = p + 1;
      int keyEnd = skipName(line, keyStart, true);
      int valueStart = Math.min(keyEnd + 1, end);
      p = skipName(line, valueStart, true);
      if (unescaped(line, keyStart, keyEnd).equals(key)) {
        if (this == TAG_KEY) {
          return keyStart;
        }
        if (this == TAG_VALUE) {
          return valueStart;
        }
      }
    }
    while (p < end && line.charAt(p) == ' ') {
      p++;
    }
    int found = -1;
    while (p < end) {
      int keyStart = p;
      int keyEnd = skipName(line, keyStart, true);
      int valueStart = Math.min(keyEnd + 1, end);
      p = skipValue(line, valueStart);
      if (unescaped(line, keyStart, keyEnd).equals(key)) {
        if (this == FIELD_KEY) {
          return keyStart;
        }
        found = valueStart;
      }
      if (p >= end || line.charAt(p) != ',') {
        break;
      }
      p++;
    }
    if (this == FIELD_VALUE) {
      return found;
    }
    while (p < end && line.charAt(p) == ' ') {
      p++;
    }
    return this == TIMESTAMP && p < end ? p : -1;
  }

  /**
   * The end of a name from {@code p}: the first comma or space (or equals sign, in keys) not
   * escaped.
   */
  private static int skipName(String line, int p, boolean key) {
    while (p < line.length()) {
      char c = line.charAt(p);
      if (c == '\\') {
        p += 2;
        continue;
      }
      if (c == ',' || c == ' ' || (key && c == '=')) {
        break;
      }
      p++;
    }
    return Math.min(p, line.length());
  }

  /** The end of a field value from {@code p}: a quoted string whole, else to a comma or space. */
  private static int skipValue(String line, int p) {
    if (p < line.length() && line.charAt(p) == '"') {
      p++;
      while (p < line.length() && line.charAt(p) != '"') {
        p += line.charAt(p) == '\\' ? 2 : 1;
      }
      return Math.min(p + 1, line.length());
    }
    while (p < line.length() && line.charAt(p) != ',' && line.charAt(p) != ' ') {
      p++;
    }
    return p;
  }

  /**
   * A key as the parser reads it: a backslash before a comma, space or equals sign stands for it.
   */
  private static String unescaped(String line, int from, int to) {
    if (line.indexOf('\\', from) < 0 || line.indexOf('\\', from) >= to) {
      return line.substring(from, to);
    }
    var out = new StringBuilder(to - from);
    for (int i = from; i < to; i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < to && ",= ".indexOf(line.charAt(i + 1)) >= 0) {
        c = line.charAt(++i);
      }
      out.append(c);
    }
    return out.toString();
  }
}
