package org.aqmrg.readings;

/**
 * The one spelling of a name in InfluxDB line protocol (measurement, tag key, tag value, field
 * key), used by the parser's writer of points and by the InfluxDB adapter: a comma, a space and,
 * outside a measurement, an equals sign get a backslash before them; every other character, a
 * backslash included, is written as it is.
 *
 * <p>InfluxDB 1.x reads {@code \,} {@code \ } {@code \=} as the character and any other backslash
 * as itself, so every name without a newline and not ending in a backslash comes back unchanged.
 * The platform's own parser reads a backslash together with the character after it, so for it the
 * names that come back unchanged are those that {@code ingest.lineprotocol} accepts (no backslash
 * before a special character); for those both readings agree.
 */
public final class LineProtocolNames {
  private LineProtocolNames() {}

  /** Whether {@code c} is written with a backslash before it. */
  public static boolean special(char c, boolean measurement) {
    return c == ',' || c == ' ' || (c == '=' && !measurement);
  }

  /**
   * Why {@code value} cannot be written as a tag value (InfluxDB would read it otherwise), or null
   * when it can: a newline ends the line, and a backslash at the end escapes the separator after
   * it.
   */
  public static String unwritableTagValue(String value) {
    if (value.indexOf('\n') >= 0) {
      return "holds a newline";
    }
    return value.endsWith("\\") ? "ends with a backslash" : null;
  }

  /**
   * Appends {@code name} escaped; {@code measurement} when it is one ({@code =} stays as it is).
   */
  public static void append(StringBuilder out, String name, boolean measurement) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (special(c, measurement)) {
        out.append('\\');
      }
      out.append(c);
    }
  }

  /**
   * Appends a string field value: in double quotes, with a backslash before {@code "} and {@code
   * \}.
   */
  public static void appendString(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\');
      }
      out.append(c);
    }
    out.append('"');
  }
}
