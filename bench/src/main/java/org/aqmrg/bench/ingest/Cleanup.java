package org.aqmrg.bench.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What the benchmark created, undone in reverse order once: at the end of the run, or from a
 * shutdown hook when the program is stopped early (Ctrl-C). A step that fails does not stop the
 * others; the failures are returned so that the run can fail.
 */
final class Cleanup {
  private record Step(String what, Runnable action) {}

  private final Deque<Step> steps = new ArrayDeque<>();
  private final Thread hook = new Thread(this::runQuietly, "ingest-cleanup");

  Cleanup() {
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Registers an undo step; {@code what} names it in progress lines. */
  synchronized void add(String what, Runnable action) {
    steps.push(new Step(what, action));
  }

  /** Runs the steps registered so far, newest first; returns the ones that failed. */
  synchronized List<String> run() {
    var failures = new ArrayList<String>();
    while (!steps.isEmpty()) {
      Step step = steps.pop();
      try {
        step.action().run();
        System.err.println("IngestLoad: " + step.what());
      } catch (RuntimeException e) {
        failures.add(step.what() + " failed: " + e.getMessage());
      }
    }
    return failures;
  }

  /** Removes the shutdown hook once the run has cleaned up itself. */
  void done() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook runs and finds nothing left to do
    }
  }

  private void runQuietly() {
    for (String failure : run()) {
      System.err.println("IngestLoad: " + failure);
    }
  }
}
