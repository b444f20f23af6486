package org.aqmrg.db;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/**
 * A query built piece by piece (a filter adds {@code " AND city = ?"} and its value): the values go
 * to the driver as parameters, in order, never into the SQL text.
 */
public final class QueryText {
  private final StringBuilder sql;
  private final List<Object> values = new ArrayList<>();

  public QueryText(String start) {
    this.sql = new StringBuilder(start);
  }

  /** Appends {@code text}, whose {@code ?}s take {@code values}. */
  public QueryText append(String text, Object... values) {
    sql.append(text);
    this.values.addAll(Arrays.asList(values));
    return this;
  }

  /** Appends {@code " AND " + condition} with its one value, unless the value is null. */
  public QueryText andIf(String condition, Object value) {
    return value == null ? this : append(" AND " + condition, value);
  }

  public String sql() {
    return sql.toString();
  }

  /** The query on {@code handle}, every value bound. */
  public Query on(Handle handle) {
    var query = handle.createQuery(sql.toString());
    for (int i = 0; i < values.size(); i++) {
      query.bind(i, values.get(i));
    }
    return query;
  }
}
