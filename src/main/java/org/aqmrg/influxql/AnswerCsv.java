package org.aqmrg.influxql;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Answers as InfluxDB 1.x gives CSV ({@code Accept: application/csv}): a header {@code
 * name,tags,time,…} for each new set of columns, then one line per row with the series' name and
 * its tags as {@code key=value} pairs; times in nanoseconds unless {@code epoch} says otherwise.
 * Statements follow each other, separated by an empty line; a failed statement is a line {@code
 * error} then its message.
 */
public final class AnswerCsv {
  private AnswerCsv() {}

  public static void write(List<Result> results, Epoch epoch, OutputStream out) throws IOException {
    Writer csv = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    boolean firstStatement = true;
    for (Result result : results) {
      if (!firstStatement) {
        csv.write("\n");
      }
      firstStatement = false;
      if (result.error() != null) {
        csv.write("error\n" + quote(result.error()) + "\n");
        continue;
      }
      List<String> header = null;
      for (Series series : result.series()) {
        if (!series.columns().equals(header)) {
          header = series.columns();
          csv.write("name,tags");
          for (String column : header) {
            csv.write("," + quote(column));
          }
          csv.write("\n");
        }
        String prefix =
            quote(series.name() == null ? "" : series.name()) + "," + quote(tags(series.tags()));
        for (List<Object> row : series.values()) {
          csv.write(prefix);
          for (int i = 0; i < row.size(); i++) {
            Object value = series.timed() && i == 0 ? epoch.show((Long) row.get(0)) : row.get(i);
            csv.write(",");
            csv.write(value == null ? "" : quote(value.toString()));
          }
          csv.write("\n");
        }
      }
    }
    csv.flush();
  }

  private static String tags(Map<String, String> tags) {
    var text = new StringBuilder();
    new TreeMap<>(tags)
        .forEach(
            (key, value) ->
                text.append(text.length() == 0 ? "" : ",").append(key).append('=').append(value));
    return text.toString();
  }

  /** A CSV cell, quoted when it holds a comma, a quote or a line break. */
  static String quote(String cell) {
    if (cell.indexOf(',') < 0
        && cell.indexOf('"') < 0
        && cell.indexOf('\n') < 0
        && cell.indexOf('\r') < 0) {
      return cell;
    }
    return "\"" + cell.replace("\"", "\"\"") + "\"";
  }
}
