package org.aqmrg.cli;

import java.io.PrintWriter;
import java.util.Map;
import org.aqmrg.config.Settings;
import org.aqmrg.config.SettingsException;
import org.aqmrg.db.DatabaseUnavailableException;
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
    description = "The AQMRG air-quality data platform.",
    subcommands = {
      ServeCommand.class,
      MigrateCommand.class,
      SeedCommand.class,
      DoctorCommand.class,
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

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  Main(Map<String, String> env) {
    this.env = env;
  }

  public static void main(String[] args) {
    System.exit(run(System.getenv(), new PrintWriter(System.out, true), args));
  }

  /** Runs one command line and returns its exit status; output goes to {@code out}. */
  public static int run(Map<String, String> env, PrintWriter out, String... args) {
    var commandLine = new CommandLine(new Main(env));
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
          if (error instanceof DatabaseUnavailableException) {
            err.println("aqmrg: " + error.getMessage());
            return EXIT_UNAVAILABLE;
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

  /** The settings, validated; throws {@link SettingsException} before anything starts. */
  Settings settings() {
    return Settings.from(env);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand");
  }
}
