package org.aqmrg.cli;

import java.io.PrintWriter;
import org.aqmrg.app.Platform;
import org.aqmrg.readings.ReadingStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./aqmrg buckets create|list}: the seed's buckets on the configured time-series store. */
@Command(
    name = "buckets",
    mixinStandardHelpOptions = true,
    description =
        "Create or list the seed's buckets (raw readings, hourly and daily rollups,"
            + " predictions) with their retention.",
    subcommands = {BucketsCommand.Create.class, BucketsCommand.ListBuckets.class})
final class BucketsCommand extends CommandGroup {
  /** Lists the buckets of the configured store, creating the missing ones first if asked. */
  void show(CommandLine.Model.CommandSpec command, boolean create) {
    try (var platform = Platform.start(main.settings())) {
      var store = platform.readings();
      print(
          command.commandLine().getOut(), store, create ? store.createBuckets() : store.buckets());
    }
  }

  private static void print(
      PrintWriter out, ReadingStore store, Iterable<ReadingStore.Bucket> buckets) {
    out.printf("Buckets of %s:%n", store.description());
    out.printf("%-20s %-10s %s%n", "NAME", "RETENTION", "SIZE");
    for (var bucket : buckets) {
      out.printf("%-20s %-10s %s%n", bucket.name(), bucket.retention(), bucket.size());
    }
  }

  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create the buckets that are missing; it is safe to repeat.",
        "On InfluxDB 1.x: the database and four retention policies; on 2.x: buckets and DBRP"
            + " mappings; on PostgreSQL: tables and partitions."
      })
  static final class Create implements Runnable {
    @CommandLine.ParentCommand BucketsCommand buckets;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      buckets.show(spec, true);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the buckets.")
  static final class ListBuckets implements Runnable {
    @CommandLine.ParentCommand BucketsCommand buckets;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      buckets.show(spec, false);
    }
  }
}
