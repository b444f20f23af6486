package org.aqmrg.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.aqmrg.backup.Restore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./aqmrg restore DIR [--force]}: a backup folder back into the configured stores. */
@Command(
    name = "restore",
    mixinStandardHelpOptions = true,
    description = {
      "Restore a folder written by ./aqmrg backup into the configured PostgreSQL, InfluxDB and"
          + " Redis, then count rows, field values and keys again and compare them with the"
          + " manifest (exit 1 when they differ).",
      "Before it writes anything it checks every file against the manifest, the schema version"
          + " and the time-series backend, that no serve is running, and that the stores are empty;"
          + " --force replaces what they hold, after listing it. Continuous queries, which"
          + " InfluxDB does not restore, are created again."
    })
final class RestoreCommand implements Callable<Integer> {
  @CommandLine.ParentCommand Main main;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "the backup folder (aqmrg-backup-…)")
  Path folder;

  @Option(names = "--force", description = "replace what the target stores hold")
  boolean force;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var progress = new StepProgress(spec.commandLine().getErr(), "restore");
    var report = new Restore(main.settings(), Clock.systemUTC()).run(folder, force, progress);
    progress.finishBar();
    report.notes().forEach(note -> out.println("Note: " + note));
    if (report.matches()) {
      out.println("Restored " + folder + ": every count matches the manifest.");
      return 0;
    }
    out.println("Restored " + folder + ", but these counts differ from the manifest:");
    report.differences().forEach(line -> out.println("  " + line));
    return 1;
  }
}
