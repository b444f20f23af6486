package org.aqmrg.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import org.aqmrg.db.RelationalDatabase;
import org.aqmrg.db.Seeds;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** Loads databases/postgres/seeds/dev_data.sql or test_data.sql; safe to run twice. */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description = {
      "Load the development or test data set (databases/postgres/seeds).",
      "Migrates first when needed. Loading a set twice neither fails nor duplicates rows."
    })
final class SeedCommand implements Runnable {
  @CommandLine.ParentCommand Main main;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "SET", description = "dev or test", converter = SetConverter.class)
  Seeds.Set set;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    try (var database = main.openMigrated()) {
      new Seeds(database.dataSource()).load(set);
      out.printf(
          "Loaded the %s data set into %s. The database now holds %s.%n",
          set.name().toLowerCase(java.util.Locale.ROOT), database.description(), counts(database));
    }
  }

  private static String counts(RelationalDatabase database) {
    String sql =
        "SELECT (SELECT count(*) FROM locations), (SELECT count(*) FROM sensors),"
            + " (SELECT count(*) FROM users), (SELECT count(*) FROM alerts)";
    try (var connection = database.dataSource().getConnection();
        var rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return "%d locations, %d sensors, %d users and %d alerts"
          .formatted(rows.getLong(1), rows.getLong(2), rows.getLong(3), rows.getLong(4));
    } catch (SQLException e) {
      throw new IllegalStateException("counting the seeded rows failed: " + e.getMessage(), e);
    }
  }

  static final class SetConverter implements CommandLine.ITypeConverter<Seeds.Set> {
    @Override
    public Seeds.Set convert(String value) {
      for (var set : Seeds.Set.values()) {
        if (set.name().equalsIgnoreCase(value)) {
          return set;
        }
      }
      throw new CommandLine.TypeConversionException(
          "unknown data set '" + value + "': use dev or test");
    }
  }
}
