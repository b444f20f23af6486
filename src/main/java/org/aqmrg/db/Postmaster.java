package org.aqmrg.db;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;

/**
 * A PostgreSQL server that runs from a data folder but was started by another process (a {@code
 * serve} that was killed): found through its {@code postmaster.pid}, stopped as the embedded
 * library stops the servers it starts ({@code pg_ctl stop -m fast}).
 */
final class Postmaster {
  /** How long a fast shutdown may take before it is reported as failed, in seconds. */
  private static final int STOP_SECONDS = 60;

  private final Path directory;
  private final ProcessHandle process;

  private Postmaster(Path directory, ProcessHandle process) {
    this.directory = directory;
    this.process = process;
  }

  /** The live server of {@code directory}; empty when its pid file is missing or stale. */
  static Optional<Postmaster> of(Path directory) {
    try {
      List<String> lines = Files.readAllLines(directory.resolve("postmaster.pid"));
      if (lines.isEmpty() || !lines.get(0).trim().matches("\\d+")) {
        return Optional.empty();
      }
      return ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
          .filter(ProcessHandle::isAlive)
          .map(process -> new Postmaster(directory, process));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  long pid() {
    return process.pid();
  }

  /**
   * Stops the server and waits until its process has ended: with the {@code pg_ctl} beside the
   * server's own binary when it can be found, else with SIGTERM (PostgreSQL's smart shutdown).
   */
  void stop() {
    var pgCtl = process.info().command().map(Path::of).map(bin -> bin.resolveSibling("pg_ctl"));
    try {
      if (pgCtl.isPresent() && Files.isExecutable(pgCtl.get())) {
        var command = new ArrayList<String>();
        if (LinuxUtils.isUnshareAvailable()) {
          // As the library does: PostgreSQL's programs refuse to run as root.
          command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(
            List.of(
                pgCtl.get().toString(),
                "-D",
                directory.toString(),
                "stop",
                "-m",
                "fast",
                "-t",
                String.valueOf(STOP_SECONDS),
                "-w"));
        var pgCtlRun =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        pgCtlRun.waitFor(STOP_SECONDS + 5L, TimeUnit.SECONDS);
      } else {
        process.destroy();
      }
      process.onExit().get(STOP_SECONDS, TimeUnit.SECONDS);
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw new StoreUnavailableException(
          Store.RELATIONAL,
          "the embedded PostgreSQL (pid "
              + process.pid()
              + ") did not stop within "
              + STOP_SECONDS
              + " s: "
              + e
              + ". Stop it by hand before the next start.",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException(
          Store.RELATIONAL,
          "interrupted while stopping the embedded PostgreSQL (pid " + process.pid() + ")",
          e);
    }
  }
}
