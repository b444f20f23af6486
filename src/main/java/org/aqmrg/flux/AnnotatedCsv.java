package org.aqmrg.flux;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
        for (Object[] row : table.rows) {
          out.write(',');
          out.write(name);
          out.write(',');
          out.write(Integer.toString(id));
          for (Object value : row) {
            out.write(',');
            out.write(cell(value));
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
    return d == 0 ? "0" : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
  }

  /** RFC 3339 with the fraction of a second trimmed of trailing zeros, as Go's RFC3339Nano. */
  static String time(Instant t) {
    String text = t.toString();
    int dot = text.indexOf('.');
    if (dot < 0) {
      return text;
    }
    int end = text.length() - 1;
    int last = end - 1;
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
