package org.aqmrg.flux;

import java.util.Arrays;
import java.util.List;

/**
 * The value of an aggregate over one column of some rows, nulls skipped as Flux skips them; for a
 * selector, which row it selects.
 */
final class Aggregates {
  private Aggregates() {}

  /** The type of {@code fn}'s value over a column of type {@code input}. */
  static Table.Type type(Step.Fn fn, Table.Type input) {
    return switch (fn) {
      case COUNT -> Table.Type.LONG;
      case MEAN, MEDIAN -> Table.Type.DOUBLE;
      case SUM, MIN, MAX, FIRST, LAST -> input;
    };
  }

  /**
   * What {@code fn} gives over column {@code column} of {@code rows}: an aggregate's value (see
   * {@link #aggregate}), or the value of the row a selector selects, null when it selects none.
   */
  static Object value(Step.Fn fn, List<Object[]> rows, int column, Table.Type input, Position at) {
    if (!fn.selector()) {
      return aggregate(fn, rows, column, input, at);
    }
    int chosen = select(fn, rows, column, input, at);
    return chosen < 0 ? null : rows.get(chosen)[column];
  }

  /**
   * The value of aggregate {@code fn} (not a selector) over column {@code column} of {@code rows}:
   * null when no row has a value, but for {@code count}, which is then 0.
   */
  static Object aggregate(
      Step.Fn fn, List<Object[]> rows, int column, Table.Type input, Position at) {
    if (fn == Step.Fn.COUNT) {
      long n = 0;
      for (Object[] row : rows) {
        n += row[column] == null ? 0 : 1;
      }
      return n;
    }
    numeric(fn, input, at);
    double[] values = new double[rows.size()];
    int n = 0;
    long longSum = 0;
    for (Object[] row : rows) {
      if (row[column] instanceof Number v) {
        values[n++] = v.doubleValue();
        if (v instanceof Long l) {
          longSum += l;
        }
      }
    }
    if (n == 0) {
      return null;
    }
    return switch (fn) {
      case SUM -> input == Table.Type.LONG ? (Object) longSum : (Object) sum(values, n);
      case MEAN -> sum(values, n) / n;
      case MEDIAN -> median(values, n);
      default -> throw new IllegalStateException(fn + " is a selector");
    };
  }

  /**
   * The index in {@code rows} of the row selector {@code fn} selects, or -1 when none has a value.
   */
  static int select(Step.Fn fn, List<Object[]> rows, int column, Table.Type input, Position at) {
    if (fn == Step.Fn.MIN || fn == Step.Fn.MAX) {
      numeric(fn, input, at);
    }
    int chosen = -1;
    for (int i = 0; i < rows.size(); i++) {
      Object v = rows.get(i)[column];
      if (v == null) {
        continue;
      }
      switch (fn) {
        case FIRST -> {
          return i;
        }
        case LAST -> chosen = i;
        default -> {
          if (chosen < 0) {
            chosen = i;
          } else {
            double value = ((Number) v).doubleValue();
            double best = ((Number) rows.get(chosen)[column]).doubleValue();
            if (fn == Step.Fn.MIN ? value < best : value > best) {
              chosen = i;
            }
          }
        }
      }
    }
    return chosen;
  }

  private static void numeric(Step.Fn fn, Table.Type input, Position at) {
    if (input != Table.Type.DOUBLE && input != Table.Type.LONG) {
      throw at.error(fn.key() + "() needs a numeric column, got " + input.csv);
    }
  }

  private static double sum(double[] values, int n) {
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += values[i];
    }
    return total;
  }

  private static double median(double[] values, int n) {
    double[] sorted = Arrays.copyOf(values, n);
    Arrays.sort(sorted);
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
