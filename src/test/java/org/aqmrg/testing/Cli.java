package org.aqmrg.testing;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.Map;
import org.aqmrg.cli.Main;

/** Runs one {@code ./aqmrg} command line in this process, with the given environment. */
public final class Cli {
  private Cli() {}

  /** What a command printed and its exit status. */
  public record Result(int exit, String output) {}

  public static Result run(Map<String, String> env, String... args) {
    return runWithInput(env, "", args);
  }

  /** Runs a command line with {@code input} on its standard input. */
  public static Result runWithInput(Map<String, String> env, String input, String... args) {
    var buffer = new StringWriter();
    int exit =
        Main.run(
            env, new BufferedReader(new StringReader(input)), new PrintWriter(buffer, true), args);
    return new Result(exit, buffer.toString());
  }
}
