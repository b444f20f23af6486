package org.aqmrg.flux;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One table of a Flux stream: its columns with their types, which of them form the group key (the
 * same value in every row), and its rows, each an array by column index. A value is a {@link
 * String}, {@link Double}, {@link Long}, {@link Boolean} or {@link java.time.Instant}, or null.
 */
final class Table {
  /** A column's type, named as annotated CSV names it. */
  enum Type {
    STRING("string"),
    DOUBLE("double"),
    LONG("long"),
    BOOL("boolean"),
    TIME("dateTime:RFC3339");

    final String csv;

    Type(String csv) {
      this.csv = csv;
    }
  }

  record Column(String name, Type type, boolean key) {}

  final List<Column> columns;
  final List<Object[]> rows;

  Table(List<Column> columns, List<Object[]> rows) {
    this.columns = List.copyOf(columns);
    this.rows = rows;
  }

  /** The index of column {@code name}, or -1. */
  int index(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  Column column(String name) {
    int i = index(name);
    return i < 0 ? null : columns.get(i);
  }

  /** The value of key column {@code name}, or null. */
  Object keyValue(String name) {
    int i = index(name);
    return i < 0 || rows.isEmpty() ? null : rows.get(0)[i];
  }

  static long nanos(java.time.Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000_000L), at.getNano());
  }

  static java.time.Instant instant(long nanos) {
    return java.time.Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /**
   * Columns in the order Flux's sources give them: {@code _start}, {@code _stop}, {@code _time},
   * {@code _value}, then the others as they are.
   */
  static List<Column> ordered(List<Column> columns) {
    var ordered = new ArrayList<Column>();
    for (String first : List.of("_start", "_stop", "_time", "_value")) {
      columns.stream().filter(c -> c.name().equals(first)).forEach(ordered::add);
    }
    columns.stream().filter(c -> !ordered.contains(c)).forEach(ordered::add);
    return ordered;
  }

  boolean sameSchema(Table other) {
    return Objects.equals(columns, other.columns);
  }
}
