package org.aqmrg.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.aqmrg.app.Platform;
import org.aqmrg.app.StoreChecks;
import org.aqmrg.ops.Doctor;
import org.aqmrg.ops.InfluxCheck;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Checks every configured store and prints one line each; exits 1 when one has a problem. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Check the settings and every configured store (PostgreSQL, InfluxDB, Redis).",
      "It prints one line per store and, for each problem, what to try."
    })
final class DoctorCommand implements Callable<Integer> {
  @CommandLine.ParentCommand Main main;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    var settings = main.settings();
    List<Doctor.Finding> findings;
    try (var influx = Platform.influxStore(settings).orElse(null)) {
      var ping = influx == null ? InfluxCheck.Ping.NONE : (InfluxCheck.Ping) influx::ping;
      findings = new ArrayList<>(StoreChecks.doctor(settings, ping).examine());
    }
    for (var finding : findings) {
      out.println(finding);
    }
    long problems = findings.stream().filter(f -> !f.ok()).count();
    out.println(
        problems == 0
            ? "All stores answer."
            : problems + " problem(s) found; fix them and run ./aqmrg doctor again.");
    return problems == 0 ? 0 : 1;
  }
}
