package org.aqmrg.influxql;

/**
 * One token of an InfluxQL text, with the place where it starts.
 *
 * @param text an identifier's or string's value with quotes and escapes removed; else as written
 * @param line 1-based line
 * @param column 1-based character in the line
 */
record Token(Kind kind, String text, int line, int column) {
  enum Kind {
    /** A bare word (keywords are bare words) or a {@code "quoted"} identifier. */
    IDENT,
    /** A {@code "quoted"} identifier: never a keyword. */
    QUOTED,
    /** A {@code 'single-quoted'} string. */
    STRING,
    NUMBER,
    /** A number with a unit: {@code 5m}, {@code 1700000000s}. */
    DURATION,
    /** The body of a {@code /regex/}. */
    REGEX,
    /** Punctuation and operators: {@code , ; ( ) . * = != <> < <= > >= =~ !~ :: + -}. */
    SYMBOL,
    EOF
  }

  /** True for the bare word {@code keyword}, in any case. */
  boolean is(String keyword) {
    return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
  }

  boolean isSymbol(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }

  /** How an error names this token: {@code found EOF}, {@code found "x"}. */
  String shown() {
    return kind == Kind.EOF ? "EOF" : text;
  }

  /** {@code at line 1, char 8}, as InfluxDB words positions. */
  String place() {
    return "at line " + line + ", char " + column;
  }
}
