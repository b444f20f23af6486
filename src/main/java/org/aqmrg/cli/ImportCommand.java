package org.aqmrg.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aqmrg.app.Platform;
import org.aqmrg.error.StoreRefusedException;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.ingest.Importer;
import org.aqmrg.ingest.lineprotocol.Precision;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./aqmrg import FILE}: historical readings from line protocol or CSV. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Import readings from a file of line protocol (.lp, .txt) or CSV (.csv).",
      "Readings are validated as the write API does. It shows progress, then a summary, and exits"
          + " 1 when lines were refused.",
      "CSV: a header row with time (ISO-8601 UTC) and sensor_id, and any of location,"
          + " manufacturer, pm25, pm10, temperature, humidity, co, no2, o3; a cell in double"
          + " quotes may hold commas and doubled quotes (RFC 4180).",
      "Importing a file again is safe: a reading replaces the stored one of the same sensor and"
          + " time."
    })
final class ImportCommand implements Callable<Integer> {
  @CommandLine.ParentCommand Main main;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "the file to import")
  Path file;

  @Option(
      names = "--format",
      description = "lp or csv (default: from the file name; .csv is csv, anything else lp)")
  String format;

  @Option(
      names = "--precision",
      defaultValue = "ns",
      description = "unit of line-protocol timestamps: ns, us, ms or s (default: ${DEFAULT-VALUE})")
  String precision;

  @Option(
      names = "--batch",
      defaultValue = "5000",
      description = "lines per write (default: ${DEFAULT-VALUE})")
  int batch;

  @Override
  public Integer call() throws IOException {
    var commandLine = spec.commandLine();
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new CommandLine.ParameterException(commandLine, "cannot read file '" + file + "'");
    }
    if (batch < 1 || batch > 100_000) {
      throw new CommandLine.ParameterException(
          commandLine, "--batch must be from 1 to 100000, got " + batch);
    }
    Importer.Format chosen = format(commandLine);
    Precision unit;
    try {
      unit = Precision.parse(precision);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(
          commandLine, "--precision must be ns, us, ms or s, got '" + precision + "'");
    }
    PrintWriter out = commandLine.getOut();
    PrintWriter err = commandLine.getErr();
    long size = Files.size(file);
    var progress = new Progress(err, size);
    long started = System.nanoTime();
    try (var platform = Platform.start(main.settings());
        var in = Files.newInputStream(file)) {
      var importer = new Importer(platform.web().ingest(), batch);
      Importer.Summary summary;
      try {
        summary = importer.run(in, chosen, unit, progress::show);
      } catch (IllegalArgumentException e) {
        throw new CommandFailedException(file + ": " + e.getMessage(), 1);
      } catch (StoreRefusedException e) {
        throw new CommandFailedException(
            "the store refused a batch: "
                + e.getMessage()
                + ". The batches before it are stored; fix what the store names (./aqmrg doctor"
                + " checks it), then run the same import again (readings replace themselves).",
            69);
      } catch (StoreUnavailableException e) {
        throw new CommandFailedException(
            "the store stopped taking readings: "
                + e.getMessage()
                + ". The batches before it are stored; run the same import again once the store"
                + " is back (readings replace themselves, so nothing doubles).",
            69);
      }
      progress.done();
      double seconds = (System.nanoTime() - started) / 1e9;
      out.printf(
          Locale.ROOT,
          "Imported %s: %,d lines read, %,d readings written, %,d refused, in %.1f s (%,.0f lines/s).%n",
          file,
          summary.lines(),
          summary.written(),
          summary.refused(),
          seconds,
          summary.lines() / Math.max(seconds, 1e-3));
      for (var rejection : summary.firstRefused()) {
        if (rejection.column() > 1) {
          out.printf(
              "  line %d, column %d: %s%n",
              rejection.line(), rejection.column(), rejection.reason());
        } else {
          out.printf("  line %d: %s%n", rejection.line(), rejection.reason());
        }
      }
      if (summary.refused() > summary.firstRefused().size()) {
        out.printf("  … and %,d more%n", summary.refused() - summary.firstRefused().size());
      }
      return summary.refused() == 0 ? 0 : 1;
    }
  }

  private Importer.Format format(CommandLine commandLine) {
    String chosen =
        format != null
            ? format.toLowerCase(Locale.ROOT)
            : file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                ? "csv"
                : "lp";
    return switch (chosen) {
      case "lp", "line-protocol" -> Importer.Format.LINE_PROTOCOL;
      case "csv" -> Importer.Format.CSV;
      default ->
          throw new CommandLine.ParameterException(
              commandLine, "--format must be lp or csv, got '" + format + "'");
    };
  }

  /** The share of the file read, with the bytes and the time left. */
  private static final class Progress {
    private final ProgressBar bar;
    private final long size;
    private final long started = System.nanoTime();

    Progress(PrintWriter err, long size) {
      this.bar = new ProgressBar(err, "import");
      this.size = Math.max(1, size);
    }

    void show(long bytes) {
      double seconds = (System.nanoTime() - started) / 1e9;
      double rate = bytes / Math.max(seconds, 1e-3);
      long eta = rate > 0 ? Math.round((size - bytes) / rate) : 0;
      bar.show(
          bytes / (double) size,
          String.format(Locale.ROOT, "%,d of %,d bytes, ETA %d s", bytes, size, eta));
    }

    void done() {
      bar.done();
    }
  }
}
