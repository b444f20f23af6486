package org.aqmrg.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.identity.ApiTokens;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./aqmrg tokens create|list|revoke}: API tokens for devices and services. */
@Command(
    name = "tokens",
    mixinStandardHelpOptions = true,
    description = "Create, list and revoke API tokens of devices and services.",
    subcommands = {
      TokensCommand.Create.class,
      TokensCommand.ListTokens.class,
      TokensCommand.Revoke.class
    })
final class TokensCommand extends CommandGroup {
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a token and print it alone on the last line. It is shown only this once.",
        "Example: ./aqmrg tokens create --name gateway-ikeja --scope write:readings"
            + " --sensor LAG-IKJ-001"
      })
  static final class Create implements Runnable {
    @CommandLine.ParentCommand TokensCommand tokens;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", required = true, description = "what the token is for")
    String name;

    @Option(
        names = "--scope",
        required = true,
        description =
            "write:readings, write:predictions, read:all or read:metrics; repeat for several")
    List<String> scopes;

    @Option(
        names = "--sensor",
        arity = "1..*",
        description = "limit write:readings to these sensor ids; repeat or list several")
    List<String> sensors = new ArrayList<>();

    @Option(
        names = "--expires-in-days",
        description = "days until the token stops working (default: never)")
    Integer expiresInDays;

    @Override
    public void run() {
      if (expiresInDays != null && expiresInDays < 1) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--expires-in-days must be at least 1, got " + expiresInDays);
      }
      Instant expiresAt =
          expiresInDays == null ? null : Instant.now().plus(Duration.ofDays(expiresInDays));
      PrintWriter out = spec.commandLine().getOut();
      try (var parts = tokens.main.openMigrated()) {
        var created = parts.apiTokens().create(null, name, scopes, sensors, expiresAt);
        var token = created.token();
        parts
            .audit()
            .recordSystem(
                "token.create",
                "token",
                token.id().toString(),
                Map.of(
                    "name", token.name(),
                    "scopes", token.scopes(),
                    "sensor_ids", token.sensorIds(),
                    "via", "cli"));
        out.printf(
            "Created token %s (%s) with scopes %s%s, %s.%n",
            token.id(),
            token.name(),
            String.join(", ", token.scopes()),
            token.sensorIds().isEmpty()
                ? ""
                : " for sensors " + String.join(", ", token.sensorIds()),
            token.expiresAt() == null ? "never expiring" : "expiring " + token.expiresAt());
        out.println("Store it now; it is not shown again:");
        out.println(created.secret());
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the tokens.")
  static final class ListTokens implements Runnable {
    @CommandLine.ParentCommand TokensCommand tokens;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      try (var parts = tokens.main.openMigrated()) {
        var all = parts.apiTokens().list();
        String format = "%-36s  %-10s  %-8s  %-24s  %-32s  %s%n";
        out.printf(format, "ID", "PREFIX", "STATE", "NAME", "SCOPES", "LAST USED");
        Instant now = Instant.now();
        for (var token : all) {
          String state =
              token.revokedAt() != null ? "revoked" : token.active(now) ? "active" : "expired";
          out.printf(
              format,
              token.id(),
              token.prefix(),
              state,
              token.name(),
              String.join(",", token.scopes()),
              token.lastUsedAt() == null ? "never" : token.lastUsedAt().toString());
        }
      }
    }
  }

  @Command(
      name = "revoke",
      mixinStandardHelpOptions = true,
      description = "Revoke a token at once, by the id that 'tokens list' shows.")
  static final class Revoke implements Runnable {
    @CommandLine.ParentCommand TokensCommand tokens;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "ID", description = "the token's id")
    UUID id;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      try (var parts = tokens.main.openMigrated()) {
        // Revoking also removes the token from the shared cache that running servers trust.
        ApiTokens.Token token = parts.apiTokens().revoke(id);
        parts
            .audit()
            .recordSystem(
                "token.revoke", "token", id.toString(), Map.of("name", token.name(), "via", "cli"));
        out.printf("Revoked token %s (%s) at %s.%n", token.id(), token.name(), token.revokedAt());
      }
    }
  }
}
