package org.aqmrg.flux;

import java.time.Instant;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.aqmrg.influxql.BoundedText;

/**
 * The body of a {@code filter(fn: (r) => …)}, compiled by {@link Predicates}: evaluated against a
 * row, or against a whole series before anything is read, where {@code _value} and {@code _time}
 * are {@link #UNKNOWN} and only the series' key is known. Logic is Kleene's with null: a comparison
 * with a missing column is null, and a filter keeps a row only when its body is true.
 */
sealed interface Cond {
  /** The value of a column that is not known yet (a series' {@code _value} before it is read). */
  Object UNKNOWN = new Object();

  Truth test(Function<String, Object> row);

  enum Truth {
    TRUE,
    FALSE,
    NULL,
    UNKNOWN;

    static Truth of(boolean b) {
      return b ? TRUE : FALSE;
    }

    Truth and(Truth other) {
      if (this == FALSE || other == FALSE) {
        return FALSE;
      }
      if (this == TRUE) {
        return other;
      }
      if (other == TRUE) {
        return this;
      }
      // NULL and UNKNOWN: never true
      return this == UNKNOWN && other == UNKNOWN ? UNKNOWN : NULL;
    }

    Truth or(Truth other) {
      if (this == TRUE || other == TRUE) {
        return TRUE;
      }
      if (this == FALSE) {
        return other;
      }
      if (other == FALSE) {
        return this;
      }
      return this == NULL && other == NULL ? NULL : UNKNOWN;
    }

    Truth not() {
      return switch (this) {
        case TRUE -> FALSE;
        case FALSE -> TRUE;
        default -> this;
      };
    }
  }

  /** An operand: a column of {@code r}, or a literal. */
  sealed interface Term {
    Object value(Function<String, Object> row);
  }

  record ColumnTerm(String name) implements Term {
    @Override
    public Object value(Function<String, Object> row) {
      return row.apply(name);
    }
  }

  record Literal(Object value) implements Term {
    @Override
    public Object value(Function<String, Object> row) {
      return value;
    }
  }

  record And(Cond left, Cond right) implements Cond {
    @Override
    public Truth test(Function<String, Object> row) {
      Truth l = left.test(row);
      return l == Truth.FALSE ? l : l.and(right.test(row));
    }
  }

  record Or(Cond left, Cond right) implements Cond {
    @Override
    public Truth test(Function<String, Object> row) {
      Truth l = left.test(row);
      return l == Truth.TRUE ? l : l.or(right.test(row));
    }
  }

  record Not(Cond operand) implements Cond {
    @Override
    public Truth test(Function<String, Object> row) {
      return operand.test(row).not();
    }
  }

  record Exists(Term term) implements Cond {
    @Override
    public Truth test(Function<String, Object> row) {
      Object v = term.value(row);
      return v == UNKNOWN ? Truth.UNKNOWN : Truth.of(v != null);
    }
  }

  /** A boolean operand on its own: {@code true}, or a boolean column. */
  record IsTrue(Term term, Position at) implements Cond {
    @Override
    public Truth test(Function<String, Object> row) {
      Object v = term.value(row);
      if (v == UNKNOWN) {
        return Truth.UNKNOWN;
      }
      if (v == null) {
        return Truth.NULL;
      }
      if (v instanceof Boolean b) {
        return Truth.of(b);
      }
      throw at.error("expected a boolean, got " + Predicates.typeOf(v));
    }
  }

  /** {@code left op right} for {@code == != < <= > >=}. */
  record Compare(String op, Term left, Term right, Position at) implements Cond {
    @Override
    public Truth test(Function<String, Object> row) {
      Object a = left.value(row);
      Object b = right.value(row);
      if (a == UNKNOWN || b == UNKNOWN) {
        return Truth.UNKNOWN;
      }
      if (a == null || b == null) {
        return Truth.NULL;
      }
      int c;
      if (a instanceof Long x && b instanceof Long y) {
        c = Long.compare(x, y);
      } else if (a instanceof Number x && b instanceof Number y) {
        c = Double.compare(x.doubleValue(), y.doubleValue());
      } else if (a instanceof String x && b instanceof String y) {
        c = x.compareTo(y);
      } else if (a instanceof Instant x && b instanceof Instant y) {
        c = x.compareTo(y);
      } else if (a instanceof Boolean x && b instanceof Boolean y) {
        if (!op.equals("==") && !op.equals("!=")) {
          throw at.error("booleans can only be compared with == and !=");
        }
        c = x.equals(y) ? 0 : 1;
      } else {
        throw at.error("cannot compare " + Predicates.typeOf(a) + " with " + Predicates.typeOf(b));
      }
      return Truth.of(
          switch (op) {
            case "==" -> c == 0;
            case "!=" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            default -> throw new IllegalStateException(op);
          });
    }
  }

  /** {@code term =~ /regex/}, or {@code !~} when {@code negated}: a match anywhere in the value. */
  record Matches(Term term, Pattern pattern, boolean negated, Position at) implements Cond {
    @Override
    public Truth test(Function<String, Object> row) {
      Object v = term.value(row);
      if (v == UNKNOWN) {
        return Truth.UNKNOWN;
      }
      if (v == null) {
        return Truth.NULL;
      }
      if (!(v instanceof String s)) {
        throw at.error("a regex matches strings, got " + Predicates.typeOf(v));
      }
      try {
        return Truth.of(BoundedText.find(pattern, s) != negated);
      } catch (org.aqmrg.error.InvalidInputException e) {
        throw at.error(e.getMessage() + " (max_regex_steps)");
      }
    }
  }
}
