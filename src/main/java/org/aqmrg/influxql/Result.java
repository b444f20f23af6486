package org.aqmrg.influxql;

import java.util.List;

/**
 * The answer to one statement: its series (none when nothing matched), or its error.
 *
 * @param error the statement's error, null when it ran
 */
public record Result(int statementId, List<Series> series, String error) {
  public static Result of(int statementId, List<Series> series) {
    return new Result(statementId, List.copyOf(series), null);
  }

  public static Result failed(int statementId, String error) {
    return new Result(statementId, List.of(), error);
  }
}
