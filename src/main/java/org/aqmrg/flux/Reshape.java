package org.aqmrg.flux;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@code keep}, {@code drop}, {@code limit}, {@code sort}, {@code group} and {@code pivot}. */
final class Reshape {
  private Reshape() {}

  static List<Table> keep(List<Table> tables, List<String> columns, boolean keep) {
    var wanted = Set.copyOf(columns);
    var out = new ArrayList<Table>();
    for (Table table : tables) {
      var kept = new ArrayList<Table.Column>();
      var indexes = new ArrayList<Integer>();
      for (int i = 0; i < table.columns.size(); i++) {
        if (wanted.contains(table.columns.get(i).name()) == keep) {
          kept.add(table.columns.get(i));
          indexes.add(i);
        }
      }
      if (kept.isEmpty()) {
        continue;
      }
      var rows = new ArrayList<Object[]>(table.rows.size());
      for (Object[] row : table.rows) {
        Object[] projected = new Object[indexes.size()];
        for (int i = 0; i < projected.length; i++) {
          projected[i] = row[indexes.get(i)];
        }
        rows.add(projected);
      }
      out.add(new Table(kept, rows));
    }
    return out;
  }

  static List<Table> limit(List<Table> tables, Step.Limit limit) {
    var out = new ArrayList<Table>();
    for (Table table : tables) {
      int from = (int) Math.min(limit.offset(), table.rows.size());
      int to = (int) Math.min(from + limit.n(), table.rows.size());
      if (to > from) {
        out.add(new Table(table.columns, new ArrayList<>(table.rows.subList(from, to))));
      }
    }
    return out;
  }

  static List<Table> sort(List<Table> tables, Step.Sort sort) {
    for (Table table : tables) {
      Comparator<Object[]> order = (a, b) -> 0;
      for (String column : sort.columns()) {
        int i = table.index(column);
        if (i >= 0) {
          order = order.thenComparing(row -> row[i], Reshape::compare);
        }
      }
      table.rows.sort(sort.desc() ? order.reversed() : order);
    }
    return tables;
  }

  /** Orders values of one column: nulls first, then numbers, strings, times, booleans. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a.getClass() == b.getClass()) {
      return ((Comparable) a).compareTo(b);
    }
    return a.getClass().getName().compareTo(b.getClass().getName());
  }

  static List<Table> group(List<Table> tables, Step.Group group) {
    var union = new LinkedHashMap<String, Table.Type>();
    for (Table table : tables) {
      for (Table.Column c : table.columns) {
        Table.Type seen = union.putIfAbsent(c.name(), c.type());
        if (seen != null && seen != c.type()) {
          throw group.at().error(schemaCollision(c.name(), seen, c.type()));
        }
      }
    }
    Set<String> key = new HashSet<>(group.columns());
    if (group.except()) {
      key = new HashSet<>(union.keySet());
      group.columns().forEach(key::remove);
    }
    key.retainAll(union.keySet());
    var groups = new LinkedHashMap<List<Object>, List<Object[]>>();
    var names = new ArrayList<>(union.keySet());
    for (Table table : tables) {
      int[] from = new int[names.size()];
      for (int i = 0; i < from.length; i++) {
        from[i] = table.index(names.get(i));
      }
      for (Object[] row : table.rows) {
        Object[] wide = new Object[from.length];
        var values = new ArrayList<Object>();
        for (int i = 0; i < from.length; i++) {
          wide[i] = from[i] < 0 ? null : row[from[i]];
          if (key.contains(names.get(i))) {
            values.add(wide[i]);
          }
        }
        groups.computeIfAbsent(values, k -> new ArrayList<>()).add(wide);
      }
    }
    var columns = new ArrayList<Table.Column>();
    for (String name : names) {
      columns.add(new Table.Column(name, union.get(name), key.contains(name)));
    }
    var out = new ArrayList<Table>();
    groups.values().forEach(rows -> out.add(new Table(columns, rows)));
    return out;
  }

  static List<Table> pivot(List<Table> tables, Step.Pivot p) {
    var byKey = new LinkedHashMap<List<Object>, List<Table>>();
    for (Table table : tables) {
      for (String column : p.rowKey()) {
        Windows.need(table, column, p.at());
      }
      for (String column : p.columnKey()) {
        Windows.need(table, column, p.at());
      }
      Windows.need(table, p.valueColumn(), p.at());
      var values = new ArrayList<Object>();
      for (Table.Column c : table.columns) {
        if (c.key() && !p.columnKey().contains(c.name())) {
          values.add(c.name());
          values.add(table.keyValue(c.name()));
        }
      }
      byKey.computeIfAbsent(values, k -> new ArrayList<>()).add(table);
    }
    var out = new ArrayList<Table>();
    for (List<Table> group : byKey.values()) {
      out.add(pivotOne(group, p));
    }
    return out;
  }

  private static Table pivotOne(List<Table> group, Step.Pivot p) {
    Table first = group.get(0);
    var columns = new ArrayList<Table.Column>();
    for (Table.Column c : first.columns) {
      if (c.key() && !p.columnKey().contains(c.name()) && !p.rowKey().contains(c.name())) {
        columns.add(c);
      }
    }
    for (String name : p.rowKey()) {
      columns.add(new Table.Column(name, first.column(name).type(), first.column(name).key()));
    }
    var pivoted = new TreeMap<String, Table.Type>();
    var rows = new TreeMap<List<Object>, Map<String, Object>>(Reshape::compareLists);
    for (Table table : group) {
      int value = table.index(p.valueColumn());
      for (Object[] row : table.rows) {
        var rowKey = new ArrayList<Object>();
        p.rowKey().forEach(name -> rowKey.add(row[table.index(name)]));
        var name = new StringBuilder();
        for (String column : p.columnKey()) {
          name.append(name.length() == 0 ? "" : "_").append(text(row[table.index(column)]));
        }
        Table.Type type = table.columns.get(value).type();
        Table.Type seen = pivoted.putIfAbsent(name.toString(), type);
        if (seen != null && seen != type) {
          throw p.at().error(schemaCollision(name.toString(), seen, type));
        }
        rows.computeIfAbsent(rowKey, k -> new LinkedHashMap<>()).put(name.toString(), row[value]);
      }
    }
    pivoted.forEach((name, type) -> columns.add(new Table.Column(name, type, false)));
    var out = new ArrayList<Object[]>(rows.size());
    rows.forEach(
        (rowKey, values) -> {
          Object[] row = new Object[columns.size()];
          for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).name();
            int inRowKey = p.rowKey().indexOf(name);
            row[i] =
                inRowKey >= 0
                    ? rowKey.get(inRowKey)
                    : pivoted.containsKey(name) ? values.get(name) : first.keyValue(name);
          }
          out.add(row);
        });
    return new Table(columns, out);
  }

  private static int compareLists(List<Object> a, List<Object> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static String text(Object value) {
    return value instanceof Instant t ? t.toString() : String.valueOf(value);
  }

  private static String schemaCollision(String column, Table.Type a, Table.Type b) {
    return "schema collision: column "
        + column
        + " is "
        + a.csv
        + " in one table and "
        + b.csv
        + " in another";
  }
}
