package org.aqmrg.ingest;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.aqmrg.ingest.lineprotocol.FieldValue;
import org.aqmrg.ingest.lineprotocol.Point;

/**
 * The rows of a CSV file of readings, parsed by Apache Commons CSV (RFC 4180: a cell in double
 * quotes may hold commas, line breaks and doubled quotes {@code ""}), each numbered by the line of
 * the file it starts on.
 *
 * <p>The first row is the header, naming the columns among {@code time} (ISO-8601 UTC, required),
 * {@code sensor_id} (required), {@code location}, {@code manufacturer} and the fields {@code pm25 …
 * o3}, in any case and order. Spaces around a cell are ignored, empty cells are absent fields and
 * empty lines are skipped. A row that cannot be read as a reading is refused with its line and the
 * column at fault; text that is not CSV (a quote never closed, a character after a closing quote)
 * ends the file there, as {@link #failure()}.
 */
final class CsvRows {
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setIgnoreSurroundingSpaces(true).setIgnoreEmptyLines(false).get();

  private final CSVParser parser;
  private final Iterator<CSVRecord> records;
  private final List<String> header;
  private long lastEnd;
  private long lastStart;
  private String failure;

  /**
   * Reads the header.
   *
   * @throws IllegalArgumentException when the header does not name {@code time} and {@code
   *     sensor_id}, or is not CSV
   */
  CsvRows(Reader reader) throws IOException {
    this.parser = FORMAT.parse(reader);
    this.records = parser.iterator();
    Optional<CSVRecord> first = nextRecord();
    if (failure != null) {
      throw new IllegalArgumentException(failure);
    }
    var columns = new ArrayList<String>();
    first.ifPresent(row -> row.forEach(c -> columns.add(c.trim().toLowerCase(Locale.ROOT))));
    if (!columns.contains("time") || !columns.contains("sensor_id")) {
      throw new IllegalArgumentException(
          "line 1: the CSV header must name the columns time and sensor_id, got '"
              + String.join(",", columns)
              + "'");
    }
    this.header = List.copyOf(columns);
  }

  /**
   * Reads up to {@code max} rows into {@code points} and {@code refused} (numbered by their line in
   * the file); false when the file has no more.
   */
  boolean read(
      List<IngestService.Numbered> points, List<IngestService.Rejection> refused, int max) {
    int taken = 0;
    while (taken < max) {
      Optional<CSVRecord> next = nextRecord();
      if (next.isEmpty()) {
        return false;
      }
      CSVRecord row = next.get();
      if (row.size() == 1 && row.get(0).isEmpty()) {
        continue; // an empty line
      }
      taken++;
      int line = (int) lastStart;
      String text = String.join(",", row.values());
      try {
        points.add(new IngestService.Numbered(line, point(row), text));
      } catch (IllegalArgumentException e) {
        refused.add(new IngestService.Rejection(line, 1, e.getMessage(), text));
      }
    }
    return true;
  }

  /** Why the file ended before its end, naming the line; empty when it was read to the end. */
  Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  /** The lines read so far. */
  long lines() {
    return Math.max(parser.getCurrentLineNumber(), lastStart);
  }

  private Optional<CSVRecord> nextRecord() {
    if (failure != null) {
      return Optional.empty();
    }
    try {
      if (!records.hasNext()) {
        return Optional.empty();
      }
      CSVRecord row = records.next();
      lastStart = lastEnd + 1;
      lastEnd = parser.getCurrentLineNumber();
      return Optional.of(row);
    } catch (UncheckedIOException | IllegalStateException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      failure =
          "line %d: not valid CSV from there (%s); the rows before it were imported"
              .formatted(lastEnd + 1, cause.getMessage());
      return Optional.empty();
    }
  }

  private Point point(CSVRecord row) {
    if (row.size() != header.size()) {
      throw new IllegalArgumentException(
          "the row has " + row.size() + " cells, the header " + header.size());
    }
    var tags = new LinkedHashMap<String, String>();
    var fields = new LinkedHashMap<String, FieldValue>();
    long time = 0;
    for (int i = 0; i < row.size(); i++) {
      String column = header.get(i);
      String cell = row.get(i);
      switch (column) {
        case "time" -> time = time(cell);
        case "sensor_id", "location", "manufacturer" -> {
          if (!cell.isEmpty()) {
            tags.put(column, cell);
          }
        }
        default -> {
          if (!cell.isEmpty()) {
            fields.put(column, number(column, i, cell));
          }
        }
      }
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("the row has no field values");
    }
    return Point.of(Validator.MEASUREMENT, tags, fields, time);
  }

  private static FieldValue number(String column, int index, String cell) {
    try {
      return FieldValue.ofFloat(Double.parseDouble(cell));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "column " + column + " (cell " + (index + 1) + "): '" + cell + "' is not a number");
    }
  }

  private static long time(String cell) {
    try {
      Instant time = Instant.parse(cell);
      return time.getEpochSecond() * 1_000_000_000L + time.getNano();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "column time: '" + cell + "' is not an ISO-8601 UTC time such as 2026-11-25T14:05:00Z");
    }
  }
}
