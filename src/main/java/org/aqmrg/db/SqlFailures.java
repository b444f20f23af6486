package org.aqmrg.db;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreRefusedException;
import org.aqmrg.error.StoreUnavailableException;
import org.jdbi.v3.core.ConnectionException;

/**
 * What a failed SQL call means to the caller, decided once for every query of the platform: the
 * server is not there just now (try again), or it refused the statement (an operator must act).
 */
final class SqlFailures {
  /**
   * SQLSTATEs that pass when the server is back: admin or crash shutdown, cannot connect now (class
   * 57P), insufficient resources (class 53, e.g. too many connections), a cancelled statement, a
   * serialization failure or deadlock. Class 08 (connection exception) is matched by its prefix.
   */
  private static final Set<String> TRANSIENT =
      Set.of("57P01", "57P02", "57P03", "57014", "40001", "40P01");

  private SqlFailures() {}

  static RuntimeException translate(
      Store store,
      String what,
      Map<String, Supplier<? extends RuntimeException>> expected,
      Exception failure) {
    SQLException sql = sqlException(failure);
    String state = sql == null ? null : sql.getSQLState();
    if (state != null && expected.containsKey(state)) {
      return expected.get(state).get();
    }
    String message = what + " failed: " + message(sql == null ? failure : sql);
    if (unavailable(failure, state)) {
      return new StoreUnavailableException(store, message, failure);
    }
    // Class 22 (data exception) and 23 (integrity constraint): the data, not the server, is wrong.
    boolean content = state != null && (state.startsWith("22") || state.startsWith("23"));
    return new StoreRefusedException(store, message, failure, content);
  }

  /** True when the failure is the connection's, not the statement's. */
  static boolean unavailable(Throwable failure) {
    SQLException sql = sqlException(failure);
    return unavailable(failure, sql == null ? null : sql.getSQLState());
  }

  /** As {@link #unavailable(Throwable)}, with the failure's SQLSTATE already found. */
  static boolean unavailable(Throwable failure, String state) {
    if (state != null
        && (state.startsWith("08") || state.startsWith("53") || TRANSIENT.contains(state))) {
      return true;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      // Jdbi's ConnectionException: the pool gave no connection (server down, pool timed out).
      if (t instanceof ConnectionException
          || t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof java.sql.SQLNonTransientConnectionException
          || t instanceof ConnectException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static SQLException sqlException(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  private static String message(Throwable failure) {
    String message = failure.getMessage();
    return message == null ? failure.getClass().getSimpleName() : message;
  }
}
