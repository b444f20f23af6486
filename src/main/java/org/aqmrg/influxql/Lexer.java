package org.aqmrg.influxql;

/**
 * Splits an InfluxQL text into {@link Token}s, one at a time, tracking line and column. A regex is
 * read only when the parser asks for one ({@link #regex}), after {@code =~} or {@code !~}, since a
 * {@code /} means nothing else in the supported subset.
 */
final class Lexer {
  /** Longest text one request may send. */
  static final int MAX_TEXT = 100_000;

  private final String text;
  private int pos;
  private int line = 1;
  private int lineStart;

  Lexer(String text) {
    if (text.length() > MAX_TEXT) {
      throw Parser.error("the query is " + text.length() + " characters; at most " + MAX_TEXT);
    }
    this.text = text;
  }

  Token next() {
    skipSpace();
    int column = pos - lineStart + 1;
    if (pos >= text.length()) {
      return new Token(Token.Kind.EOF, "", line, column);
    }
    char c = text.charAt(pos);
    if (Character.isLetter(c) || c == '_') {
      int start = pos;
      while (pos < text.length() && isWordPart(text.charAt(pos))) {
        pos++;
      }
      return new Token(Token.Kind.IDENT, text.substring(start, pos), line, column);
    }
    if (Ascii.isDigit(c)) {
      return number(column);
    }
    if (c == '"' || c == '\'') {
      return quoted(c, column);
    }
    for (String symbol : new String[] {"!=", "<>", "<=", ">=", "=~", "!~", "::"}) {
      if (text.startsWith(symbol, pos)) {
        pos += 2;
        return new Token(Token.Kind.SYMBOL, symbol, line, column);
      }
    }
    if (",;().*=<>+-".indexOf(c) >= 0) {
      pos++;
      return new Token(Token.Kind.SYMBOL, String.valueOf(c), line, column);
    }
    throw Parser.error("unexpected character '" + c + "' at line " + line + ", char " + column);
  }

  /** The {@code /regex/} that starts here, its body with {@code \/} unescaped. */
  Token regex() {
    skipSpace();
    int column = pos - lineStart + 1;
    if (pos >= text.length() || text.charAt(pos) != '/') {
      throw Parser.error("expected a regex such as /^LAG-/ at line " + line + ", char " + column);
    }
    var body = new StringBuilder();
    for (pos++; pos < text.length(); pos++) {
      char c = text.charAt(pos);
      if (c == '\\' && pos + 1 < text.length() && text.charAt(pos + 1) == '/') {
        body.append('/');
        pos++;
      } else if (c == '/') {
        pos++;
        return new Token(Token.Kind.REGEX, body.toString(), line, column);
      } else if (c == '\n') {
        break;
      } else {
        body.append(c);
      }
    }
    throw Parser.error("unterminated regex at line " + line + ", char " + column);
  }

  private Token number(int column) {
    int start = pos;
    while (pos < text.length() && (Ascii.isDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
      pos++;
    }
    String digits = text.substring(start, pos);
    if (digits.indexOf('.') != digits.lastIndexOf('.') || digits.endsWith(".")) {
      throw Parser.error("malformed number '" + digits + "' at line " + line + ", char " + column);
    }
    int unitStart = pos;
    while (pos < text.length() && (Character.isLetter(text.charAt(pos)))) {
      pos++;
    }
    if (pos > unitStart) {
      return new Token(Token.Kind.DURATION, text.substring(start, pos), line, column);
    }
    return new Token(Token.Kind.NUMBER, digits, line, column);
  }

  private Token quoted(char quote, int column) {
    var value = new StringBuilder();
    for (pos++; pos < text.length(); pos++) {
      char c = text.charAt(pos);
      if (c == '\\' && pos + 1 < text.length()) {
        value.append(text.charAt(++pos));
      } else if (c == quote) {
        pos++;
        Token.Kind kind = quote == '"' ? Token.Kind.QUOTED : Token.Kind.STRING;
        return new Token(kind, value.toString(), line, column);
      } else if (c == '\n') {
        break;
      } else {
        value.append(c);
      }
    }
    String what = quote == '"' ? "identifier" : "string";
    throw Parser.error("unterminated " + what + " at line " + line + ", char " + column);
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        line++;
        lineStart = pos + 1;
      } else if (text.startsWith("--", pos)) {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
        continue;
      } else if (!Character.isWhitespace(c)) {
        return;
      }
      pos++;
    }
  }

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
