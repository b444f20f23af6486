package org.aqmrg.flux;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named arguments of one call, read by type; an argument that is missing, of the wrong type or
 * not read at all (one the subset does not support) is refused with its name and place.
 */
final class Args {
  /** A duration value: {@code 1h}, {@code -30m}. */
  record Dur(long nanos) {}

  private final Expr.Call call;
  private final String function;
  private final Map<String, Object> env;
  private final Instant now;
  private final Map<String, Expr.Arg> args = new LinkedHashMap<>();
  private final Set<String> read = new HashSet<>();

  Args(Expr.Call call, Map<String, Object> env, Instant now) {
    this.call = call;
    this.function = name(call.callee());
    this.env = env;
    this.now = now;
    for (Expr.Arg arg : call.args()) {
      if (args.put(arg.name(), arg) != null) {
        throw arg.at().error(function + "() is given " + arg.name() + " twice");
      }
    }
  }

  /** Where argument {@code name} is written, or the call when it is not. */
  Position at(String name) {
    Expr.Arg arg = args.get(name);
    return arg == null ? call.at() : arg.at();
  }

  /** The expression of required argument {@code name}. */
  Expr raw(String name) {
    read.add(name);
    Expr.Arg arg = args.get(name);
    if (arg == null) {
      throw call.at().error("missing required argument " + name + " of " + function + "()");
    }
    return arg.value();
  }

  private Object value(String name, Object fallback) {
    read.add(name);
    Expr.Arg arg = args.get(name);
    if (arg == null) {
      if (fallback == null) {
        throw call.at().error("missing required argument " + name + " of " + function + "()");
      }
      return fallback;
    }
    return constant(arg.value(), env, now);
  }

  private RuntimeException type(String name, String expected) {
    return at(name).error(function + "(" + name + ":) must be " + expected);
  }

  String string(String name, String fallback) {
    if (value(name, fallback) instanceof String s) {
      return s;
    }
    throw type(name, "a string");
  }

  boolean bool(String name, boolean fallback) {
    if (value(name, fallback) instanceof Boolean b) {
      return b;
    }
    throw type(name, "true or false");
  }

  /** A whole number, zero or more. */
  long count(String name, Long fallback) {
    if (value(name, fallback) instanceof Long n && n >= 0) {
      return n;
    }
    throw type(name, "a whole number, 0 or more");
  }

  List<String> strings(String name, List<String> fallback) {
    Object v = value(name, fallback);
    if (v instanceof List<?> list) {
      var strings = new ArrayList<String>();
      for (Object item : list) {
        if (!(item instanceof String s)) {
          throw type(name, "an array of strings, such as [\"_time\"]");
        }
        strings.add(s);
      }
      return strings;
    }
    throw type(name, "an array of strings, such as [\"_time\"]");
  }

  /** A positive duration, in nanoseconds. */
  long duration(String name) {
    if (value(name, null) instanceof Dur d && d.nanos() > 0) {
      return d.nanos();
    }
    throw type(name, "a positive duration, such as 1h");
  }

  /** A time: a duration from now ({@code -1h}), a date-time, {@code now()}, or Unix seconds. */
  Instant time(String name, Instant fallback) {
    Object v = value(name, fallback);
    if (v instanceof Instant t) {
      return t;
    }
    if (v instanceof Dur d) {
      return now.plusNanos(d.nanos());
    }
    if (v instanceof Long seconds) {
      return Instant.ofEpochSecond(seconds);
    }
    throw type(name, "a time or a duration, such as -1h or 2026-12-01T00:00:00Z");
  }

  /** A function argument naming one of the aggregates and selectors of {@link Step.Fn}. */
  Step.Fn fn(String name) {
    Expr e = raw(name);
    if (e instanceof Expr.Ident id && Step.Fn.of(id.name()) != null) {
      return Step.Fn.of(id.name());
    }
    throw type(name, "one of mean, min, max, count, sum, median, first, last");
  }

  /** For the bare aggregates: {@code column:} may only name {@code _value}. */
  void column() {
    String column = string("column", "_value");
    if (!column.equals("_value")) {
      throw at("column")
          .error(function + "(column: \"" + column + "\") is not supported; only _value");
    }
  }

  /** Refuses, before any is read, an argument not among {@code known}. */
  void only(Set<String> known) {
    for (Expr.Arg arg : args.values()) {
      if (!known.contains(arg.name())) {
        throw arg.at().error(function + "() argument " + arg.name() + " is not supported");
      }
    }
  }

  /** Refuses an argument that was given but is not part of the subset. */
  void done() {
    for (String name : args.keySet()) {
      if (!read.contains(name)) {
        throw args.get(name).at().error(function + "() argument " + name + " is not supported");
      }
    }
  }

  /** The value of a constant expression. */
  static Object constant(Expr e, Map<String, Object> env, Instant now) {
    if (e instanceof Expr.Duration d) {
      return new Dur(Durations.nanos(d.text(), d.at()));
    }
    if (e instanceof Expr.Unary u && u.op().equals("-")) {
      Object v = constant(u.operand(), env, now);
      if (v instanceof Dur d) {
        return new Dur(-d.nanos());
      }
      if (v instanceof Long l) {
        return -l;
      }
      if (v instanceof Double x) {
        return -x;
      }
      throw u.at().error("- applies to numbers and durations");
    }
    if (e instanceof Expr.Array array) {
      var items = new ArrayList<Object>();
      for (Expr item : array.items()) {
        items.add(constant(item, env, now));
      }
      return items;
    }
    if (e instanceof Expr.Call call && call.callee() instanceof Expr.Ident id) {
      if (id.name().equals("now") && call.args().isEmpty()) {
        return now;
      }
      throw call.at().error("function \"" + id.name() + "\" cannot be used as a value here");
    }
    if (e instanceof Expr.Ident id) {
      Object bound = env.get(id.name());
      if (bound != null) {
        return bound;
      }
      Step.Fn fn = Step.Fn.of(id.name());
      if (fn != null) {
        return fn;
      }
    }
    return Predicates.literal(e);
  }

  private static String name(Expr callee) {
    if (callee instanceof Expr.Ident id) {
      return id.name();
    }
    if (callee instanceof Expr.Member m && m.object() instanceof Expr.Ident pkg) {
      return pkg.name() + "." + m.property();
    }
    return "function";
  }
}
