package org.aqmrg.aqi;

import java.util.List;

/** The scales the platform offers, found by their identifier. */
public final class AqiScales {
  private static final List<AqiScale> ALL = List.of(new UsEpaScale(), new EuropeanScale());

  private AqiScales() {}

  /** Every scale, the default ({@code us-epa}) first. */
  public static List<AqiScale> all() {
    return ALL;
  }

  /**
   * The scale of this identifier.
   *
   * @throws IllegalArgumentException naming the known identifiers, for an unknown one
   */
  public static AqiScale of(String id) {
    for (AqiScale scale : ALL) {
      if (scale.id().equals(id)) {
        return scale;
      }
    }
    throw new IllegalArgumentException(
        "unknown AQI scale '" + id + "'; use one of " + ALL.stream().map(AqiScale::id).toList());
  }
}
