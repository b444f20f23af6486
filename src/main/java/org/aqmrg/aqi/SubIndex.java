package org.aqmrg.aqi;

/**
 * The index of one pollutant's concentration on one scale, or the reason there is none.
 *
 * <p>{@code value} is the scale's number (the US AQI 0-500, the European level 1-6) and null when
 * the concentration defines no index on this scale; {@code reason} then says why, and is null
 * otherwise. {@code beyondScale} marks a concentration above the scale's top breakpoint: the value
 * is then the scale's top value (AQI 500, level 6), which a client shows as "beyond the AQI".
 */
public record SubIndex(
    Pollutant pollutant,
    Averaging averaging,
    Integer value,
    Category category,
    boolean beyondScale,
    String reason) {

  /** An index within the scale. */
  static SubIndex of(Pollutant pollutant, Averaging averaging, int value, Category category) {
    return new SubIndex(pollutant, averaging, value, category, false, null);
  }

  /** A concentration above the top breakpoint, rated at the top of the scale. */
  static SubIndex beyond(Pollutant pollutant, Averaging averaging, int top, Category category) {
    return new SubIndex(pollutant, averaging, top, category, true, null);
  }

  /** No index, for the reason given. */
  static SubIndex none(Pollutant pollutant, Averaging averaging, String reason) {
    return new SubIndex(pollutant, averaging, null, null, false, reason);
  }

  /** Whether this sub-index has a value. */
  public boolean present() {
    return value != null;
  }
}
