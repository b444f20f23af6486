package org.aqmrg.config;

import java.util.List;

/** One or more settings are invalid; each problem is one line an operator can act on. */
public final class SettingsException extends RuntimeException {
  private final List<String> problems;

  public SettingsException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
