package org.aqmrg.flux;

import java.util.Map;
import org.aqmrg.error.InvalidInputException;

/**
 * Where a piece of a Flux text is: 1-based line and column of its first character and of the one
 * after its last, as InfluxDB reports them ({@code @1:8-1:20}).
 */
record Position(int line, int column, int endLine, int endColumn) {

  /** From the start of {@code this} to the end of {@code last}. */
  Position to(Position last) {
    return new Position(line, column, last.endLine, last.endColumn);
  }

  /**
   * InfluxDB's error text, {@code error @1:8-1:20: message}, as an input error naming the place.
   */
  InvalidInputException error(String message) {
    return new InvalidInputException(
        "error @" + line + ":" + column + "-" + endLine + ":" + endColumn + ": " + message,
        Map.of("line", line, "column", column));
  }

  @Override
  public String toString() {
    return line + ":" + column + "-" + endLine + ":" + endColumn;
  }
}
