package org.aqmrg.ingest.lineprotocol;

import java.util.List;

/**
 * What parsing one body gave: the points of its good lines and the errors of its bad ones, each in
 * the order of the body, and the line each point came from. A bad line never stops the lines after
 * it from being parsed. Both lists are unmodifiable.
 */
public final class ParseResult {
  private final List<Point> points;
  private final int[] pointLines;
  private final List<LineError> errors;
  private final int lines;

  ParseResult(List<Point> points, int[] pointLines, List<LineError> errors, int lines) {
    this.points = points;
    this.pointLines = pointLines;
    this.errors = errors;
    this.lines = lines;
  }

  public List<Point> points() {
    return points;
  }

  /** The line, counted from 1, that point {@code i} of {@link #points} came from. */
  public int line(int i) {
    return pointLines[i];
  }

  public List<LineError> errors() {
    return errors;
  }

  /** How many lines the body has, empty lines and comments included. */
  public int lines() {
    return lines;
  }

  /** True when every line was accepted. */
  public boolean ok() {
    return errors.isEmpty();
  }
}
