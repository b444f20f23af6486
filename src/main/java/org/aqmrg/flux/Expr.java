package org.aqmrg.flux;

import java.util.List;

/** An expression of a Flux text, as {@link Parser} reads it; each knows where it was written. */
sealed interface Expr {
  Position at();

  record Ident(String name, Position at) implements Expr {}

  record Str(String value, Position at) implements Expr {}

  record Int(long value, Position at) implements Expr {}

  record Float(double value, Position at) implements Expr {}

  /** A duration literal as written, such as {@code 1h30m}; {@link Durations} reads it. */
  record Duration(String text, Position at) implements Expr {}

  /** A date-time literal as written. */
  record Time(String text, Position at) implements Expr {}

  record Regex(String pattern, Position at) implements Expr {}

  record Array(List<Expr> items, Position at) implements Expr {}

  /** {@code object.property}, or {@code object["property"]}. */
  record Member(Expr object, String property, Position at) implements Expr {}

  /** A call with named arguments, in the order written. */
  record Call(Expr callee, List<Arg> args, Position at) implements Expr {}

  /** {@code input |> call}. */
  record Pipe(Expr input, Call call, Position at) implements Expr {}

  /** {@code (r) => body}. */
  record Function(List<String> params, Expr body, Position at) implements Expr {}

  /** An operator between two operands: comparison, {@code and}, {@code or}, arithmetic. */
  record Binary(String op, Expr left, Expr right, Position at) implements Expr {}

  /** {@code not x}, {@code -x}, {@code +x}, {@code exists x}. */
  record Unary(String op, Expr operand, Position at) implements Expr {}

  /** A record literal {@code {…}}: parsed so that it can be refused by name. */
  record Record(Position at) implements Expr {}

  record Arg(String name, Expr value, Position at) {}

  /** A statement: {@code name = expr}, or an expression alone when {@code name} is null. */
  record Statement(String name, Expr value, Position at) {}

  /** A whole text: its imports (paths) and statements. */
  record Program(List<Str> imports, List<Statement> statements) {}
}
