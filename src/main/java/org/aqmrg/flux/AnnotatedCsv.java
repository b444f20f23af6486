package org.aqmrg.flux;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * Results as InfluxDB's annotated CSV: a block per run of tables with the same columns, each opened
 * by the {@code #datatype}, {@code #group} and {@code #default} annotations the dialect asks for
 * and a header, then a row per table row with the table's number; blocks and results are separated
 * by an empty line. Times are RFC 3339 with as many fractional digits as they need, floats as Go's
 * {@code strconv.FormatFloat(v, 'f', -1, 64)} writes them, so that the official clients read the
 * answer as they read InfluxDB's.
 */
public final class AnnotatedCsv {
  /** The parts of the answer asked for: annotations (any of datatype, group, default), header. */
  public record Dialect(Set<String> annotations, boolean header) {
    public static final Set<String> ALL = Set.of("datatype", "group", "default");

    /** What the official clients ask for. */
    public static final Dialect CLIENTS = new Dialect(ALL, true);

    /**
     * What InfluxDB answers to a bare {@code application/vnd.flux} body: a header, no annotations.
     */
    public static final Dialect PLAIN = new Dialect(Set.of(), true);
  }

  record Result(String name, List<Table> tables) {}

  private AnnotatedCsv() {}

  static void write(List<Result> results, Dialect dialect, OutputStream stream) throws IOException {
    Writer out =
        new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    boolean first = true;
    for (Result result : results) {
      Table previous = null;
      int id = 0;
      for (Table table : result.tables()) {
        if (previous == null || !table.sameSchema(previous)) {
          if (!first) {
            out.write("\r\n");
          }
          first = false;
          annotations(out, table, result.name(), dialect);
        }
        previous = table;
        String name = dialect.annotations().contains("default") ? "" : escape(result.name());
        // Every row of a table starts alike, and its key columns (_start, _stop, tags) repeat:
        // each distinct value is formatted once.
        String start = "," + name + "," + id;
        Object[] last = new Object[table.columns.size()];
        String[] text = new String[last.length];
        for (Object[] row : table.rows) {
          out.write(start);
          for (int i = 0; i < row.length; i++) {
            Object value = row[i];
            if (value != last[i] || text[i] == null) {
              last[i] = value;
              text[i] = cell(value);
            }
            out.write(',');
            out.write(text[i]);
          }
          out.write("\r\n");
        }
        id++;
      }
    }
    out.flush();
  }

  private static void annotations(Writer out, Table table, String result, Dialect dialect)
      throws IOException {
    if (dialect.annotations().contains("datatype")) {
      out.write("#datatype,string,long");
      for (Table.Column c : table.columns) {
        out.write(',');
        out.write(c.type().csv);
      }
      out.write("\r\n");
    }
    if (dialect.annotations().contains("group")) {
      out.write("#group,false,false");
      for (Table.Column c : table.columns) {
        out.write(c.key() ? ",true" : ",false");
      }
      out.write("\r\n");
    }
    if (dialect.annotations().contains("default")) {
      out.write("#default,");
      out.write(escape(result));
      out.write(',');
      out.write(",".repeat(table.columns.size()));
      out.write("\r\n");
    }
    if (dialect.header()) {
      out.write(",result,table");
      for (Table.Column c : table.columns) {
        out.write(',');
        out.write(escape(c.name()));
      }
      out.write("\r\n");
    }
  }

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Double d) {
      return number(d);
    }
    if (value instanceof Instant t) {
      return time(t);
    }
    return value instanceof String s ? escape(s) : value.toString();
  }

  static String number(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    String shortest = Double.toString(d);
    // Double.toString is the shortest text that reads back as d; only its exponent form differs
    return shortest.indexOf('E') < 0
        ? shortest
        : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  /** RFC 3339 with the fraction of a second trimmed of trailing zeros, as Go's RFC3339Nano. */
  static String time(Instant t) {
    var d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
    if (d.getYear() < 1000 || d.getYear() > 9999) {
      return slowTime(t);
    }
    var out = new StringBuilder(30).append(d.getYear()).append('-');
    two(out, d.getMonthValue()).append('-');
    two(out, d.getDayOfMonth()).append('T');
    two(out, d.getHour()).append(':');
    two(out, d.getMinute()).append(':');
    two(out, d.getSecond());
    int nano = t.getNano();
    if (nano != 0) {
      String digits = Integer.toString(1_000_000_000 + nano).substring(1);
      int end = digits.length();
      while (digits.charAt(end - 1) == '0') {
        end--;
      }
      out.append('.').append(digits, 0, end);
    }
    return out.append('Z').toString();
  }

  private static StringBuilder two(StringBuilder out, int value) {
    return out.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
  }

  private static String slowTime(Instant t) {
    String text = t.toString();
    int dot = text.indexOf('.');
    if (dot < 0) {
      return text;
    }
    int last = text.length() - 2;
    while (last > dot && text.charAt(last) == '0') {
      last--;
    }
    return last == dot ? text.substring(0, dot) + "Z" : text.substring(0, last + 1) + "Z";
  }

  static String escape(String s) {
    boolean quote = false;
    for (int i = 0; i < s.length() && !quote; i++) {
      char c = s.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
