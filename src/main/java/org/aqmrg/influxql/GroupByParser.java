package org.aqmrg.influxql;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code GROUP BY time(d), tag, …} or {@code *}, and {@code fill(…)}, of a SELECT. */
final class GroupByParser {
  private final Parser parser;
  private Optional<Duration> every = Optional.empty();
  private final List<String> groupBy = new ArrayList<>();

  GroupByParser(Parser parser) {
    this.parser = parser;
  }

  Optional<Duration> every() {
    return every;
  }

  List<String> tags() {
    return List.copyOf(groupBy);
  }

  /** The dimensions, at {@code GROUP}. */
  void parse() {
    parser.next();
    parser.keyword("BY");
    do {
      Token dimension = parser.peek();
      if (dimension.is("time")) {
        parser.next();
        parser.symbol("(");
        Token length = parser.next();
        if (length.kind() != Token.Kind.DURATION || every.isPresent()) {
          throw Parser.unexpected(length, "one duration such as 1h");
        }
        every = Optional.of(TimeValues.duration(length));
        if (parser.peek().isSymbol(",")) {
          throw Parser.error(
              "an offset in GROUP BY time(…) is not supported " + parser.peek().place());
        }
        parser.symbol(")");
      } else if (dimension.isSymbol("*")) {
        parser.next();
        SeriesTags.KEYS.stream().filter(key -> !groupBy.contains(key)).forEach(groupBy::add);
      } else {
        String key = parser.identifier();
        if (!SeriesTags.KEYS.contains(key)) {
          throw Parser.error(
              "GROUP BY "
                  + key
                  + ": not a tag of air_quality; tags: "
                  + String.join(", ", SeriesTags.KEYS)
                  + " "
                  + dimension.place());
        }
        if (!groupBy.contains(key)) {
          groupBy.add(key);
        }
      }
    } while (comma());
  }

  private boolean comma() {
    if (parser.peek().isSymbol(",")) {
      parser.next();
      return true;
    }
    return false;
  }

  /** {@code fill(…)}, at its {@code fill}. */
  Statement.Fill fill() {
    parser.next();
    parser.symbol("(");
    Token option = parser.next();
    Statement.Fill fill;
    if (option.is("null")) {
      fill = Statement.Fill.NULL;
    } else if (option.is("none")) {
      fill = new Statement.Fill(Statement.Fill.Kind.NONE, 0);
    } else if (option.is("previous")) {
      fill = new Statement.Fill(Statement.Fill.Kind.PREVIOUS, 0);
    } else if (option.kind() == Token.Kind.NUMBER || option.isSymbol("-")) {
      Token number = option.isSymbol("-") ? parser.next() : option;
      if (number.kind() != Token.Kind.NUMBER) {
        throw Parser.unexpected(number, "a number");
      }
      double value = Double.parseDouble(number.text());
      fill = new Statement.Fill(Statement.Fill.Kind.NUMBER, option.isSymbol("-") ? -value : value);
    } else {
      throw Parser.unexpected(option, "null, none, previous or a number (linear is not supported)");
    }
    parser.symbol(")");
    return fill;
  }
}
