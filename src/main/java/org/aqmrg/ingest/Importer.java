package org.aqmrg.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import org.aqmrg.identity.Principal;
import org.aqmrg.ingest.lineprotocol.Precision;

/**
 * Reads a file of line protocol or CSV in batches and writes it through {@link IngestService}, with
 * the same validation as the HTTP doors. Refused lines keep their line numbers in the file.
 *
 * <p>CSV as {@link CsvRows} reads it: a header row, then one reading per row; quoted cells may hold
 * commas, quotes and line breaks.
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
    if (format == Format.CSV) {
      long lines = importCsv(reader, totals, () -> progress.accept(counting.count));
      progress.accept(counting.count);
      return new Summary(lines, totals.written, totals.refused, totals.first);
    }
    int lineNumber = 0;
    int batchStart = 1;
    var batch = new ArrayList<String>(batchLines);
    String line;
    while ((line = reader.readLine()) != null) {
      lineNumber++;
      batch.add(line);
      if (batch.size() == batchLines) {
        flush(batch, batchStart, precision, totals);
        batchStart = lineNumber + 1;
        progress.accept(counting.count);
      }
    }
    if (!batch.isEmpty()) {
      flush(batch, batchStart, precision, totals);
    }
    progress.accept(counting.count);
    return new Summary(lineNumber, totals.written, totals.refused, totals.first);
  }

  private void flush(List<String> batch, int firstLine, Precision precision, Totals totals) {
    byte[] body = String.join("\n", batch).getBytes(StandardCharsets.UTF_8);
    count(ingest.writeLineProtocol(Principal.OPERATOR, body, precision), firstLine, totals);
    batch.clear();
  }

  /**
   * Imports the rows of a CSV file in batches; returns the lines read.
   *
   * @throws IllegalArgumentException for a bad header, or text that is not CSV (after storing the
   *     rows before it)
   */
  private long importCsv(Reader reader, Totals totals, Runnable progress) throws IOException {
    var rows = new CsvRows(reader);
    var points = new ArrayList<IngestService.Numbered>(batchLines);
    var refused = new ArrayList<IngestService.Rejection>();
    boolean more;
    do {
      more = rows.read(points, refused, batchLines);
      if (!points.isEmpty() || !refused.isEmpty()) {
        count(ingest.writePoints(Principal.OPERATOR, points, refused), 1, totals);
        points.clear();
        refused.clear();
        progress.run();
      }
    } while (more);
    if (rows.failure().isPresent()) {
      throw new IllegalArgumentException(rows.failure().get());
    }
    return rows.lines();
  }

  /** Adds a batch's result to the totals; its line numbers start at {@code firstLine}. */
  private static void count(IngestService.Result result, int firstLine, Totals totals) {
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
