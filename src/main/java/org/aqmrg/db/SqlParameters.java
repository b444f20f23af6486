package org.aqmrg.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * Binds the values of a query built piece by piece (a filter adds {@code " AND city = ?"} and its
 * value) to the statement's parameters, in order: every value goes through the driver as a
 * parameter, never into the SQL text.
 */
public final class SqlParameters {
  private SqlParameters() {}

  /** Binds {@code values} to parameters 1, 2, …; a {@code String[]} as a {@code varchar[]}. */
  public static void bind(PreparedStatement statement, List<?> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      if (value instanceof String[] array) {
        statement.setArray(i + 1, statement.getConnection().createArrayOf("varchar", array));
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }
}
