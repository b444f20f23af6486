package org.aqmrg.influxql;

import java.util.regex.Pattern;

/** A condition of a {@code WHERE} on a series' tags, evaluated against each sensor's tags. */
public sealed interface Condition
    permits Condition.Always, Condition.And, Condition.Or, Condition.Equals, Condition.Matches {

  Condition ALWAYS = new Always();

  /** True when a series with these tags is selected. */
  boolean test(SeriesTags tags);

  record Always() implements Condition {
    @Override
    public boolean test(SeriesTags tags) {
      return true;
    }
  }

  record And(Condition left, Condition right) implements Condition {
    @Override
    public boolean test(SeriesTags tags) {
      return left.test(tags) && right.test(tags);
    }
  }

  record Or(Condition left, Condition right) implements Condition {
    @Override
    public boolean test(SeriesTags tags) {
      return left.test(tags) || right.test(tags);
    }
  }

  /** {@code key = 'value'}, or {@code !=} when {@code negated}; an absent tag is ''. */
  record Equals(String key, String value, boolean negated) implements Condition {
    @Override
    public boolean test(SeriesTags tags) {
      return tags.get(key).equals(value) != negated;
    }
  }

  /**
   * {@code key =~ /regex/}, or {@code !~} when {@code negated}: true when the regex finds a match
   * anywhere in the value, as InfluxDB's does. A match is given a bounded amount of work ({@link
   * BoundedText}), so a pattern that backtracks catastrophically is refused, not run for ever.
   */
  record Matches(String key, Pattern pattern, boolean negated) implements Condition {
    @Override
    public boolean test(SeriesTags tags) {
      return BoundedText.find(pattern, tags.get(key)) != negated;
    }
  }
}
