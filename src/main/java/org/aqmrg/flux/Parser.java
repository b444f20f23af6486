package org.aqmrg.flux;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A recursive-descent parser of Flux's expression grammar (imports, assignments, pipes, calls with
 * named arguments, function literals, arrays, members, and the operators with Flux's precedence:
 * {@code or} &lt; {@code and} &lt; {@code not}/{@code exists} &lt; comparison &lt; {@code + -} &lt;
 * {@code * / %} &lt; unary sign &lt; {@code |>} &lt; call, member, index). What it reads is the
 * whole language's syntax, so that a text outside the supported subset still parses and is then
 * refused by {@link Compiler} naming the function it uses; a text that does not parse is refused
 * here with the place of the first token that does not fit.
 */
final class Parser {
  private static final Set<String> COMPARISONS =
      Set.of("==", "!=", "<", "<=", ">", ">=", "=~", "!~");

  private final List<Token> tokens;
  private int next;

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** The program of {@code text}. */
  static Expr.Program parse(String text) {
    return new Parser(Lexer.tokens(text)).program();
  }

  private Expr.Program program() {
    var imports = new ArrayList<Expr.Str>();
    while (peek().isWord("import")) {
      take();
      Token path = take();
      if (path.kind() != Token.Kind.STRING) {
        throw path.at().error("expected a package path string after import, found " + path.shown());
      }
      imports.add(new Expr.Str(path.text(), path.at()));
    }
    var statements = new ArrayList<Expr.Statement>();
    while (peek().kind() != Token.Kind.EOF) {
      statements.add(statement());
    }
    if (statements.isEmpty()) {
      throw peek().at().error("the query holds no statement; start with from(bucket: …)");
    }
    return new Expr.Program(imports, statements);
  }

  private Expr.Statement statement() {
    Token first = peek();
    if (first.isWord("import")) {
      throw first.at().error("import must come before every other statement");
    }
    if (first.isWord("option") || first.isWord("builtin") || first.isWord("testcase")) {
      throw first.at().error("the " + first.text() + " statement is not supported");
    }
    if (first.kind() == Token.Kind.IDENT && tokens.get(next + 1).isSymbol("=")) {
      take();
      take();
      Expr value = expression();
      return new Expr.Statement(first.text(), value, first.at().to(value.at()));
    }
    Expr value = expression();
    return new Expr.Statement(null, value, value.at());
  }

  private Expr expression() {
    Expr left = and();
    while (peek().isWord("or")) {
      take();
      Expr right = and();
      left = new Expr.Binary("or", left, right, left.at().to(right.at()));
    }
    return left;
  }

  private Expr and() {
    Expr left = not();
    while (peek().isWord("and")) {
      take();
      Expr right = not();
      left = new Expr.Binary("and", left, right, left.at().to(right.at()));
    }
    return left;
  }

  private Expr not() {
    Token first = peek();
    if (first.isWord("not") || first.isWord("exists")) {
      take();
      Expr operand = not();
      return new Expr.Unary(first.text(), operand, first.at().to(operand.at()));
    }
    return comparison();
  }

  private Expr comparison() {
    Expr left = additive();
    while (peek().kind() == Token.Kind.SYMBOL && COMPARISONS.contains(peek().text())) {
      String op = take().text();
      Expr right = additive();
      left = new Expr.Binary(op, left, right, left.at().to(right.at()));
    }
    return left;
  }

  private Expr additive() {
    Expr left = multiplicative();
    while (peek().isSymbol("+") || peek().isSymbol("-")) {
      String op = take().text();
      Expr right = multiplicative();
      left = new Expr.Binary(op, left, right, left.at().to(right.at()));
    }
    return left;
  }

  private Expr multiplicative() {
    Expr left = pipe();
    while (peek().isSymbol("*") || peek().isSymbol("/") || peek().isSymbol("%")) {
      String op = take().text();
      Expr right = pipe();
      left = new Expr.Binary(op, left, right, left.at().to(right.at()));
    }
    return left;
  }

  private Expr pipe() {
    Expr left = unary();
    while (peek().isSymbol("|>")) {
      take();
      Expr right = postfix();
      if (!(right instanceof Expr.Call call)) {
        throw right.at().error("expected a function call after |>");
      }
      left = new Expr.Pipe(left, call, left.at().to(call.at()));
    }
    return left;
  }

  private Expr unary() {
    Token first = peek();
    if (first.isSymbol("-") || first.isSymbol("+")) {
      take();
      Expr operand = unary();
      return new Expr.Unary(first.text(), operand, first.at().to(operand.at()));
    }
    return postfix();
  }

