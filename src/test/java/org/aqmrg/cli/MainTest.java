package org.aqmrg.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.aqmrg.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        "tokens revoke"
      })
  void every_subcommand_has_help(String subcommand) {
    var args = new java.util.ArrayList<>(java.util.List.of(subcommand.split(" ")));
    args.add("--help");
    var result = Cli.run(Map.of(), args.toArray(String[]::new));

    assertThat(result.exit()).isZero();
    assertThat(result.output()).contains("Usage: aqmrg " + subcommand);
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
