package org.aqmrg.influxql;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.aqmrg.readings.Field;

/**
 * A {@code WHERE}: conditions on tags ({@code =}, {@code !=}, {@code =~ /re/}, {@code !~ /re/})
 * combined with {@code AND}, {@code OR} and parentheses, and bounds on {@code time} ({@code >},
 * {@code >=}, {@code <}, {@code <=}, {@code =}) against RFC 3339 strings, epoch numbers (ns, or
 * with a unit such as {@code 1700000000s}) or {@code now()} plus or minus a duration. Bounds on
 * time must be joined to the rest by {@code AND}: under an {@code OR} they are refused.
 */
final class WhereParser {
  /** Longest regex accepted. */
  static final int MAX_REGEX = 256;

  private final Parser parser;
  private final Instant now;
  private Instant from;
  private Instant to;
  private Condition condition = Condition.ALWAYS;

  WhereParser(Parser parser, Instant now) {
    this.parser = parser;
    this.now = now;
  }

  /** A node of the parsed expression: a tag condition, a bound on time, or a combination. */
  private sealed interface Node {}

  private record Tag(Condition condition) implements Node {}

  private record Time(String op, long nanos, Token at) implements Node {}

  private record And(Node left, Node right) implements Node {}

  private record Or(Node left, Node right, Token at) implements Node {}

  void parse() {
    condition = collect(or());
  }

  Condition condition() {
    return condition;
  }

  Optional<Instant> from() {
    return Optional.ofNullable(from);
  }

  Optional<Instant> to() {
    return Optional.ofNullable(to);
  }

  static String fieldKeys() {
    var keys = new ArrayList<String>();
    for (Field field : Field.values()) {
      keys.add(field.key());
    }
    return String.join(", ", keys);
  }

  /** The top-level AND chain: bounds on time taken out, the tag conditions kept. */
  private Condition collect(Node node) {
    if (node instanceof And and) {
      return both(collect(and.left()), collect(and.right()));
    }
    if (node instanceof Time time) {
      bound(time);
      return Condition.ALWAYS;
    }
    return tags(node);
  }

  private static Condition both(Condition a, Condition b) {
    if (a == Condition.ALWAYS) {
      return b;
    }
    return b == Condition.ALWAYS ? a : new Condition.And(a, b);
  }

  private Condition tags(Node node) {
    if (node instanceof Tag tag) {
      return tag.condition();
    }
    if (node instanceof And and) {
      return new Condition.And(tags(and.left()), tags(and.right()));
    }
    if (node instanceof Or or) {
      return new Condition.Or(tags(or.left()), tags(or.right()));
    }
    Time time = (Time) node;
    throw Parser.error(
        "a condition on time combined with OR is not supported; join time to the rest with AND "
            + time.at().place());
  }

  private void bound(Time time) {
    long nanos = time.nanos();
    switch (time.op()) {
      case ">" -> lower(nanos + 1);
      case ">=" -> lower(nanos);
      case "<" -> upper(nanos);
      case "<=" -> upper(nanos + 1);
      case "=" -> {
        lower(nanos);
        upper(nanos + 1);
      }
      default ->
          throw Parser.error(
              "time "
                  + time.op()
                  + " is not supported; use >, >=, <, <= or = "
                  + time.at().place());
    }
  }

  private void lower(long nanos) {
    Instant at = TimeValues.ofNanos(nanos);
    from = from == null || at.isAfter(from) ? at : from;
  }

  private void upper(long nanos) {
    Instant at = TimeValues.ofNanos(nanos);
    to = to == null || at.isBefore(to) ? at : to;
  }

  private Node or() {
    Node left = and();
    while (parser.peek().is("OR")) {
      Token at = parser.next();
      left = new Or(left, and(), at);
    }
    return left;
  }

  private Node and() {
    Node left = primary();
    while (parser.peek().is("AND")) {
      parser.next();
      left = new And(left, primary());
    }
    return left;
  }

  private Node primary() {
    if (parser.peek().isSymbol("(")) {
      parser.next();
      Node inner = or();
      parser.symbol(")");
      return inner;
    }
    Token key = parser.peek();
    String name = parser.identifier();
    Token op = parser.next();
    if (op.kind() != Token.Kind.SYMBOL
        || !List.of("=", "!=", "<>", "<", "<=", ">", ">=", "=~", "!~").contains(op.text())) {
      throw Parser.unexpected(op, "=, !=, <>, <, <=, >, >=, =~ or !~");
    }
    if (name.equals("time")) {
      return new Time(op.text(), timeValue(), op);
    }
    if (Field.of(name).isPresent()) {
      throw Parser.error(
          "conditions on fields ("
              + name
              + ") are not supported, only on tags and time "
              + key.place());
    }
    if (!SeriesTags.KEYS.contains(name)) {
      throw Parser.error(
          "unknown tag "
              + name
              + " of air_quality; tags: "
              + String.join(", ", SeriesTags.KEYS)
              + " "
              + key.place());
    }
    return switch (op.text()) {
      case "=", "!=", "<>" -> new Tag(new Condition.Equals(name, string(), !op.text().equals("=")));
      case "=~", "!~" -> new Tag(new Condition.Matches(name, pattern(), op.text().equals("!~")));
      default -> throw Parser.unexpected(op, "=, !=, =~ or !~ (tags are compared as strings)");
    };
  }

  private String string() {
    Token value = parser.next();
    if (value.kind() != Token.Kind.STRING) {
      throw Parser.unexpected(value, "a string such as 'LAG-IKJ-001'");
    }
    return value.text();
  }

  private Pattern pattern() {
    Token regex = parser.regex();
    if (regex.text().length() > MAX_REGEX) {
      throw Parser.error(
          "the regex is "
              + regex.text().length()
              + " characters; at most "
              + MAX_REGEX
              + " (max_regex_length) "
              + regex.place());
    }
    try {
      return Pattern.compile(regex.text());
    } catch (PatternSyntaxException e) {
      throw Parser.error("invalid regex: " + e.getDescription() + " " + regex.place());
    }
  }

  /** A time: 'RFC 3339', a number of nanoseconds, a duration since the epoch, now() ± d. */
  private long timeValue() {
    Token value = parser.next();
    long nanos;
    if (value.kind() == Token.Kind.STRING) {
      nanos = nanos(TimeValues.parse(value));
    } else if (value.kind() == Token.Kind.NUMBER && !value.text().contains(".")) {
      nanos = Long.parseLong(value.text());
    } else if (value.kind() == Token.Kind.DURATION) {
      nanos = TimeValues.nanos(value);
    } else if (value.is("now")) {
      parser.symbol("(");
      parser.symbol(")");
      nanos = nanos(now);
    } else {
      throw Parser.unexpected(value, "a time: 'RFC 3339', an epoch such as 1700000000s, now()");
    }
    while (parser.peek().isSymbol("+") || parser.peek().isSymbol("-")) {
      boolean minus = parser.next().isSymbol("-");
      Token duration = parser.next();
      if (duration.kind() != Token.Kind.DURATION) {
        throw Parser.unexpected(duration, "a duration such as 7d");
      }
      long delta = TimeValues.nanos(duration);
      nanos = minus ? nanos - delta : nanos + delta;
    }
    return nanos;
  }

  private static long nanos(Instant at) {
    return at.getEpochSecond() * 1_000_000_000L + at.getNano();
  }
}
