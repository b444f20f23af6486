package org.aqmrg.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.aqmrg.alerts.Alert;
import org.aqmrg.alerts.AlertListener;
import org.aqmrg.identity.Principal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./aqmrg alerts list}: the alert rules of every user. */
@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = "List the alert rules of every user.",
    subcommands = {AlertsCommand.ListAlerts.class, AlertsTestCommand.class})
final class AlertsCommand extends CommandGroup {
  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the alerts, oldest first: owner, location, what is compared, state.")
  static final class ListAlerts implements Runnable {
    @CommandLine.ParentCommand AlertsCommand alerts;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--limit", description = "at most this many alerts (default: 1000)")
    int limit = 1_000;

    @Override
    public void run() {
      if (limit < 1) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--limit must be at least 1, got " + limit);
      }
      PrintWriter out = spec.commandLine().getOut();
      try (var parts = alerts.main.openMigrated()) {
        var all = parts.alertRules(AlertListener.NONE).list(Principal.OPERATOR, null, limit, 0);
        String format = "%-36s  %-36s  %-36s  %-24s  %10s  %-9s  %s%n";
        out.printf(format, "ID", "OWNER", "LOCATION", "WHAT", "THRESHOLD", "STATE", "ENABLED");
        for (Alert alert : all) {
          out.printf(
              format,
              alert.id(),
              alert.userId(),
              alert.locationId(),
              what(alert),
              alert.kind() == Alert.Kind.OFFLINE ? "-" : number(alert.threshold()),
              alert.state().key(),
              alert.enabled() ? "yes" : "no");
        }
        out.printf("%d alert(s)%n", all.size());
      }
    }

    private static String what(Alert alert) {
      if (alert.kind() == Alert.Kind.OFFLINE) {
        return "offline "
            + alert.offlineAfter().toSeconds()
            + " s"
            + (alert.sensorId() == null ? "" : " " + alert.sensorId());
      }
      return alert.pollutant() + " " + alert.measure().key();
    }

    private static String number(double value) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
  }
}
