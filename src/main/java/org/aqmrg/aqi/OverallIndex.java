package org.aqmrg.aqi;

import java.util.List;

/**
 * The index of a place on one scale: the highest of its pollutants' sub-indices, the pollutant that
 * set it (the dominant pollutant), and every sub-index it was taken from. When no sub-index has a
 * value, {@code value}, {@code category} and {@code dominant} are null and {@code reason} says why.
 */
public record OverallIndex(
    String scale,
    Integer value,
    Category category,
    Pollutant dominant,
    List<SubIndex> subIndices,
    String reason) {

  public OverallIndex {
    subIndices = List.copyOf(subIndices);
  }

  public boolean present() {
    return value != null;
  }
}
