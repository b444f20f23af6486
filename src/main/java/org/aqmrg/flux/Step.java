package org.aqmrg.flux;

import java.util.List;
import java.util.Locale;

/** One transformation of a {@link Pipeline}, after {@code from()} and {@code range()}. */
sealed interface Step {
  Position at();

  /** The aggregates and selectors of {@code aggregateWindow(fn:)} and of the bare calls. */
  enum Fn {
    MEAN,
    MIN,
    MAX,
    COUNT,
    SUM,
    MEDIAN,
    FIRST,
    LAST;

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** A selector returns one of its rows; over no rows it returns none. */
    boolean selector() {
      return this == MIN || this == MAX || this == FIRST || this == LAST;
    }

    static Fn of(String name) {
      for (Fn fn : values()) {
        if (fn.key().equals(name)) {
          return fn;
        }
      }
      return null;
    }
  }

  record Filter(Cond cond, Position at) implements Step {}

  /** {@code aggregateWindow(every:, fn:, createEmpty:)}, windows aligned to the epoch. */
  record Window(long everyNanos, Fn fn, boolean createEmpty, Position at) implements Step {}

  /** {@code mean()}, {@code last()} and the others on their own: one value per table. */
  record Aggregate(Fn fn, Position at) implements Step {}

  record Keep(List<String> columns, Position at) implements Step {}

  record Drop(List<String> columns, Position at) implements Step {}

  record Limit(long n, long offset, Position at) implements Step {}

  record Sort(List<String> columns, boolean desc, Position at) implements Step {}

  /** {@code group(columns:, mode:)}; {@code except} for {@code mode: "except"}. */
  record Group(List<String> columns, boolean except, Position at) implements Step {}

  record Pivot(List<String> rowKey, List<String> columnKey, String valueColumn, Position at)
      implements Step {}
}
