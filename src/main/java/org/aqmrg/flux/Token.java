package org.aqmrg.flux;

/**
 * One token of a Flux text.
 *
 * @param text a string's value with quotes and escapes removed, a regex's body; else as written
 * @param at where it starts and ends
 */
record Token(Kind kind, String text, Position at) {
  enum Kind {
    IDENT,
    STRING,
    INT,
    FLOAT,
    /** A duration literal: {@code 1h}, {@code 1h30m}. */
    DURATION,
    /** A date-time literal: {@code 2026-12-01T00:00:00Z}, {@code 2026-12-01}. */
    TIME,
    /** The body of a {@code /regex/}. */
    REGEX,
    /**
     * Operators and punctuation: {@code |> => == != <= >= < > =~ !~ = ( ) [ ] { } , : . + - * /}.
     */
    SYMBOL,
    EOF
  }

  boolean isSymbol(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }

  boolean isWord(String word) {
    return kind == Kind.IDENT && text.equals(word);
  }

  /** How an error names this token. */
  String shown() {
    return switch (kind) {
      case EOF -> "EOF";
      case STRING -> "string \"" + text + "\"";
      case REGEX -> "regex /" + text + "/";
      default -> "\"" + text + "\"";
    };
  }
}
