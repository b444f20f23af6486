package org.aqmrg.influxql;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;

/** One parsed statement of the supported InfluxQL subset. */
public sealed interface Statement permits Statement.Select, Statement.Show {

  /**
   * A {@code SELECT}.
   *
   * @param fields the fields asked for, in the order asked
   * @param names each field's column name (its alias, the field, or the function's name)
   * @param fn the one aggregate of every column; empty for raw points
   * @param all true for {@code SELECT *}: raw points with their tags as columns
   * @param measurement the measurement named in {@code FROM}
   * @param retentionPolicy the retention policy named in {@code FROM}; empty for the default
   * @param where the condition on tags; {@link Condition#ALWAYS} without one
   * @param from start of the range, inclusive; empty without a lower bound on time
   * @param to end of the range, exclusive; empty without an upper bound (now)
   * @param every the {@code GROUP BY time(…)} window; empty without one
   * @param groupBy the tag keys of {@code GROUP BY}, {@code *} expanded
   * @param limit {@code LIMIT}: points per series
   */
  record Select(
      List<Field> fields,
      List<String> names,
      Optional<Query.Aggregate> fn,
      boolean all,
      String measurement,
      Optional<String> database,
      Optional<String> retentionPolicy,
      Condition where,
      Optional<Instant> from,
      Optional<Instant> to,
      Optional<Duration> every,
      List<String> groupBy,
      Fill fill,
      boolean descending,
      OptionalInt limit)
      implements Statement {}

  /**
   * A {@code SHOW …}.
   *
   * @param database the database of {@code ON db}
   * @param measurement the measurement of {@code FROM m}; empty for all
   * @param tagKey the key of {@code SHOW TAG VALUES WITH KEY = …}; null for the others
   * @param limit {@code LIMIT}: most rows
   */
  record Show(
      What what,
      Optional<String> database,
      Optional<String> measurement,
      String tagKey,
      OptionalInt limit)
      implements Statement {
    public enum What {
      DATABASES,
      MEASUREMENTS,
      TAG_KEYS,
      TAG_VALUES,
      FIELD_KEYS,
      RETENTION_POLICIES
    }
  }

  /** {@code fill(…)}: what a window without a value gives. */
  record Fill(Kind kind, double value) {
    public enum Kind {
      NULL,
      NONE,
      PREVIOUS,
      NUMBER
    }

    static final Fill NULL = new Fill(Kind.NULL, 0);
  }
}
