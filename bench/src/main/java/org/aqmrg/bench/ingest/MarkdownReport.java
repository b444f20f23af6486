package org.aqmrg.bench.ingest;

import java.io.PrintStream;

/** A benchmark's results as markdown on a stream: lines and third-level headings. */
abstract class MarkdownReport {
  protected final PrintStream out;

  MarkdownReport(PrintStream out) {
    this.out = out;
  }

  void line(String text) {
    out.println(text);
  }

  void heading(String text) {
    out.println();
    out.println("### " + text);
    out.println();
  }
}
