package org.aqmrg.influxql;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;

/**
 * {@code SELECT columns FROM source [WHERE …] [GROUP BY …] [fill(…)] [ORDER BY time [ASC|DESC]]
 * [LIMIT n]}, after the {@code SELECT}; the {@code WHERE} is {@link WhereParser}'s.
 */
final class SelectParser {
  private static final Set<String> NOT_BUILT =
      Set.of(
          "mode",
          "spread",
          "stddev",
          "integral",
          "distinct",
          "percentile",
          "top",
          "bottom",
          "derivative",
          "difference",
          "moving_average",
          "cumulative_sum",
          "non_negative_derivative",
          "elapsed",
          "sample",
          "holt_winters");
  private static final String FUNCTIONS = "mean, min, max, count, last, sum, median, first";

  private final Parser parser;
  private final Instant now;

  SelectParser(Parser parser, Instant now) {
    this.parser = parser;
    this.now = now;
  }

  Statement.Select select() {
    var fields = new ArrayList<Field>();
    var names = new ArrayList<String>();
    Query.Aggregate fn = null;
    boolean raw = false;
    boolean all = false;
    do {
      Token start = parser.peek();
      if (start.isSymbol("*")) {
        parser.next();
        all = true;
        raw = true;
        for (Field field : Field.values()) {
          fields.add(field);
          names.add(field.key());
        }
        continue;
      }
      String name = parser.identifier();
      Query.Aggregate columnFn = null;
      Field field;
      if (start.kind() == Token.Kind.IDENT && parser.peek().isSymbol("(")) {
        columnFn = function(start);
        parser.next();
        Token argument = parser.peek();
        field = field(argument);
        parser.identifier();
        parser.symbol(")");
        if (fn != null && fn != columnFn) {
          throw Parser.error(
              "different functions in one SELECT ("
                  + fn.key()
                  + " and "
                  + columnFn.key()
                  + ") are not supported; ask one statement per function "
                  + start.place());
        }
        fn = columnFn;
      } else {
        field = field(start);
        raw = true;
      }
      String column = columnFn == null ? name : columnFn.key();
      if (parser.peek().is("AS")) {
        parser.next();
        column = parser.identifier();
      }
      if (fields.contains(field)) {
        throw Parser.error("field " + field.key() + " is asked for twice " + start.place());
      }
      fields.add(field);
      names.add(unique(column, names));
    } while (comma());
    if (raw && fn != null) {
      throw Parser.error(
          "mixing aggregate and non-aggregate queries is not supported " + parser.peek().place());
    }
    if (parser.peek().is("INTO")) {
      throw Parser.error(
          "SELECT … INTO is not supported: this endpoint only reads " + parser.peek().place());
    }
    parser.keyword("FROM");
    Token sourceStart = parser.peek();
    var parts = new ArrayList<String>();
    parts.add(parser.identifier());
    while (parser.peek().isSymbol(".") && parts.size() < 3) {
      parser.next();
      parts.add(parser.identifier());
    }
    if (parser.peek().isSymbol(",")) {
      throw Parser.error("only one measurement per FROM is supported " + sourceStart.place());
    }
    String measurement = parts.get(parts.size() - 1);
    Optional<String> database = parts.size() == 3 ? Optional.of(parts.get(0)) : Optional.empty();
    Optional<String> rp =
        parts.size() >= 2 ? Optional.of(parts.get(parts.size() - 2)) : Optional.empty();
    var where = new WhereParser(parser, now);
    if (parser.peek().is("WHERE")) {
      parser.next();
      where.parse();
    }
    var dimensions = new GroupByParser(parser);
    if (parser.peek().is("GROUP")) {
      dimensions.parse();
    }
    Optional<Duration> every = dimensions.every();
    List<String> groupBy = dimensions.tags();
    Statement.Fill fill = Statement.Fill.NULL;
    if (parser.peek().is("fill")) {
      fill = dimensions.fill();
    }
    boolean descending = false;
    if (parser.peek().is("ORDER")) {
      parser.next();
      parser.keyword("BY");
      parser.keyword("time");
      if (parser.peek().is("DESC") || parser.peek().is("ASC")) {
        descending = parser.next().is("DESC");
      }
    }
    OptionalInt limit = OptionalInt.empty();
    if (parser.peek().is("LIMIT")) {
      parser.next();
      limit = OptionalInt.of(parser.positive(parser.next()));
    }
    Token rest = parser.peek();
    for (String clause : List.of("OFFSET", "SLIMIT", "SOFFSET", "tz", "fill", "GROUP", "ORDER")) {
      if (rest.is(clause)) {
        throw Parser.error(
            rest.text()
                + " is not supported here: clauses go in the order WHERE, GROUP BY,"
                + " fill, ORDER BY, LIMIT, and OFFSET, SLIMIT, SOFFSET and tz() are not supported "
                + rest.place());
      }
    }
    return new Statement.Select(
        List.copyOf(fields),
        List.copyOf(names),
        Optional.ofNullable(fn),
        all,
        measurement,
        database,
        rp,
        where.condition(),
        where.from(),
        where.to(),
        every,
        List.copyOf(groupBy),
        fill,
        descending,
        limit);
  }

  /** A column name not yet taken: {@code mean}, then {@code mean_1}, as InfluxDB names them. */
  private static String unique(String column, List<String> taken) {
    String name = column;
    for (int i = 1; taken.contains(name); i++) {
      name = column + "_" + i;
    }
    return name;
  }

  private boolean comma() {
    if (parser.peek().isSymbol(",")) {
      parser.next();
      return true;
    }
    return false;
  }

  private static Query.Aggregate function(Token name) {
    String key = name.text().toLowerCase(Locale.ROOT);
    return Query.Aggregate.of(key)
        .orElseThrow(
            () ->
                Parser.error(
                    (NOT_BUILT.contains(key) ? "function " : "unknown function ")
                        + key
                        + "() is not supported; supported: "
                        + FUNCTIONS
                        + " "
                        + name.place()));
  }

  private static Field field(Token token) {
    if (token.kind() != Token.Kind.IDENT && token.kind() != Token.Kind.QUOTED) {
      throw Parser.unexpected(token, "a field");
    }
    return Field.of(token.text())
        .orElseThrow(
            () ->
                Parser.error(
                    "unknown field "
                        + token.text()
                        + " of air_quality; fields: "
                        + WhereParser.fieldKeys()
                        + " "
                        + token.place()));
  }
}
