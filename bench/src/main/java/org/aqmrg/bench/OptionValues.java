package org.aqmrg.bench;

/** Values of the load generators' command-line options, checked, with messages that name them. */
public final class OptionValues {
  private OptionValues() {}

  /**
   * {@code value} as a number from {@code min} to {@code max}.
   *
   * @throws IllegalArgumentException naming {@code option} and the allowed range otherwise
   */
  public static int number(String option, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "%s must be a number from %d to %d, got '%s'".formatted(option, min, max, value));
  }
}
