package org.aqmrg.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import org.aqmrg.identity.Principal;
import org.aqmrg.ingest.lineprotocol.FieldValue;
import org.aqmrg.ingest.lineprotocol.Point;
import org.aqmrg.ingest.lineprotocol.Precision;

/**
 * Reads a file of line protocol or CSV in batches and writes it through {@link IngestService}, with
 * the same validation as the HTTP doors. Refused lines keep their line numbers in the file.
 *
 * <p>CSV: a header row naming the columns, among {@code time} (ISO-8601 UTC, required), {@code
 * sensor_id} (required), {@code location}, {@code manufacturer} and the fields {@code pm25 … o3};
 * empty cells are absent fields. Commas inside values are not supported (no quoting): sensor ids
 * and tags never need them.
 */
public final class Importer {
  /** Input formats. */
  public enum Format {
    LINE_PROTOCOL,
    CSV
  }

  private final IngestService ingest;
  private final int batchLines;

  public Importer(IngestService ingest, int batchLines) {
    this.ingest = ingest;
    this.batchLines = batchLines;
  }

  /** How an import went. */
  public record Summary(
      long lines, long written, long refused, List<IngestService.Rejection> firstRefused) {}

  /**
   * Imports {@code in}; {@code progress} receives the number of bytes read so far after each batch.
   *
   * @throws org.aqmrg.error.StoreUnavailableException when the store refuses a batch; the batches
   *     before it are stored, and importing the file again is safe
   */
  public Summary run(InputStream in, Format format, Precision precision, LongConsumer progress)
      throws IOException {
    var counting = new CountingStream(in);
    var reader =
        new BufferedReader(new InputStreamReader(counting, StandardCharsets.UTF_8), 1 << 16);
    var totals = new Totals();
    List<String> header = null;
    int lineNumber = 0;
    int batchStart = 1;
    var batch = new ArrayList<String>(batchLines);
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      if (format == Format.CSV && header == null) {
        header = csvHeader(line);
        batchStart = lineNumber + 1;
        continue;
      }
      batch.add(line);
      if (batch.size() == batchLines) {
        flush(batch, batchStart, format, header, precision, totals);
        batchStart = lineNumber + 1;
        progress.accept(counting.count);
      }
    }
    if (!batch.isEmpty()) {
      flush(batch, batchStart, format, header, precision, totals);
    }
    progress.accept(counting.count);
    return new Summary(lineNumber, totals.written, totals.refused, totals.first);
  }

  private void flush(
      List<String> batch,
      int firstLine,
      Format format,
      List<String> header,
      Precision precision,
      Totals totals) {
    IngestService.Result result;
    if (format == Format.LINE_PROTOCOL) {
      byte[] body = String.join("\n", batch).getBytes(StandardCharsets.UTF_8);
      result = ingest.writeLineProtocol(Principal.OPERATOR, body, precision);
    } else {
      var points = new ArrayList<IngestService.Numbered>();
      var rejected = new ArrayList<IngestService.Rejection>();
      for (int i = 0; i < batch.size(); i++) {
        String row = batch.get(i);
        if (row.isBlank()) {
          continue;
        }
        try {
          points.add(new IngestService.Numbered(i + 1, csvPoint(header, row), row));
        } catch (IllegalArgumentException e) {
          rejected.add(new IngestService.Rejection(i + 1, 1, e.getMessage(), row));
        }
      }
      result = ingest.writePoints(Principal.OPERATOR, points, rejected);
    }
    totals.written += result.written();
    totals.refused += result.rejected().size();
    for (var rejection : result.rejected()) {
      if (totals.first.size() < 20) {
        totals.first.add(
            new IngestService.Rejection(
                rejection.line() + firstLine - 1,
                rejection.column(),
                rejection.reason(),
                rejection.text()));
      }
    }
    batch.clear();
  }

  private static List<String> csvHeader(String line) {
    var columns = new ArrayList<String>();
    for (String column : line.split(",", -1)) {
      columns.add(column.trim().toLowerCase(Locale.ROOT));
    }
    if (!columns.contains("time") || !columns.contains("sensor_id")) {
      throw new IllegalArgumentException(
          "line 1: the CSV header must name the columns time and sensor_id, got '" + line + "'");
    }
    return columns;
  }

  private static Point csvPoint(List<String> header, String row) {
    String[] cells = row.split(",", -1);
    if (cells.length != header.size()) {
      throw new IllegalArgumentException(
          "the row has " + cells.length + " cells, the header " + header.size());
    }
    var tags = new LinkedHashMap<String, String>();
    var fields = new LinkedHashMap<String, FieldValue>();
    long time = 0;
    for (int i = 0; i < cells.length; i++) {
      String column = header.get(i);
      String cell = cells[i].trim();
      switch (column) {
        case "time" -> time = csvTime(cell);
        case "sensor_id", "location", "manufacturer" -> {
          if (!cell.isEmpty()) {
            tags.put(column, cell);
          }
        }
        default -> {
          if (!cell.isEmpty()) {
            try {
              fields.put(column, FieldValue.ofFloat(Double.parseDouble(cell)));
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException(
                  "column " + column + ": '" + cell + "' is not a number");
            }
          }
        }
      }
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("the row has no field values");
    }
    return Point.of(Validator.MEASUREMENT, tags, fields, time);
  }

  private static long csvTime(String cell) {
    try {
      Instant time = Instant.parse(cell);
      return time.getEpochSecond() * 1_000_000_000L + time.getNano();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "column time: '" + cell + "' is not an ISO-8601 UTC time such as 2026-11-25T14:05:00Z");
    }
  }

  private static final class Totals {
    long written;
    long refused;
    final List<IngestService.Rejection> first = new ArrayList<>();
  }

  /** Counts the bytes read, for the progress bar. */
  private static final class CountingStream extends java.io.FilterInputStream {
    long count;

    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count++;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count += n;
      }
      return n;
    }
  }
}
