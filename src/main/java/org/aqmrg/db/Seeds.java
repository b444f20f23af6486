package org.aqmrg.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

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

  private final DataSource dataSource;

  public Seeds(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  public void load(Set set) {
    String sql = read(set.resource());
    try (var connection = dataSource.getConnection();
        var statement = connection.createStatement()) {
      // The file carries its own BEGIN and COMMIT, as psql needs; run it as one script, and
      // end the transaction it opened if a statement fails, so the pooled connection is clean.
      try {
        statement.execute(sql);
      } catch (SQLException e) {
        statement.execute("ROLLBACK");
        throw e;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "seed " + set.resource() + " failed, nothing of it was kept: " + e.getMessage(), e);
    }
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
