package org.aqmrg.cli;

import java.io.PrintWriter;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.aqmrg.notify.Attempt;
import org.aqmrg.notify.Notification.Channel;
import org.aqmrg.notify.Outgoing;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code ./aqmrg alerts test ID}: sends one test notification to each channel of the alert now,
 * past the outbox (nothing is logged as a delivery), and says per channel whether it arrived and if
 * not what to do. Exit status 1 when any did not.
 */
@Command(
    name = "test",
    mixinStandardHelpOptions = true,
    description = {
      "Send a test notification to each webhook and e-mail of an alert now, and say which arrived.",
      "Exit status 1 when any did not. Example: ./aqmrg alerts test 3f0c…"
    })
final class AlertsTestCommand implements Callable<Integer> {
  @CommandLine.ParentCommand CommandGroup alerts;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "the alert's id")
  UUID id;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (var parts = alerts.main.openMigrated()) {
      var tests = parts.testNotifications();
      var alert =
          tests
              .alert(id)
              .orElseThrow(
                  () ->
                      new CommandFailedException(
                          "there is no alert " + id + "; ./aqmrg alerts list shows them", 1));
      var outgoing = tests.of(alert);
      if (outgoing.isEmpty()) {
        throw new CommandFailedException(
            "alert "
                + id
                + " has no notification channels; add a webhook or an e-mail with PATCH"
                + " /api/v1/alerts/"
                + id,
            1);
      }
      var webhooks = parts.webhooks();
      var mailer = parts.mailer();
      int failed = 0;
      for (Outgoing test : outgoing) {
        Attempt attempt =
            test.channel() == Channel.WEBHOOK ? webhooks.send(test) : mailer.send(test);
        String channel = test.channel().key() + " " + test.target();
        if (attempt.delivered()) {
          out.printf(
              "%s: delivered%s%n",
              channel, attempt.status() == null ? "" : " (HTTP " + attempt.status() + ")");
        } else {
          failed++;
          out.printf("%s: FAILED: %s%n  next: %s%n", channel, attempt.error(), next(test, attempt));
        }
      }
      out.printf(
          "%d of %d test notifications delivered.%n", outgoing.size() - failed, outgoing.size());
      return failed == 0 ? 0 : 1;
    }
  }

  private static String next(Outgoing test, Attempt attempt) {
    if (test.channel() == Channel.EMAIL) {
      return attempt.outcome() == Attempt.Outcome.REFUSED
          ? "check the address, or what the SMTP server said about it"
          : "check AQMRG_SMTP_HOST, AQMRG_SMTP_PORT, AQMRG_SMTP_STARTTLS and the credentials;"
              + " ./aqmrg doctor checks the stores, and the server's log says more";
    }
    if (attempt.status() != null && attempt.outcome() == Attempt.Outcome.REFUSED) {
      return "the receiver refused it: check the URL and that the receiver accepts a signed JSON"
          + " POST (README, Notifications)";
    }
    if (attempt.outcome() == Attempt.Outcome.REFUSED) {
      return "fix what the message says; real notifications to this webhook fail the same way";
    }
    return "check that the receiver is up and reachable from this host; real notifications are"
        + " tried again for 24 hours";
  }
}
