package org.aqmrg.cli;

import java.io.PrintWriter;
import org.aqmrg.backup.Progress;

/**
 * The progress of a backup or restore on standard error: each step on its own line, and a {@link
 * ProgressBar} for the part that is running.
 */
final class StepProgress implements Progress {
  private final PrintWriter err;
  private final String command;
  private String part;
  private ProgressBar bar;

  StepProgress(PrintWriter err, String command) {
    this.err = err;
    this.command = command;
  }

  @Override
  public void step(String message) {
    finishBar();
    err.println(command + ": " + message);
    err.flush();
  }

  @Override
  public void fraction(String part, double done, String detail) {
    if (!part.equals(this.part)) {
      finishBar();
      this.part = part;
      this.bar = new ProgressBar(err, command + " " + part);
    }
    bar.show(done, detail);
  }

  void finishBar() {
    if (bar != null) {
      bar.done();
      bar = null;
      part = null;
    }
  }
}
