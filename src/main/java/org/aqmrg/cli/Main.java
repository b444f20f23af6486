package org.aqmrg.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.aqmrg.app.Parts;
import org.aqmrg.backup.BackupException;
import org.aqmrg.config.Settings;
import org.aqmrg.config.SettingsException;
import org.aqmrg.error.PlatformException;
import org.aqmrg.error.StoreUnavailableException;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./aqmrg}: the platform's command line. Every subcommand reads its settings from the
 * environment it is given, so tests run the real commands with their own settings.
 */
@Command(
    name = "aqmrg",
    mixinStandardHelpOptions = true,
    versionProvider = VersionCommand.Provider.class,
    description = "Run and manage the AQMRG air-quality data platform.",
    subcommands = {
      ServeCommand.class,
      MigrateCommand.class,
      SeedCommand.class,
      DoctorCommand.class,
      ImportCommand.class,
      BucketsCommand.class,
      RollupsCommand.class,
      UsersCommand.class,
      TokensCommand.class,
      AlertsCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      StatsCommand.class,
      VersionCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(Main.class);

  /** Exit status when a setting is invalid (sysexits' EX_CONFIG). */
  public static final int EXIT_CONFIG = 78;

  /** Exit status when a store cannot be reached (sysexits' EX_UNAVAILABLE). */
  public static final int EXIT_UNAVAILABLE = 69;

  private final Map<String, String> env;
  private final BufferedReader in;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  Main(Map<String, String> env, BufferedReader in) {
    this.env = env;
    this.in = in;
  }

  private static final BufferedReader STDIN =
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

  public static void main(String[] args) {
    System.exit(run(System.getenv(), STDIN, new PrintWriter(System.out, true), args));
  }

  /**
   * Runs one command line and returns its exit status; {@code in} is standard input (passwords),
   * output goes to {@code out}.
   */
  public static int run(
      Map<String, String> env, BufferedReader in, PrintWriter out, String... args) {
    var commandLine = new CommandLine(new Main(env, in));
    commandLine.setOut(out);
    commandLine.setErr(out);
    commandLine.setParameterExceptionHandler(
        (error, arguments) -> {
          var cmd = error.getCommandLine();
          cmd.getErr().println(error.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(error, cmd.getErr());
          cmd.usage(cmd.getErr());
          return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
    commandLine.setExecutionExceptionHandler(
        (error, cmd, parsed) -> {
          var err = cmd.getErr();
          if (error instanceof SettingsException settings) {
            err.println("aqmrg: the settings are not valid:");
            settings.problems().forEach(problem -> err.println("  " + problem));
            return EXIT_CONFIG;
          }
          if (error instanceof StoreUnavailableException) {
            err.println("aqmrg: " + error.getMessage());
            return EXIT_UNAVAILABLE;
          }
          if (error instanceof PlatformException refused) {
            err.println("aqmrg: " + refused.getMessage());
            return 1;
          }
          if (error instanceof BackupException failed) {
            err.println("aqmrg: " + failed.getMessage());
            return 1;
          }
          if (error instanceof CommandFailedException failed) {
            err.println("aqmrg: " + failed.getMessage());
            return failed.exitCode();
          }
          if (error instanceof FlywayException) {
            err.println("aqmrg: migration failed: " + error.getMessage());
            return 1;
          }
          log.error("Unexpected error", error);
          err.println(
              "aqmrg: unexpected error: "
                  + error
                  + " (the log above has the details; please report it)");
          return 1;
        });
    return commandLine.execute(args);
  }

  /**
   * Reads a password: from the terminal without echo when there is one, otherwise the first line of
   * standard input. Never from the command line, where other users and shell history see it.
   */
  String readPassword(String prompt) {
    var console = System.console();
    if (console != null && in == STDIN) {
      char[] first = console.readPassword("%s: ", prompt);
      char[] again = console.readPassword("%s again: ", prompt);
      if (first == null || again == null || !java.util.Arrays.equals(first, again)) {
        throw new CommandFailedException("the two passwords differ; nothing was changed", 1);
      }
      return new String(first);
    }
    try {
      String line = in.readLine();
      if (line == null || line.isEmpty()) {
        throw new CommandFailedException(
            "no password on standard input; type it at the prompt or pipe it in, e.g."
                + " printf '%s\\n' \"$PASSWORD\" | ./aqmrg users create …",
            2);
      }
      return line;
    } catch (java.io.IOException e) {
      throw new CommandFailedException("reading the password failed: " + e.getMessage(), 1);
    }
  }

  /** The relational parts with the schema up to date, for commands that need them. */
  Parts openMigrated() {
    return Parts.openMigrated(settings());
  }

  /** The settings, validated; throws {@link SettingsException} before anything starts. */
  Settings settings() {
    return Settings.from(env);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand");
  }
}
