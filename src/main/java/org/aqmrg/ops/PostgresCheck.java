package org.aqmrg.ops;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/** Runs {@code SELECT 1} on a fresh or pooled connection to PostgreSQL. */
public final class PostgresCheck implements StoreCheck {
  /** Where connections come from: the pool when serving, a direct connection for the doctor. */
  @FunctionalInterface
  public interface Connections {
    Connection open() throws SQLException;
  }

  private final String role;
  private final String target;
  private final Function<String, String> hints;
  private final Connections connections;

  /**
   * @param hints turns the problem a check met into advice for the operator
   */
  public PostgresCheck(
      String role, String target, Function<String, String> hints, Connections connections) {
    this.role = role;
    this.target = target;
    this.hints = hints;
    this.connections = connections;
  }

  /** Advice for an external server at {@code host:port}. */
  public static Function<String, String> externalHints(String host, int port, String database) {
    return problem -> {
      if (problem.contains("password authentication failed") || problem.contains("no password")) {
        return "Check DATABASE_USER and DATABASE_PASSWORD.";
      }
      if (problem.contains("does not exist") && problem.contains("database")) {
        return "Create the database (createdb -h %s -p %d %s) or set DATABASE_NAME."
            .formatted(host, port, database);
      }
      return "Is PostgreSQL running and reachable? Try: pg_isready -h %s -p %d"
          .formatted(host, port);
    };
  }

  @Override
  public String role() {
    return role;
  }

  @Override
  public String target() {
    return target;
  }

  @Override
  public StoreStatus check() {
    long started = System.nanoTime();
    try (var connection = connections.open();
        var statement = connection.createStatement()) {
      statement.setQueryTimeout(2);
      statement.execute("SELECT 1");
      return StoreStatus.up(this, started);
    } catch (SQLException | RuntimeException e) {
      String problem = Problems.describe(e);
      return StoreStatus.down(this, started, problem, hints.apply(problem));
    }
  }
}
