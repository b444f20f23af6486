package org.aqmrg.aqi;

import static org.aqmrg.aqi.Averaging.ONE_HOUR;
import static org.aqmrg.aqi.Averaging.TWENTY_FOUR_HOURS;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The European Environment Agency's European Air Quality Index, with the six levels and bands the
 * EEA used from 2021 to 2023 (Good, Fair, Moderate, Poor, Very poor, Extremely poor). The EEA has
 * revised the bands since; the revision is not used here because its values could not be checked
 * against an EEA source, and a scale with unverified bands would be worse than a dated one.
 *
 * <p>Rated: PM2.5 and PM10 over 24 hours (the EEA uses 24-hour running means), NO2, O3 and SO2 over
 * 1 hour, all in µg/m³. Concentrations the platform holds in ppb are converted at 25 °C and 1 atm:
 * NO2 1 ppb = 1.88 µg/m³, O3 1 ppb = 1.96 µg/m³, SO2 1 ppb = 2.62 µg/m³. CO is not part of this
 * index.
 *
 * <p>The bands, in µg/m³ (a value on a band's upper limit belongs to that band):
 *
 * <pre>
 *          Good    Fair     Moderate  Poor     Very poor  Extremely poor
 * PM2.5    0-10    10-20    20-25     25-50    50-75      75-800
 * PM10     0-20    20-40    40-50     50-100   100-150    150-1200
 * NO2      0-40    40-90    90-120    120-230  230-340    340-1000
 * O3       0-50    50-100   100-130   130-240  240-380    380-800
 * SO2      0-100   100-200  200-350   350-500  500-750    750-1250
 * </pre>
 *
 * <p>The sub-index value is the level's number, 1 (Good) to 6 (Extremely poor); the place's index
 * is its worst pollutant's level. A concentration above the top of the Extremely poor band is rated
 * 6 and flagged {@link SubIndex#beyondScale()}.
 */
public final class EuropeanScale implements AqiScale {
  public static final Category GOOD = new Category("Good", "#50F0E6", 1);
  public static final Category FAIR = new Category("Fair", "#50CCAA", 2);
  public static final Category MODERATE = new Category("Moderate", "#F0E641", 3);
  public static final Category POOR = new Category("Poor", "#FF5050", 4);
  public static final Category VERY_POOR = new Category("Very poor", "#960032", 5);
  public static final Category EXTREMELY_POOR = new Category("Extremely poor", "#7D2181", 6);

  private static final List<Category> LEVELS =
      List.of(GOOD, FAIR, MODERATE, POOR, VERY_POOR, EXTREMELY_POOR);

  private static final Map<Pollutant, Set<Averaging>> RATES = rated();

  @Override
  public String id() {
    return "eu-eaqi";
  }

  @Override
  public String name() {
    return "European Air Quality Index (EEA, 2021-2023 bands)";
  }

  @Override
  public Map<Pollutant, Set<Averaging>> rates() {
    return RATES;
  }

  @Override
  public SubIndex index(Pollutant pollutant, Averaging averaging, double concentration) {
    if (!rates(pollutant, averaging)) {
      throw Checks.notRated(this, pollutant, averaging);
    }
    Checks.concentration(pollutant, concentration);
    BigDecimal microgramsPerCubicMetre =
        BigDecimal.valueOf(concentration).multiply(BigDecimal.valueOf(factor(pollutant)));
    int[] upper = upperLimits(pollutant);
    for (int level = 0; level < upper.length; level++) {
      if (microgramsPerCubicMetre.compareTo(BigDecimal.valueOf(upper[level])) <= 0) {
        return SubIndex.of(pollutant, averaging, level + 1, LEVELS.get(level));
      }
    }
    return SubIndex.beyond(pollutant, averaging, LEVELS.size(), EXTREMELY_POOR);
  }

  /** µg/m³ per unit the platform uses: 1 for particles, the 25 °C factor for gases in ppb. */
  static double factor(Pollutant pollutant) {
    return switch (pollutant) {
      case PM25, PM10 -> 1;
      case NO2 -> 1.88;
      case O3 -> 1.96;
      case SO2 -> 2.62;
      case CO -> throw new IllegalArgumentException("eu-eaqi does not rate co");
    };
  }

  private static int[] upperLimits(Pollutant pollutant) {
    return switch (pollutant) {
      case PM25 -> new int[] {10, 20, 25, 50, 75, 800};
      case PM10 -> new int[] {20, 40, 50, 100, 150, 1200};
      case NO2 -> new int[] {40, 90, 120, 230, 340, 1000};
      case O3 -> new int[] {50, 100, 130, 240, 380, 800};
      case SO2 -> new int[] {100, 200, 350, 500, 750, 1250};
      case CO -> throw new IllegalArgumentException("eu-eaqi does not rate co");
    };
  }

  private static Map<Pollutant, Set<Averaging>> rated() {
    var rates = new EnumMap<Pollutant, Set<Averaging>>(Pollutant.class);
    rates.put(Pollutant.PM25, Set.of(TWENTY_FOUR_HOURS));
    rates.put(Pollutant.PM10, Set.of(TWENTY_FOUR_HOURS));
    rates.put(Pollutant.NO2, Set.of(ONE_HOUR));
    rates.put(Pollutant.O3, Set.of(ONE_HOUR));
    rates.put(Pollutant.SO2, Set.of(ONE_HOUR));
    return Collections.unmodifiableMap(rates);
  }
}
