package org.aqmrg.flux;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the function of a {@code filter(fn:)} into a {@link Cond}: comparisons, regex matches,
 * {@code exists}, {@code and}, {@code or} and {@code not} over the columns of {@code r} ({@code
 * r._value}, {@code r["sensor_id"]}) and literals. Anything else in the body (arithmetic, calls,
 * other variables) is refused with its place.
 */
final class Predicates {
  /** The longest regex, as InfluxQL's. */
  static final int MAX_REGEX = 256;

  private Predicates() {}

  static Cond compile(Expr fn) {
    if (!(fn instanceof Expr.Function function) || function.params().size() != 1) {
      throw fn.at()
          .error("filter(fn:) takes a function of one row, such as (r) => r._field == \"pm25\"");
    }
    return cond(function.body(), function.params().get(0));
  }

  private static Cond cond(Expr e, String row) {
    if (e instanceof Expr.Binary b) {
      return switch (b.op()) {
        case "and" -> new Cond.And(cond(b.left(), row), cond(b.right(), row));
        case "or" -> new Cond.Or(cond(b.left(), row), cond(b.right(), row));
        case "==", "!=", "<", "<=", ">", ">=" ->
            new Cond.Compare(b.op(), term(b.left(), row), term(b.right(), row), b.at());
        case "=~", "!~" -> {
          if (!(b.right() instanceof Expr.Regex regex)) {
            throw b.right()
                .at()
                .error(b.op() + " needs a regex literal such as /^LAG-/ on its right");
          }
          yield new Cond.Matches(term(b.left(), row), pattern(regex), b.op().equals("!~"), b.at());
        }
        default ->
            throw b.at().error("the operator " + b.op() + " is not supported in filter(fn:)");
      };
    }
    if (e instanceof Expr.Unary u && u.op().equals("not")) {
      return new Cond.Not(cond(u.operand(), row));
    }
    if (e instanceof Expr.Unary u && u.op().equals("exists")) {
      return new Cond.Exists(term(u.operand(), row));
    }
    return new Cond.IsTrue(term(e, row), e.at());
  }

  private static Cond.Term term(Expr e, String row) {
    if (e instanceof Expr.Member m && m.object() instanceof Expr.Ident id) {
      if (!id.name().equals(row)) {
        throw id.at().error("undefined identifier " + id.name());
      }
      return new Cond.ColumnTerm(m.property());
    }
    return new Cond.Literal(literal(e));
  }

  /** The value of a literal: string, number, boolean, date-time. */
  static Object literal(Expr e) {
    if (e instanceof Expr.Str s) {
      return s.value();
    }
    if (e instanceof Expr.Int i) {
      return i.value();
    }
    if (e instanceof Expr.Float f) {
      return f.value();
    }
    if (e instanceof Expr.Time t) {
      return time(t.text(), t.at());
    }
    if (e instanceof Expr.Ident id) {
      return switch (id.name()) {
        case "true" -> Boolean.TRUE;
        case "false" -> Boolean.FALSE;
        default -> throw id.at().error("undefined identifier " + id.name());
      };
    }
    if (e instanceof Expr.Unary u && u.op().equals("-")) {
      if (u.operand() instanceof Expr.Int i) {
        return -i.value();
      }
      if (u.operand() instanceof Expr.Float f) {
        return -f.value();
      }
    }
    throw e.at().error("expected a column of r or a literal here");
  }

  /** An RFC 3339 date-time, or a date (its midnight, UTC). */
  static Instant time(String text, Position at) {
    try {
      if (text.length() == 10) {
        return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw at.error(
          "invalid date-time " + text + "; write RFC 3339, such as 2026-12-01T00:00:00Z");
    }
  }

  private static Pattern pattern(Expr.Regex regex) {
    if (regex.pattern().length() > MAX_REGEX) {
      throw regex
          .at()
          .error(
              "a regex may be " + MAX_REGEX + " characters long, got " + regex.pattern().length());
    }
    try {
      return Pattern.compile(regex.pattern());
    } catch (PatternSyntaxException e) {
      throw regex.at().error("invalid regex /" + regex.pattern() + "/: " + e.getDescription());
    }
  }

  /** How an error names the type of {@code value}, in Flux's words. */
  static String typeOf(Object value) {
    if (value instanceof String) {
      return "string";
    }
    if (value instanceof Double) {
      return "float";
    }
    if (value instanceof Long) {
      return "int";
    }
    if (value instanceof Boolean) {
      return "bool";
    }
    return value instanceof Instant ? "time" : value.getClass().getSimpleName();
  }
}
