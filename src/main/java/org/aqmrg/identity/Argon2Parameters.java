package org.aqmrg.identity;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The cost parameters of an Argon2 hash, as its PHC string states them ({@code
 * $argon2id$v=19$m=19456,t=2,p=1$…}).
 *
 * @param memoryKib memory, in KiB ({@code m})
 * @param passes passes over the memory ({@code t})
 * @param lanes parallel lanes ({@code p})
 */
public record Argon2Parameters(int memoryKib, int passes, int lanes) {
  private static final Pattern PHC =
      Pattern.compile("^\\$argon2(?:id|i|d)\\$v=\\d+\\$m=(\\d{1,9}),t=(\\d{1,9}),p=(\\d{1,9})\\$");

  /** The parameters of a PHC string; empty when it is not an Argon2 hash. */
  public static Optional<Argon2Parameters> of(String phc) {
    var matcher = PHC.matcher(phc == null ? "" : phc);
    if (!matcher.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new Argon2Parameters(
            Integer.parseInt(matcher.group(1)),
            Integer.parseInt(matcher.group(2)),
            Integer.parseInt(matcher.group(3))));
  }

  /**
   * The work one verification takes, memory times passes: a hash of more work takes longer to
   * check. Lanes are computed one after the other, so they add no time.
   */
  public long work() {
    return (long) memoryKib * passes;
  }

  /** True when verifying a hash of these parameters takes more work than of {@code other}. */
  public boolean harderThan(Argon2Parameters other) {
    return work() > other.work() || (work() == other.work() && memoryKib > other.memoryKib);
  }

  /** As the PHC string writes them, e.g. {@code m=19456,t=2,p=1}. */
  @Override
  public String toString() {
    return "m=" + memoryKib + ",t=" + passes + ",p=" + lanes;
  }
}
