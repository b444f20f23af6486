package org.aqmrg.backup;

/**
 * What a backup or restore tells the person running it while it works: a line per step, and the
 * fraction done of the long parts. The command line draws it (a bar on a terminal, lines in a log);
 * the scheduled backup in {@code serve} logs the steps.
 */
public interface Progress {
  /** A step begins or ends, e.g. {@code PostgreSQL: dumping 23 tables (41,200 rows)}. */
  void step(String message);

  /** {@code part} is {@code done} (0 to 1) through; {@code detail} says of what. */
  void fraction(String part, double done, String detail);

  /** Reports nothing. */
  Progress NONE =
      new Progress() {
        @Override
        public void step(String message) {}

        @Override
        public void fraction(String part, double done, String detail) {}
      };
}
