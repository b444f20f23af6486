package org.aqmrg.aqi;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An air-quality index: the pollutants it rates over which averaging periods, the index of one
 * concentration, and the index of a place from its pollutants' sub-indices (the worst one).
 * Implementations are stateless and thread-safe.
 */
public interface AqiScale {
  /** The scale's identifier in the API: {@code us-epa}, {@code eu-eaqi}. */
  String id();

  /** The scale's name as its agency gives it. */
  String name();

  /** The pollutants this scale rates, each with the averaging periods it rates them over. */
  Map<Pollutant, Set<Averaging>> rates();

  /** Whether this scale rates {@code pollutant} averaged over {@code averaging}. */
  default boolean rates(Pollutant pollutant, Averaging averaging) {
    return rates().getOrDefault(pollutant, Set.of()).contains(averaging);
  }

  /**
   * The sub-index of a concentration, given in the platform's unit for the pollutant ({@link
   * Pollutant#unit()}). A concentration that defines no index on this scale gives a sub-index
   * without a value and with the reason; one above the top breakpoint is rated at the top of the
   * scale and flagged {@link SubIndex#beyondScale()}.
   *
   * @throws IllegalArgumentException if the scale does not rate this pollutant over this period, or
   *     the concentration is negative, NaN or infinite
   */
  SubIndex index(Pollutant pollutant, Averaging averaging, double concentration);

  /**
   * The place's index: the highest sub-index with a value, and its pollutant as the dominant one.
   * Sub-indices without a value are kept in the answer but do not count. When two pollutants share
   * the highest value, the first in {@link Pollutant}'s order (PM2.5 first) is the dominant one, so
   * the answer does not depend on the order of the input.
   */
  default OverallIndex overall(Collection<SubIndex> subIndices) {
    var highest =
        subIndices.stream()
            .filter(SubIndex::present)
            .max(
                Comparator.comparingInt(SubIndex::value)
                    .thenComparing(SubIndex::pollutant, Comparator.reverseOrder()));
    if (highest.isEmpty()) {
      String reason =
          subIndices.isEmpty()
              ? "no concentrations to rate"
              : subIndices.stream()
                  .map(s -> s.pollutant().key() + ": " + s.reason())
                  .collect(Collectors.joining("; ", "no pollutant has an index (", ")"));
      return new OverallIndex(id(), null, null, null, List.copyOf(subIndices), reason);
    }
    SubIndex top = highest.get();
    return new OverallIndex(
        id(), top.value(), top.category(), top.pollutant(), List.copyOf(subIndices), null);
  }
}
