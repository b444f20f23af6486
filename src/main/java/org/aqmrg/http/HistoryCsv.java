package org.aqmrg.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.aqmrg.aqi.OverallIndex;
import org.aqmrg.aqi.Pollutant;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Row;
import org.aqmrg.rollups.AqiReport;
import org.aqmrg.rollups.RollupWindow;

/**
 * A history answer as CSV that a spreadsheet opens as it is (RFC 4180): a header row, CRLF line
 * ends, UTF-8, times in ISO-8601 UTC, numbers in plain decimal notation, empty cells for absent
 * values. Column names carry the unit in ASCII ({@code pm25_ug_m3}, {@code temperature_c}, …; with
 * {@code fn=count}, {@code pm25_count}), so no spreadsheet misreads them whatever encoding it
 * guesses. Raw readings have a {@code sensor_id} column: a text cell with a comma, quote or line
 * break is quoted, and one that a spreadsheet would take for a formula (starting with {@code =},
 * {@code +}, {@code -}, {@code @}, tab or carriage return) gets a leading {@code '}, as OWASP
 * advises against CSV injection.
 *
 * <p>Windows read from rollups add, after each field's column, its coverage ({@code
 * pm25_coverage_pct}) and for daily windows whether it is complete ({@code pm25_complete}, {@code
 * true}/{@code false}); daily windows' times are local midnights with their offset. With {@code
 * fn=aqi} the columns are {@code time,aqi,category,colour,dominant}, one {@code <pollutant>_aqi}
 * per pollutant the scale rates (the highest of its sub-indices) and {@code reason}.
 */
final class HistoryCsv implements HistoryWriter {
  private final Writer out;
  private final HistoryParams params;
  private final ZoneId zone;
  private boolean started;

  HistoryCsv(OutputStream stream, HistoryParams params, ZoneId zone) {
    this.out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
    this.params = params;
    this.zone = zone;
  }

  /** The column of a field: its key and the unit, in ASCII. */
  static String column(Field field, String fn) {
    if ("count".equals(fn)) {
      return field.key() + "_count";
    }
    return field.key()
        + switch (field) {
          case PM25, PM10 -> "_ug_m3";
          case TEMPERATURE -> "_c";
          case HUMIDITY -> "_pct";
          case CO -> "_ppm";
          case NO2, O3 -> "_ppb";
        };
  }

  private void start() throws IOException {
    started = true;
    HistoryWindow window = params.window();
    out.write("time");
    if (window.aqi()) {
      out.write(",aqi,category,colour,dominant");
      for (Pollutant pollutant : rated()) {
        out.write("," + pollutant.key() + "_aqi");
      }
      out.write(",reason\r\n");
      return;
    }
    if (params.raw()) {
      out.write(",sensor_id");
    }
    for (Field field : params.fields()) {
      out.write(',');
      out.write(column(field, params.raw() ? null : window.fn()));
      if (window.rollup().isPresent()) {
        out.write("," + field.key() + "_coverage_pct");
        if (daily()) {
          out.write("," + field.key() + "_complete");
        }
      }
    }
    out.write("\r\n");
  }

  private boolean daily() {
    return params.window().source().equals("daily");
  }

  private List<Pollutant> rated() {
    return params.window().scale().rates().keySet().stream()
        .filter(p -> p.field().isPresent())
        .toList();
  }

  private String time(Instant start) {
    return daily() ? ApiTime.local(start, zone) : ApiTime.format(start);
  }

  @Override
  public void window(RollupWindow window) throws IOException {
    if (!started) {
      start();
    }
    out.write(time(window.start()));
    for (Field field : params.fields()) {
      RollupWindow.Cell cell = window.cells().get(field);
      out.write(',');
      if (cell.value() != null) {
        out.write(number(cell.value()));
      }
      out.write("," + number(cell.coverage()));
      if (daily()) {
        out.write("," + cell.complete());
      }
    }
    out.write("\r\n");
  }

  @Override
  public void report(AqiReport report) throws IOException {
    if (!started) {
      start();
    }
    OverallIndex overall = report.overall();
    out.write(time(report.start()));
    out.write("," + (overall.present() ? overall.value() : ""));
    out.write("," + (overall.present() ? text(overall.category().name()) : ""));
    out.write("," + (overall.present() ? overall.category().colour() : ""));
    out.write("," + (overall.present() ? overall.dominant().key() : ""));
    for (Pollutant pollutant : rated()) {
      OptionalInt highest =
          report.pollutants().stream()
              .filter(r -> r.pollutant() == pollutant && r.index() != null && r.index().present())
              .mapToInt(r -> r.index().value())
              .max();
      out.write("," + (highest.isPresent() ? Integer.toString(highest.getAsInt()) : ""));
    }
    out.write("," + (overall.reason() == null ? "" : text(overall.reason())) + "\r\n");
  }

  @Override
  public void row(Row row) throws IOException {
    if (!started) {
      start();
    }
    out.write(ApiTime.format(row.time()));
    if (params.raw()) {
      out.write(',');
      out.write(text(row.sensorId()));
    }
    for (Field field : params.fields()) {
      out.write(',');
      if (row.has(field)) {
        out.write(number(row.get(field).getAsDouble()));
      }
    }
    out.write("\r\n");
  }

  @Override
  public void finish(Optional<Query.Position> next) throws IOException {
    if (!started) {
      start();
    }
    out.flush();
  }

  @Override
  public boolean started() {
    return started;
  }

  /** A text cell, quoted when it must be, defused when a spreadsheet would run it. */
  static String text(String value) {
    String cell = value;
    if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
      cell = "'" + cell;
    }
    if (cell.indexOf(',') >= 0
        || cell.indexOf('"') >= 0
        || cell.indexOf('\n') >= 0
        || cell.indexOf('\r') >= 0) {
      return '"' + cell.replace("\"", "\"\"") + '"';
    }
    return cell;
  }

  /** {@code 35.2}, {@code 78}, {@code 0.00001}: never exponent notation. */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    String text = Double.toString(value);
    return text.indexOf('E') < 0 ? text : new BigDecimal(text).stripTrailingZeros().toPlainString();
  }
}
