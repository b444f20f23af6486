package org.aqmrg.aqi;

import static org.aqmrg.aqi.Averaging.EIGHT_HOURS;
import static org.aqmrg.aqi.Averaging.ONE_HOUR;
import static org.aqmrg.aqi.Averaging.TWENTY_FOUR_HOURS;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The US EPA Air Quality Index, with the breakpoints of Table 6 of EPA's "Technical Assistance
 * Document for the Reporting of Daily Air Quality - the Air Quality Index (AQI)" (EPA-454/B-24-002,
 * May 2024): PM2.5 as revised in 2024 (Good up to 9.0 µg/m³, Hazardous 225.5-325.4 µg/m³ for AQI
 * 301-500) and one Hazardous band (AQI 301-500) for every pollutant.
 *
 * <p>Rated: PM2.5 and PM10 over 24 hours (or their {@link NowCast}), O3 over 8 hours and over 1
 * hour, NO2 over 1 hour, CO over 8 hours. SO2 is not rated: the platform measures none.
 *
 * <p>The steps are EPA's: the concentration is converted to the table's unit (O3 from ppb to ppm;
 * NO2 stays in ppb, CO in ppm), truncated (PM2.5 to 0.1 µg/m³, PM10 to 1 µg/m³, O3 to 0.001 ppm, CO
 * to 0.1 ppm, NO2 to 1 ppb), interpolated linearly within its band and rounded to the nearest
 * integer.
 *
 * <p>Where EPA's table has no breakpoints the sub-index has no value and says why: 1-hour O3 below
 * 0.125 ppm (EPA rates low ozone by its 8-hour average only) and 8-hour O3 above 0.200 ppm (EPA
 * rates it by the 1-hour average). A concentration above the top breakpoint (PM2.5 325.4 µg/m³,
 * PM10 604 µg/m³, 1-hour O3 0.604 ppm, NO2 2049 ppb, CO 50.4 ppm) is "beyond the AQI" in EPA's
 * words: it is rated 500, Hazardous, and flagged {@link SubIndex#beyondScale()}. The cap keeps the
 * place's index and dominant pollutant right (nothing is worse), and the flag lets a client show
 * "beyond the AQI" instead of a number EPA does not define.
 */
public final class UsEpaScale implements AqiScale {
  public static final Category GOOD = new Category("Good", "#00E400", 1);
  public static final Category MODERATE = new Category("Moderate", "#FFFF00", 2);
  public static final Category SENSITIVE =
      new Category("Unhealthy for Sensitive Groups", "#FF7E00", 3);
  public static final Category UNHEALTHY = new Category("Unhealthy", "#FF0000", 4);
  public static final Category VERY_UNHEALTHY = new Category("Very Unhealthy", "#8F3F97", 5);
  public static final Category HAZARDOUS = new Category("Hazardous", "#7E0023", 6);

  private static final int TOP = 500;
  private static final BigDecimal PPB_PER_PPM = BigDecimal.valueOf(1000);

  private static final EpaBreakpoints PM25 =
      new EpaBreakpoints(1)
          .band("0.0", "9.0", 0, 50)
          .band("9.1", "35.4", 51, 100)
          .band("35.5", "55.4", 101, 150)
          .band("55.5", "125.4", 151, 200)
          .band("125.5", "225.4", 201, 300)
          .band("225.5", "325.4", 301, 500);
  private static final EpaBreakpoints PM10 =
      new EpaBreakpoints(0)
          .band("0", "54", 0, 50)
          .band("55", "154", 51, 100)
          .band("155", "254", 101, 150)
          .band("255", "354", 151, 200)
          .band("355", "424", 201, 300)
          .band("425", "604", 301, 500);
  private static final EpaBreakpoints O3_8H =
      new EpaBreakpoints(3)
          .band("0.000", "0.054", 0, 50)
          .band("0.055", "0.070", 51, 100)
          .band("0.071", "0.085", 101, 150)
          .band("0.086", "0.105", 151, 200)
          .band("0.106", "0.200", 201, 300);
  private static final EpaBreakpoints O3_1H =
      new EpaBreakpoints(3)
          .band("0.125", "0.164", 101, 150)
          .band("0.165", "0.204", 151, 200)
          .band("0.205", "0.404", 201, 300)
          .band("0.405", "0.604", 301, 500);
  private static final EpaBreakpoints NO2 =
      new EpaBreakpoints(0)
          .band("0", "53", 0, 50)
          .band("54", "100", 51, 100)
          .band("101", "360", 101, 150)
          .band("361", "649", 151, 200)
          .band("650", "1249", 201, 300)
          .band("1250", "2049", 301, 500);
  private static final EpaBreakpoints CO =
      new EpaBreakpoints(1)
          .band("0.0", "4.4", 0, 50)
          .band("4.5", "9.4", 51, 100)
          .band("9.5", "12.4", 101, 150)
          .band("12.5", "15.4", 151, 200)
          .band("15.5", "30.4", 201, 300)
          .band("30.5", "50.4", 301, 500);

  private static final Map<Pollutant, Set<Averaging>> RATES = rated();

  @Override
  public String id() {
    return "us-epa";
  }

  @Override
  public String name() {
    return "US EPA Air Quality Index (2024 breakpoints)";
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
    BigDecimal value = BigDecimal.valueOf(concentration);
    return switch (pollutant) {
      case PM25 -> rate(pollutant, averaging, PM25, value);
      case PM10 -> rate(pollutant, averaging, PM10, value);
      case NO2 -> rate(pollutant, averaging, NO2, value);
      case CO -> rate(pollutant, averaging, CO, value);
      case O3 -> ozone(averaging, value.divide(PPB_PER_PPM));
      case SO2 -> throw Checks.notRated(this, pollutant, averaging);
    };
  }

  /** The category of an AQI value. */
  public static Category category(int aqi) {
    if (aqi <= 50) {
      return GOOD;
    } else if (aqi <= 100) {
      return MODERATE;
    } else if (aqi <= 150) {
      return SENSITIVE;
    } else if (aqi <= 200) {
      return UNHEALTHY;
    } else if (aqi <= 300) {
      return VERY_UNHEALTHY;
    }
    return HAZARDOUS;
  }

  private static SubIndex ozone(Averaging averaging, BigDecimal ppm) {
    if (averaging == ONE_HOUR) {
      BigDecimal truncated = O3_1H.truncate(ppm);
      if (truncated.compareTo(O3_1H.lowest()) < 0) {
        return SubIndex.none(
            Pollutant.O3,
            averaging,
            "1-hour ozone of "
                + truncated.toPlainString()
                + " ppm is below 0.125 ppm, where EPA rates ozone by its 8-hour average only");
      }
      return rate(Pollutant.O3, averaging, O3_1H, ppm);
    }
    if (O3_8H.truncate(ppm).compareTo(O3_8H.highest()) > 0) {
      return SubIndex.none(
          Pollutant.O3,
          averaging,
          "8-hour ozone above 0.200 ppm defines no AQI; EPA rates it by the 1-hour average");
    }
    return rate(Pollutant.O3, averaging, O3_8H, ppm);
  }

  private static SubIndex rate(
      Pollutant pollutant, Averaging averaging, EpaBreakpoints table, BigDecimal concentration) {
    BigDecimal truncated = table.truncate(concentration);
    if (truncated.compareTo(table.highest()) > 0) {
      return SubIndex.beyond(pollutant, averaging, TOP, HAZARDOUS);
    }
    int aqi = table.index(truncated);
    return SubIndex.of(pollutant, averaging, aqi, category(aqi));
  }

  private static Map<Pollutant, Set<Averaging>> rated() {
    var rates = new EnumMap<Pollutant, Set<Averaging>>(Pollutant.class);
    rates.put(Pollutant.PM25, periods(TWENTY_FOUR_HOURS));
    rates.put(Pollutant.PM10, periods(TWENTY_FOUR_HOURS));
    rates.put(Pollutant.O3, periods(EIGHT_HOURS, ONE_HOUR));
    rates.put(Pollutant.NO2, periods(ONE_HOUR));
    rates.put(Pollutant.CO, periods(EIGHT_HOURS));
    return Collections.unmodifiableMap(rates);
  }

  private static Set<Averaging> periods(Averaging first, Averaging... rest) {
    return Collections.unmodifiableSet(EnumSet.of(first, rest));
  }
}
