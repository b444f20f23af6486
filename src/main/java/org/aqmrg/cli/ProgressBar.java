package org.aqmrg.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress of a long command on standard error: on a terminal a bar redrawn in place; otherwise
 * (a log file, a CI page) a plain line at each tenth, without escape codes.
 */
final class ProgressBar {
  private final PrintWriter err;
  private final String command;
  private final boolean terminal;
  private int lastTenth = -1;

  /** For {@code command} (e.g. {@code import}), a bar when standard error is a terminal. */
  ProgressBar(PrintWriter err, String command) {
    this(err, command, System.console() != null);
  }

  ProgressBar(PrintWriter err, String command, boolean terminal) {
    this.err = err;
    this.command = command;
    this.terminal = terminal;
  }

  /**
   * Shows {@code fraction} (0 to 1) done; {@code detail} says of what, e.g. {@code 5 of 10 bytes}.
   */
  void show(double fraction, String detail) {
    double done = Math.max(0, Math.min(1.0, fraction));
    if (terminal) {
      int filled = (int) Math.round(done * 30);
      err.printf(
          Locale.ROOT,
          "\r[%s%s] %3.0f%%  %s ",
          "#".repeat(filled),
          " ".repeat(30 - filled),
          done * 100,
          detail);
      err.flush();
      return;
    }
    int tenth = (int) (done * 10);
    if (tenth > lastTenth) {
      lastTenth = tenth;
      err.printf(Locale.ROOT, "%s: %3.0f%% (%s)%n", command, done * 100, detail);
      err.flush();
    }
  }

  /** Ends the bar's line on a terminal. */
  void done() {
    if (terminal) {
      err.println();
    }
  }
}
