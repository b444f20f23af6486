package org.aqmrg.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.aqmrg.backup.Backup;
import org.aqmrg.backup.Manifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./aqmrg backup [DIR] [--verify]}: the three stores into one folder with a manifest. */
@Command(
    name = "backup",
    mixinStandardHelpOptions = true,
    description = {
      "Back up PostgreSQL (pg_dump -F c), the InfluxDB database (influxd backup -portable) and the"
          + " platform's Redis keys (DUMP with their expiry, plus an RDB snapshot where the server"
          + " allows it) into DIR/aqmrg-backup-<UTC time>/, with manifest.json: versions, sizes,"
          + " row, value and key counts, and the SHA-256 of every file.",
      "DIR defaults to AQMRG_BACKUP_DIR (backups/ in the data folder). A failed backup leaves no"
          + " folder that looks complete.",
      "--verify re-reads the new folder and checks it against its manifest; given the folder of"
          + " an existing backup, it only checks that one."
    })
final class BackupCommand implements Callable<Integer> {
  @CommandLine.ParentCommand Main main;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "DIR", arity = "0..1", description = "where the backup folder goes")
  Path directory;

  @Option(names = "--verify", description = "check the folder against its manifest afterwards")
  boolean verify;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var progress = new StepProgress(spec.commandLine().getErr(), "backup");
    if (verify && directory != null && Files.isRegularFile(directory.resolve(Manifest.FILE))) {
      verify(directory, progress);
      return 0;
    }
    var settings = main.settings();
    Path parent = directory != null ? directory : settings.backup().directory();
    Path folder = new Backup(settings, Clock.systemUTC()).create(parent, progress);
    if (verify) {
      verify(folder, progress);
    }
    out.println(folder);
    return 0;
  }

  private void verify(Path folder, StepProgress progress) {
    progress.step("Verifying " + folder);
    var manifest = Backup.verify(folder, progress);
    progress.step(
        "Verified: %d files match their sizes and SHA-256 in the manifest"
            .formatted(manifest.files().size()));
  }
}
