package org.aqmrg.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.aqmrg.identity.Role;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./aqmrg users create|list}: accounts, for the operator at the command line. */
@Command(
    name = "users",
    mixinStandardHelpOptions = true,
    description = "Create and list users. Passwords are read from standard input, never arguments.",
    subcommands = {UsersCommand.Create.class, UsersCommand.ListUsers.class})
final class UsersCommand extends CommandGroup {
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = {
        "Create a user.",
        "The password is read from the terminal (without echo) or, when piped, from the first line"
            + " of standard input: printf '%%s\\n' \"$PW\" | ./aqmrg users create …"
      })
  static final class Create implements Runnable {
    @CommandLine.ParentCommand UsersCommand users;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--email", required = true, description = "the user's e-mail address")
    String email;

    @Option(
        names = "--role",
        defaultValue = "public",
        description = "public, researcher or admin (default: ${DEFAULT-VALUE})")
    String role;

    @Override
    public void run() {
      Role parsed =
          Role.parse(role)
              .orElseThrow(
                  () ->
                      new CommandLine.ParameterException(
                          spec.commandLine(),
                          "unknown role '" + role + "': use public, researcher or admin"));
      String password = users.main.readPassword("Password for " + email);
      PrintWriter out = spec.commandLine().getOut();
      try (var parts = users.main.openMigrated()) {
        var user = parts.users().create(email, password, parsed);
        parts
            .audit()
            .recordSystem(
                "user.create",
                "user",
                user.id().toString(),
                Map.of("email", user.email(), "role", parsed.value(), "via", "cli"));
        out.printf("Created %s user %s with id %s.%n", parsed.value(), user.email(), user.id());
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the users.")
  static final class ListUsers implements Runnable {
    @CommandLine.ParentCommand UsersCommand users;
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
      PrintWriter out = spec.commandLine().getOut();
      try (var parts = users.main.openMigrated()) {
        var all = parts.users().list(10_000, 0);
        out.printf("%-36s  %-10s  %s%n", "ID", "ROLE", "E-MAIL");
        for (var user : all) {
          out.printf("%-36s  %-10s  %s%n", user.id(), user.role().value(), user.email());
        }
      }
    }
  }
}
