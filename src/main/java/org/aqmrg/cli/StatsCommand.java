package org.aqmrg.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.aqmrg.app.Monitoring;
import org.aqmrg.http.WebApp;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./aqmrg stats [--watch [SECONDS]] [--json]}: the seed's Monitoring section. */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
      "Show what the stores and the platform are doing: PostgreSQL connections, slowest"
          + " statements and table sizes; InfluxDB bucket sizes, write rate and series cardinality;"
          + " Redis memory, keys per pattern and evictions; the running server's ingest, the rollup"
          + " lag, alert deliveries and the last scheduled backup.",
      "The ingest figures are read from the ./aqmrg serve running on this machine (its /metrics)."
    })
final class StatsCommand implements Callable<Integer> {
  @CommandLine.ParentCommand Main main;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--watch",
      arity = "0..1",
      paramLabel = "SECONDS",
      fallbackValue = "5",
      description = "refresh every SECONDS (5 when not given) until interrupted")
  Integer watch;

  @Option(names = "--json", description = "print the JSON of GET /api/v1/admin/stats")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (watch != null && watch < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--watch takes a whole number of seconds of at least 1, not " + watch);
    }
    PrintWriter out = spec.commandLine().getOut();
    var settings = main.settings();
    var meters = new ServeMeters(settings.http());
    var mapper = WebApp.objectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    boolean terminal = System.console() != null;
    try (var monitoring = Monitoring.open(settings, meters::read, meters::note)) {
      while (true) {
        var stats = monitoring.collector().collect();
        if (watch != null && terminal) {
          out.print("\033[H\033[2J"); // clear the screen, cursor home
        }
        if (json) {
          out.println(mapper.writeValueAsString(stats));
        } else {
          new StatsText(out).print(stats);
        }
        out.flush();
        if (watch == null) {
          return 0;
        }
        if (!terminal) {
          out.println("---");
        }
        Thread.sleep(watch * 1000L);
      }
    }
  }
}
