package org.aqmrg.ingest.lineprotocol;

import java.util.List;

/**
 * What parsing one body gave: the points of its good lines and the errors of its bad ones, each in
 * the order of the body. A bad line never stops the lines after it from being parsed. Both lists
 * are unmodifiable.
 */
public record ParseResult(List<Point> points, List<LineError> errors) {
  /** True when every line was accepted. */
  public boolean ok() {
    return errors.isEmpty();
  }
}
