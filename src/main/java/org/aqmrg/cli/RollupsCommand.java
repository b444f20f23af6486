package org.aqmrg.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.aqmrg.app.Platform;
import org.aqmrg.rollups.Rollups;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./aqmrg rollups rebuild}: recomputes the hourly and daily rollups of a time range. */
@Command(
    name = "rollups",
    mixinStandardHelpOptions = true,
    description = "Recompute the hourly and daily rollups.",
    subcommands = {RollupsCommand.Rebuild.class})
final class RollupsCommand extends CommandGroup {

  @Command(
      name = "rebuild",
      mixinStandardHelpOptions = true,
      description = {
        "Recompute every hour of the range that has raw readings, and the local days that hold"
            + " them: for readings stored before the rollups existed, or after a fix.",
        "Times are RFC 3339 (2026-11-02T10:00:00Z) or a date (2026-11-02, in UTC: --from its"
            + " start, --to its end). Hours without raw readings (past the raw retention) are"
            + " left as they are. It shows progress, then a summary."
      })
  static final class Rebuild implements Callable<Integer> {
    @CommandLine.ParentCommand RollupsCommand rollups;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--from", required = true, description = "start of the range")
    String from;

    @Option(names = "--to", required = true, description = "end of the range (exclusive)")
    String to;

    @Option(
        names = "--sensor",
        paramLabel = "ID",
        description = "only this sensor (repeatable; default: every registered sensor)")
    List<String> sensors = new ArrayList<>();

    @Override
    public Integer call() {
      var commandLine = spec.commandLine();
      Instant start = time(commandLine, "--from", from, false);
      Instant end = time(commandLine, "--to", to, true);
      if (!start.isBefore(end)) {
        throw new CommandLine.ParameterException(
            commandLine, "--from (" + start + ") must be before --to (" + end + ")");
      }
      PrintWriter out = commandLine.getOut();
      try (var platform = Platform.start(rollups.main.settings())) {
        var lookup = platform.web().registry();
        for (String sensor : sensors) {
          if (!lookup.sensorExists(sensor)) {
            throw new CommandFailedException("no sensor '" + sensor + "' in the registry", 2);
          }
        }
        var progress = new Progress(commandLine.getErr());
        long started = System.nanoTime();
        long written = platform.rollupService().rebuild(start, end, sensors, progress);
        progress.done();
        out.printf(
            Locale.ROOT,
            "Rebuilt %,d hour(s) with raw readings and their days, %s to %s, in %.1f s.%n",
            written,
            start,
            end,
            (System.nanoTime() - started) / 1e9);
        return 0;
      }
    }

    private static Instant time(
        CommandLine commandLine, String option, String value, boolean endOfDay) {
      try {
        if (value.length() == 10) {
          LocalDate day = LocalDate.parse(value);
          return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return OffsetDateTime.parse(value).toInstant();
      } catch (DateTimeParseException e) {
        throw new CommandLine.ParameterException(
            commandLine,
            option
                + " must be an RFC 3339 time such as 2026-11-02T10:00:00Z or a date such as"
                + " 2026-11-02, got '"
                + value
                + "'");
      }
    }
  }

  /** The sensor-hours done of the range. */
  private static final class Progress implements Rollups.Progress {
    private final ProgressBar bar;

    Progress(PrintWriter err) {
      this.bar = new ProgressBar(err, "rollups rebuild");
    }

    @Override
    public void hours(long done, long total) {
      bar.show(
          total == 0 ? 1 : done / (double) total,
          String.format(Locale.ROOT, "%,d of %,d sensor-hours", done, total));
    }

    void done() {
      bar.done();
    }
  }
}
