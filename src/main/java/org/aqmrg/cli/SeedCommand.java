package org.aqmrg.cli;

import java.io.PrintWriter;
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
    try (var parts = main.openMigrated()) {
      var seeds = parts.seeds();
      seeds.load(set);
      out.printf(
          "Loaded the %s data set into %s. The database now holds %s.%n",
          set.name().toLowerCase(java.util.Locale.ROOT),
          parts.database().description(),
          seeds.counts());
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
