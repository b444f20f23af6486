package org.aqmrg.flux;

import java.util.ArrayList;
import java.util.List;
import org.aqmrg.influxql.Ascii;

/**
 * Splits a Flux text into {@link Token}s with their positions. A {@code /} starts a regex where an
 * operand is expected (after an operator, {@code (}, {@code ,} or {@code :}) and is division
 * elsewhere, as Flux's own scanner decides; {@code //} starts a comment.
 */
final class Lexer {
  /** Longest text one request may send. */
  static final int MAX_TEXT = 100_000;

  private final String text;
  private final List<Token> tokens = new ArrayList<>();
  private int pos;
  private int line = 1;
  private int lineStart;

  private Lexer(String text) {
    this.text = text;
  }

  /** Every token of {@code text}, ending with {@link Token.Kind#EOF}. */
  static List<Token> tokens(String text) {
    if (text.length() > MAX_TEXT) {
      throw new Position(1, 1, 1, 1)
          .error("the query is " + text.length() + " characters; at most " + MAX_TEXT);
    }
    var lexer = new Lexer(text);
    Token token;
    do {
      token = lexer.next();
      lexer.tokens.add(token);
    } while (token.kind() != Token.Kind.EOF);
    return lexer.tokens;
  }

  private Token next() {
    skipSpaceAndComments();
    int startLine = line;
    int startColumn = column();
    int start = pos;
    if (pos >= text.length()) {
      return token(Token.Kind.EOF, "", startLine, startColumn);
    }
    char c = text.charAt(pos);
    if (Character.isLetter(c) || c == '_') {
      while (pos < text.length() && isWordPart(text.charAt(pos))) {
        pos++;
      }
      return token(Token.Kind.IDENT, text.substring(start, pos), startLine, startColumn);
    }
    if (Ascii.isDigit(c)) {
      return number(startLine, startColumn);
    }
    if (c == '"') {
      return string(startLine, startColumn);
    }
    if (c == '/' && regexAllowed()) {
      return regex(startLine, startColumn);
    }
    for (String symbol : new String[] {"|>", "=>", "==", "!=", "<=", ">=", "=~", "!~"}) {
      if (text.startsWith(symbol, pos)) {
        pos += 2;
        return token(Token.Kind.SYMBOL, symbol, startLine, startColumn);
      }
    }
    if ("=<>()[]{},:.+-*/%".indexOf(c) >= 0) {
      pos++;
      return token(Token.Kind.SYMBOL, String.valueOf(c), startLine, startColumn);
    }
    pos++;
    throw place(startLine, startColumn).error("invalid character '" + c + "'");
  }

  private Token number(int startLine, int startColumn) {
    int start = pos;
    if (isDate(pos)) {
      while (pos < text.length() && "0123456789-T:.Z+".indexOf(text.charAt(pos)) >= 0) {
        pos++;
      }
      return token(Token.Kind.TIME, text.substring(start, pos), startLine, startColumn);
    }
    digits();
    if (pos < text.length() && Character.isLetter(text.charAt(pos))) {
      // a duration: one or more magnitude-unit pairs, such as 1h30m
      while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
        while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
          pos++;
        }
        if (pos < text.length() && Ascii.isDigit(text.charAt(pos))) {
          digits();
        }
      }
      return token(Token.Kind.DURATION, text.substring(start, pos), startLine, startColumn);
    }
    if (pos + 1 < text.length() && text.charAt(pos) == '.' && Ascii.isDigit(text.charAt(pos + 1))) {
      pos++;
      digits();
      return token(Token.Kind.FLOAT, text.substring(start, pos), startLine, startColumn);
    }
    return token(Token.Kind.INT, text.substring(start, pos), startLine, startColumn);
  }

  private boolean isDate(int at) {
    if (at + 5 > text.length()) {
      return false;
    }
    for (int i = 0; i < 4; i++) {
      if (!Ascii.isDigit(text.charAt(at + i))) {
        return false;
      }
    }
    return text.charAt(at + 4) == '-';
  }

  private void digits() {
    while (pos < text.length() && Ascii.isDigit(text.charAt(pos))) {
      pos++;
    }
  }

  private Token string(int startLine, int startColumn) {
    pos++;
    var value = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw place(startLine, startColumn).error("string literal not terminated");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return token(Token.Kind.STRING, value.toString(), startLine, startColumn);
      }
      if (c == '\n') {
        line++;
        lineStart = pos;
      }
      if (c == '$' && pos < text.length() && text.charAt(pos) == '{') {
        throw place(startLine, startColumn)
            .error("string interpolation (${…}) is not supported; write the value itself");
      }
      if (c == '\\') {
        if (pos >= text.length()) {
          throw place(startLine, startColumn).error("string literal not terminated");
        }
        char escaped = text.charAt(pos++);
        switch (escaped) {
          case 'n' -> value.append('\n');
          case 'r' -> value.append('\r');
          case 't' -> value.append('\t');
          case '\\', '"', '$' -> value.append(escaped);
          default ->
              throw place(line, column() - 2)
                  .error("invalid escape sequence \\" + escaped + " in a string");
        }
      } else {
        value.append(c);
      }
    }
  }

  private Token regex(int startLine, int startColumn) {
    pos++;
    var body = new StringBuilder();
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n') {
        throw place(startLine, startColumn).error("regex literal not terminated");
      }
      char c = text.charAt(pos++);
      if (c == '/') {
        return token(Token.Kind.REGEX, body.toString(), startLine, startColumn);
      }
      if (c == '\\' && pos < text.length() && text.charAt(pos) == '/') {
        body.append('/');
        pos++;
      } else {
        body.append(c);
      }
    }
  }

  /** A {@code /} is a regex unless it follows an operand. */
  private boolean regexAllowed() {
    if (tokens.isEmpty()) {
      return true;
    }
    Token last = tokens.get(tokens.size() - 1);
    return switch (last.kind()) {
      case IDENT, STRING, INT, FLOAT, DURATION, TIME, REGEX -> false;
      case SYMBOL -> !(last.isSymbol(")") || last.isSymbol("]") || last.isSymbol("}"));
      case EOF -> true;
    };
  }

  private void skipSpaceAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        lineStart = pos;
      } else if (Character.isWhitespace(c)) {
        pos++;
      } else if (text.startsWith("//", pos)) {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private static boolean isWordPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  private int column() {
    return pos - lineStart + 1;
  }

  private Token token(Token.Kind kind, String value, int startLine, int startColumn) {
    return new Token(kind, value, new Position(startLine, startColumn, line, column()));
  }

  private Position place(int startLine, int startColumn) {
    return new Position(startLine, startColumn, line, column());
  }
}