  private Expr postfix() {
    Expr expr = primary();
    while (true) {
      Token t = peek();
      if (t.isSymbol("(")) {
        expr = call(expr);
      } else if (t.isSymbol(".")) {
        take();
        Token name = expect(Token.Kind.IDENT, "a property name after .");
        expr = new Expr.Member(expr, name.text(), expr.at().to(name.at()));
      } else if (t.isSymbol("[")) {
        take();
        Token key = expect(Token.Kind.STRING, "a string index such as [\"_value\"]");
        Token close = expectSymbol("]");
        expr = new Expr.Member(expr, key.text(), expr.at().to(close.at()));
      } else {
        return expr;
      }
    }
  }

  private Expr.Call call(Expr callee) {
    take();
    var args = new ArrayList<Expr.Arg>();
    while (!peek().isSymbol(")")) {
      Token name = expect(Token.Kind.IDENT, "a named argument such as bucket: \"sensor_data\"");
      expectSymbol(":");
      Expr value = expression();
      args.add(new Expr.Arg(name.text(), value, name.at().to(value.at())));
      if (!peek().isSymbol(",")) {
        break;
      }
      take();
    }
    Token close = expectSymbol(")");
    return new Expr.Call(callee, args, callee.at().to(close.at()));
  }

  private Expr primary() {
    Token t = take();
    return switch (t.kind()) {
      case IDENT -> new Expr.Ident(t.text(), t.at());
      case STRING -> new Expr.Str(t.text(), t.at());
      case INT -> new Expr.Int(integer(t), t.at());
      case FLOAT -> new Expr.Float(Double.parseDouble(t.text()), t.at());
      case DURATION -> new Expr.Duration(t.text(), t.at());
      case TIME -> new Expr.Time(t.text(), t.at());
      case REGEX -> new Expr.Regex(t.text(), t.at());
      case SYMBOL -> symbol(t);
      case EOF -> throw t.at().error("unexpected end of the query: expected an expression");
    };
  }

  private Expr symbol(Token t) {
    if (t.isSymbol("(")) {
      if (isFunction()) {
        return function(t);
      }
      Expr inner = expression();
      expectSymbol(")");
      return inner;
    }
    if (t.isSymbol("[")) {
      var items = new ArrayList<Expr>();
      while (!peek().isSymbol("]")) {
        items.add(expression());
        if (!peek().isSymbol(",")) {
          break;
        }
        take();
      }
      Token close = expectSymbol("]");
      return new Expr.Array(items, t.at().to(close.at()));
    }
    if (t.isSymbol("{")) {
      int depth = 1;
      Token last = t;
      while (depth > 0) {
        last = take();
        if (last.kind() == Token.Kind.EOF) {
          throw t.at().error("{ is never closed");
        }
        depth += last.isSymbol("{") ? 1 : last.isSymbol("}") ? -1 : 0;
      }
      return new Expr.Record(t.at().to(last.at()));
    }
    throw t.at().error("unexpected " + t.shown() + ": expected an expression");
  }

  /** After {@code (}: whether a parameter list and {@code =>} follow. */
  private boolean isFunction() {
    int i = next;
    while (tokens.get(i).kind() == Token.Kind.IDENT) {
      i++;
      if (tokens.get(i).isSymbol(",")) {
        i++;
      } else {
        break;
      }
    }
    return tokens.get(i).isSymbol(")") && tokens.get(i + 1).isSymbol("=>");
  }

  private Expr function(Token open) {
    var params = new ArrayList<String>();
    while (!peek().isSymbol(")")) {
      params.add(take().text());
      if (peek().isSymbol(",")) {
        take();
      }
    }
    take();
    take();
    if (peek().isSymbol("{")) {
      throw peek()
          .at()
          .error("a function body in a block { … } is not supported; write (r) => expr");
    }
    Expr body = expression();
    return new Expr.Function(params, body, open.at().to(body.at()));
  }

  private static long integer(Token t) {
    try {
      return Long.parseLong(t.text());
    } catch (NumberFormatException e) {
      throw t.at().error("integer " + t.text() + " is out of range");
    }
  }

  private Token peek() {
    return tokens.get(next);
  }

  private Token take() {
    Token t = tokens.get(next);
    if (t.kind() != Token.Kind.EOF) {
      next++;
    }
    return t;
  }

  private Token expect(Token.Kind kind, String what) {
    Token t = take();
    if (t.kind() != kind) {
      throw t.at().error("expected " + what + ", found " + t.shown());
    }
    return t;
  }

  private Token expectSymbol(String symbol) {
    Token t = take();
    if (!t.isSymbol(symbol)) {
      throw t.at().error("expected " + symbol + ", found " + t.shown());
    }
    return t;
  }
}
