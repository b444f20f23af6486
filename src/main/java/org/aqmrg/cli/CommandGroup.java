package org.aqmrg.cli;

import picocli.CommandLine;

/** A command that only groups subcommands ({@code users}, {@code tokens}…): alone, it is wrong. */
abstract class CommandGroup implements Runnable {
  @CommandLine.ParentCommand Main main;
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a subcommand");
  }
}
