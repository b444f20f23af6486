package org.aqmrg.influxql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.aqmrg.error.InvalidInputException;

/**
 * The recursive-descent parser of the supported InfluxQL subset: statements separated by {@code ;},
 * each a {@code SELECT} ({@link SelectParser}) or a {@code SHOW}. Anything else is refused with its
 * position, and a statement that changes data ({@code DROP}, {@code DELETE}, …) by name.
 */
public final class Parser {
  /** Most statements one request may hold. */
  public static final int MAX_STATEMENTS = 20;

  private static final Set<String> REFUSED =
      Set.of(
          "DROP", "DELETE", "CREATE", "ALTER", "GRANT", "REVOKE", "KILL", "INSERT", "SET",
          "EXPLAIN");

  private final Lexer lexer;
  private final Instant now;
  private Token ahead;

  private Parser(String text, Instant now) {
    this.lexer = new Lexer(text);
    this.now = now;
  }

  /**
   * The statements of {@code text}; {@code now} is the time {@code now()} stands for.
   *
   * @throws InvalidInputException naming {@code q}, with the line and character, for anything
   *     outside the subset
   */
  public static List<Statement> parse(String text, Instant now) {
    return new Parser(text, now).statements();
  }

  private List<Statement> statements() {
    var statements = new ArrayList<Statement>();
    while (true) {
      while (peek().isSymbol(";")) {
        next();
      }
      if (peek().kind() == Token.Kind.EOF) {
        break;
      }
      if (statements.size() == MAX_STATEMENTS) {
        throw error("the query holds more than " + MAX_STATEMENTS + " statements (max_statements)");
      }
      statements.add(statement());
      Token end = peek();
      if (!end.isSymbol(";") && end.kind() != Token.Kind.EOF) {
        throw unexpected(end, "; or EOF");
      }
    }
    if (statements.isEmpty()) {
      throw error("empty query");
    }
    return statements;
  }

  private Statement statement() {
    Token first = next();
    if (first.is("SELECT")) {
      return new SelectParser(this, now).select();
    }
    if (first.is("SHOW")) {
      return show();
    }
    String word = first.text().toUpperCase(java.util.Locale.ROOT);
    if (first.kind() == Token.Kind.IDENT && REFUSED.contains(word)) {
      throw error(
          word + " is not supported: this endpoint only reads (SELECT and SHOW) " + first.place());
    }
    throw unexpected(first, "SELECT, SHOW");
  }

  private Statement show() {
    Token what = next();
    Statement.Show.What kind;
    String tagKey = null;
    if (what.is("DATABASES")) {
      kind = Statement.Show.What.DATABASES;
    } else if (what.is("MEASUREMENTS")) {
      kind = Statement.Show.What.MEASUREMENTS;
    } else if (what.is("RETENTION")) {
      keyword("POLICIES");
      kind = Statement.Show.What.RETENTION_POLICIES;
    } else if (what.is("FIELD")) {
      keyword("KEYS");
      kind = Statement.Show.What.FIELD_KEYS;
    } else if (what.is("TAG")) {
      Token keysOrValues = next();
      if (keysOrValues.is("KEYS")) {
        kind = Statement.Show.What.TAG_KEYS;
      } else if (keysOrValues.is("VALUES")) {
        kind = Statement.Show.What.TAG_VALUES;
      } else {
        throw unexpected(keysOrValues, "KEYS, VALUES");
      }
    } else {
      throw unexpected(
          what, "DATABASES, MEASUREMENTS, RETENTION POLICIES, FIELD KEYS, TAG KEYS, TAG VALUES");
    }
    Optional<String> database = Optional.empty();
    if (kind != Statement.Show.What.DATABASES && peek().is("ON")) {
      next();
      database = Optional.of(identifier());
    }
    Optional<String> measurement = Optional.empty();
    boolean fromAllowed =
        kind == Statement.Show.What.TAG_KEYS
            || kind == Statement.Show.What.TAG_VALUES
            || kind == Statement.Show.What.FIELD_KEYS;
    if (fromAllowed && peek().is("FROM")) {
      next();
      measurement = Optional.of(identifier());
    }
    if (kind == Statement.Show.What.TAG_VALUES) {
      keyword("WITH");
      keyword("KEY");
      Token equals = next();
      if (!equals.isSymbol("=")) {
        throw unexpected(equals, "= (WITH KEY = sensor_id)");
      }
      tagKey = identifier();
    }
    OptionalInt limit = OptionalInt.empty();
    if (peek().is("LIMIT")) {
      next();
      limit = OptionalInt.of(positive(next()));
    }
    return new Statement.Show(kind, database, measurement, tagKey, limit);
  }

  // The primitives the statement parsers share.

  Token peek() {
    if (ahead == null) {
      ahead = lexer.next();
    }
    return ahead;
  }

  Token next() {
    Token token = peek();
    ahead = null;
    return token;
  }

  /** The {@code /regex/} that follows; only right after {@code =~} or {@code !~}. */
  Token regex() {
    if (ahead != null) {
      throw unexpected(ahead, "a regex");
    }
    return lexer.regex();
  }

  void keyword(String keyword) {
    Token token = next();
    if (!token.is(keyword)) {
      throw unexpected(token, keyword);
    }
  }

  void symbol(String symbol) {
    Token token = next();
    if (!token.isSymbol(symbol)) {
      throw unexpected(token, symbol);
    }
  }

  /**
   * A bare or {@code "quoted"} identifier, with an optional {@code ::tag} or {@code ::field} (as
   * Grafana's query builder writes them), which changes nothing: every name is one or the other.
   */
  String identifier() {
    Token token = next();
    if (token.kind() != Token.Kind.IDENT && token.kind() != Token.Kind.QUOTED) {
      throw unexpected(token, "identifier");
    }
    if (peek().isSymbol("::")) {
      next();
      Token cast = next();
      if (!cast.is("tag") && !cast.is("field")) {
        throw unexpected(cast, "tag or field");
      }
    }
    return token.text();
  }

  int positive(Token token) {
    try {
      int value = token.kind() == Token.Kind.NUMBER ? Integer.parseInt(token.text()) : 0;
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw error(
        "expected a whole number of at least 1, found " + token.shown() + " " + token.place());
  }

  static InvalidInputException unexpected(Token token, String expected) {
    return error("found " + token.shown() + ", expected " + expected + " " + token.place());
  }

  static InvalidInputException error(String message) {
    return new InvalidInputException("error parsing query: " + message, Map.of("parameter", "q"));
  }
}
