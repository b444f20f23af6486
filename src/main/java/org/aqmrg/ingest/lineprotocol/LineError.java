package org.aqmrg.ingest.lineprotocol;

/**
 * A line of a body that was not accepted, and why.
 *
 * @param line the line's number, from 1, counting every line of the body (empty lines and comments
 *     too), so that it matches what an editor shows
 * @param column where the problem was found, from 1, in Unicode code points from the start of the
 *     line (leading white space included)
 * @param reason what is wrong, in a short sentence without a full stop, e.g. {@code invalid field
 *     value 'NaN' for field 'pm25' (NaN and infinities are not allowed)}
 * @param text the line as sent, cut to its first 200 code points (with {@code …} after when cut);
 *     bytes that are not UTF-8 show as U+FFFD
 */
public record LineError(int line, int column, String reason, String text) {
  /** One line for a person: {@code line 3, column 17: missing field set}. */
  public String message() {
    return "line " + line + ", column " + column + ": " + reason;
  }
}
