package org.aqmrg.influxql;

import java.util.regex.Pattern;
import org.aqmrg.error.InvalidInputException;

/**
 * A tag value as the regex engine reads it, counting every character it looks at: a match that
 * looks at more than {@link #BUDGET} characters (a pattern such as {@code (a+)+b} backtracking over
 * a long value) is stopped and refused instead of taking the server's time.
 */
public final class BoundedText implements CharSequence {
  /** Most characters one match may look at. */
  public static final int BUDGET = 100_000;

  private final String text;
  private final int[] spent;

  private BoundedText(String text, int[] spent) {
    this.text = text;
    this.spent = spent;
  }

  /** True when {@code pattern} finds a match in {@code value}, within the budget. */
  public static boolean find(Pattern pattern, String value) {
    return pattern.matcher(new BoundedText(value, new int[1])).find();
  }

  @Override
  public char charAt(int index) {
    if (++spent[0] > BUDGET) {
      throw new InvalidInputException(
          "a regex needs more than "
              + BUDGET
              + " steps to match a tag value; simplify it (no nested repetition such as (a+)+)",
          java.util.Map.of("max_regex_steps", BUDGET));
    }
    return text.charAt(index);
  }

  @Override
  public int length() {
    return text.length();
  }

  @Override
  public CharSequence subSequence(int start, int end) {
    return new BoundedText(text.substring(start, end), spent);
  }

  @Override
  public String toString() {
    return text;
  }
}
