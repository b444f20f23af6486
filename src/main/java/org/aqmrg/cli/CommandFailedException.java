package org.aqmrg.cli;

/** A command could not do its work for a reason the message explains to the operator. */
final class CommandFailedException extends RuntimeException {
  private final int exitCode;

  CommandFailedException(String message, int exitCode) {
    super(message);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }
}
