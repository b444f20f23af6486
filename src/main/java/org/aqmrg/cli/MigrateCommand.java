package org.aqmrg.cli;

import java.io.PrintWriter;
import org.aqmrg.db.Migrations;
import org.aqmrg.db.RelationalDatabase;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Applies the migrations of databases/postgres/migrations, or lists them with --info. */
@Command(
    name = "migrate",
    mixinStandardHelpOptions = true,
    description = {
      "Bring the PostgreSQL schema up to date (databases/postgres/migrations).",
      "Uses DATABASE_HOST and friends, or the embedded database when it is not set."
    })
final class MigrateCommand implements Runnable {
  @CommandLine.ParentCommand Main main;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--info", description = "List applied and pending versions instead of migrating.")
  boolean info;

  @Override
  public void run() {
    var settings = main.settings();
    PrintWriter out = spec.commandLine().getOut();
    try (var database = RelationalDatabase.open(settings)) {
      var migrations = new Migrations(database.dataSource());
      if (info) {
        out.printf("Schema of %s:%n", database.description());
        out.printf("%-8s %-26s %-10s %s%n", "VERSION", "DESCRIPTION", "STATE", "INSTALLED ON");
        for (var version : migrations.info()) {
          out.printf(
              "%-8s %-26s %-10s %s%n",
              version.version(), version.description(), version.state(), version.installedOn());
        }
        return;
      }
      int applied = migrations.migrate();
      var all = migrations.info();
      String current = all.isEmpty() ? "none" : all.get(all.size() - 1).version();
      out.printf(
          "Applied %d migration(s) to %s; the schema is at version %s.%n",
          applied, database.description(), current);
    }
  }
}
