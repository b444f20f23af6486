package org.aqmrg.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Loads {@code databases/postgres/seeds/<name>_data.sql}, the same file {@code psql -f} runs. The
 * files are idempotent, so loading one twice neither fails nor duplicates rows.
 */
public final class Seeds {
  /** The seed sets shipped in the jar. */
  public enum Set {
    DEV,
    TEST;

    String resource() {
      return "databases/postgres/seeds/" + name().toLowerCase(Locale.ROOT) + "_data.sql";
    }
  }

  private final Database database;

  public Seeds(Database database) {
    this.database = database;
  }

  public void load(Set set) {
    String sql = read(set.resource());
    database.useHandle(
        "seed " + set.resource() + " (nothing of it was kept)",
        handle -> {
          // The file carries its own BEGIN and COMMIT, as psql needs: it runs as one script, as
          // written (no parameters parsed), and a failed statement ends the transaction it
          // opened, so the pooled connection is clean.
          try (var statement = handle.getConnection().createStatement()) {
            try {
              statement.execute(sql);
            } catch (SQLException e) {
              statement.execute("ROLLBACK");
              throw e;
            }
          }
        });
  }

  /** What the database holds of the seeds' tables, as a sentence for the operator. */
  public String counts() {
    String sql =
        "SELECT (SELECT count(*) FROM locations), (SELECT count(*) FROM sensors),"
            + " (SELECT count(*) FROM users), (SELECT count(*) FROM alerts)";
    return database.withHandle(
        "counting the seeded rows",
        handle ->
            handle
                .createQuery(sql)
                .map(
                    (rows, ctx) ->
                        "%d locations, %d sensors, %d users and %d alerts"
                            .formatted(
                                rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)))
                .one());
  }

  static String read(String resource) {
    try (InputStream in = Seeds.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the jar; rebuild it");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource, e);
    }
  }
}
