package org.aqmrg.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.aqmrg.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class MainTest {

  @Test
  void no_subcommand_prints_usage_and_fails() {
    var result = Cli.run(Map.of());

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.output()).contains("Missing a subcommand", "Usage: aqmrg");
  }

  @Test
  void unknown_subcommand_prints_usage_and_fails() {
    var result = Cli.run(Map.of(), "frobnicate");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.output()).contains("'frobnicate'", "Usage: aqmrg", "serve", "doctor");
  }

  @Test
  void unknown_option_prints_usage_and_fails() {
    var result = Cli.run(Map.of(), "migrate", "--fast");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.output()).contains("Unknown option: '--fast'", "Usage: aqmrg migrate");
  }

  @Test
  void unknown_seed_set_names_the_allowed_ones() {
    var result = Cli.run(Map.of(), "seed", "prod");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.output()).contains("unknown data set 'prod': use dev or test");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "serve",
        "migrate",
        "seed",
        "doctor",
        "version",
        "users",
        "users create",
        "users list",
        "tokens",
        "tokens create",
        "tokens list",
        "tokens revoke",
        "alerts",
        "alerts list"
      })
  void every_subcommand_has_help(String subcommand) {
    var args = new java.util.ArrayList<>(java.util.List.of(subcommand.split(" ")));
    args.add("--help");
    var result = Cli.run(Map.of(), args.toArray(String[]::new));

    assertThat(result.exit()).isZero();
    assertThat(result.output()).contains("Usage: aqmrg " + subcommand);
  }

  /** Every command of the tree under {@code aqmrg}, the root included. */
  private static List<CommandLine> everyCommand() {
    var all = new ArrayList<CommandLine>();
    var pending = new ArrayDeque<CommandLine>();
    pending.add(new CommandLine(new Main(Map.of(), null)));
    while (!pending.isEmpty()) {
      var command = pending.remove();
      all.add(command);
      pending.addAll(command.getSubcommands().values());
    }
    return all;
  }

  @Test
  void every_command_usage_formats_without_a_picocli_warning_and_opens_with_a_whole_sentence() {
    var commands = everyCommand();
    assertThat(commands).hasSizeGreaterThan(15);
    for (var command : commands) {
      var spec = command.getCommandSpec();
      String name = spec.qualifiedName();
      var texts = new ArrayList<>(List.of(spec.usageMessage().description()));
      texts.addAll(List.of(spec.usageMessage().header()));
      spec.options().forEach(option -> texts.addAll(List.of(option.description())));
      spec.positionalParameters().forEach(p -> texts.addAll(List.of(p.description())));
      for (String text : texts) {
        // picocli formats each line with String.format and warns on stderr when that fails
        assertThatCode(() -> String.format(text))
            .as("%s: a %% that is not escaped in '%s'", name, text)
            .doesNotThrowAnyException();
      }
      // The parent's list of commands shows the first line of the header, or of the description.
      var usage = spec.usageMessage();
      String summary = usage.header().length > 0 ? usage.header()[0] : usage.description()[0];
      assertThat(summary)
          .as("the one-line summary of %s", name)
          .matches("[A-Z][^%]*[.]")
          .satisfies(
              s ->
                  assertThat(s.chars().filter(c -> c == '(').count())
                      .isEqualTo(s.chars().filter(c -> c == ')').count()));
    }
  }

  @Test
  void users_create_help_shows_how_to_pipe_the_password() {
    var result = Cli.run(Map.of(), "users", "create", "--help");

    assertThat(result.exit()).isZero();
    assertThat(result.output()).contains("printf '%s\\n' \"$PW\" | ./aqmrg users create");
  }

  @ParameterizedTest
  @ValueSource(strings = {"serve", "migrate", "doctor"})
  void bad_settings_stop_a_command_before_anything_starts(String subcommand) {
    var result = Cli.run(Map.of("DATABASE_HOST", "db", "DATABASE_PORT", "abc"), subcommand);

    assertThat(result.exit()).isEqualTo(Main.EXIT_CONFIG);
    assertThat(result.output())
        .contains("the settings are not valid")
        .contains("DATABASE_PORT must be a number from 1 to 65535, got 'abc'");
  }

  @Test
  void version_names_the_platform_and_java() {
    var result = Cli.run(Map.of(), "version");

    assertThat(result.exit()).isZero();
    assertThat(result.output()).startsWith("aqmrg ").contains("Java " + Runtime.version());
  }
}
