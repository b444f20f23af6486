package org.aqmrg.aqi;

import static org.aqmrg.aqi.Averaging.ONE_HOUR;
import static org.aqmrg.aqi.Averaging.TWENTY_FOUR_HOURS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EuropeanAqiTest {
  private static final List<String> LEVELS =
      List.of("Good", "Fair", "Moderate", "Poor", "Very poor", "Extremely poor");

  private final EuropeanScale eaqi = new EuropeanScale();

  // A particle concentration on a band's upper limit is in that band; 0.1 µg/m³ more is in the
  // next one. Particles are in µg/m³ on the platform, so these are the table's own numbers.
  @ParameterizedTest(name = "{0} {1} µg/m³ -> level {2}")
  @CsvSource({
    "PM25, 0, 1",
    "PM25, 10, 1",
    "PM25, 10.1, 2",
    "PM25, 20, 2",
    "PM25, 20.1, 3",
    "PM25, 25, 3",
    "PM25, 25.1, 4",
    "PM25, 50, 4",
    "PM25, 50.1, 5",
    "PM25, 75, 5",
    "PM25, 75.1, 6",
    "PM25, 800, 6",
    "PM10, 0, 1",
    "PM10, 20, 1",
    "PM10, 20.1, 2",
    "PM10, 40, 2",
    "PM10, 40.1, 3",
    "PM10, 50, 3",
    "PM10, 50.1, 4",
    "PM10, 100, 4",
    "PM10, 100.1, 5",
    "PM10, 150, 5",
    "PM10, 150.1, 6",
    "PM10, 1200, 6",
  })
  void particle_band_edges(Pollutant pollutant, double concentration, int level) {
    SubIndex index = eaqi.index(pollutant, TWENTY_FOUR_HOURS, concentration);
    assertThat(index.value()).isEqualTo(level);
    assertThat(index.category().name()).isEqualTo(LEVELS.get(level - 1));
    assertThat(index.beyondScale()).isFalse();
  }

  // Gases come in ppb and are converted at 25 °C (NO2 1.88, O3 1.96, SO2 2.62 µg/m³ per ppb). For
  // each upper limit u, the largest ppb value at 0.01 ppb that converts to at most u is in the
  // band, and 0.01 ppb more is in the next band.
  @ParameterizedTest(name = "{0} x {1}: upper limits {2}")
  @CsvSource({
    "NO2, 1.88, 40 90 120 230 340",
    "O3, 1.96, 50 100 130 240 380",
    "SO2, 2.62, 100 200 350 500 750",
  })
  void gas_band_edges_after_conversion_from_ppb(Pollutant pollutant, double factor, String limits) {
    String[] upper = limits.split(" ");
    for (int band = 0; band < upper.length; band++) {
      BigDecimal limit = new BigDecimal(upper[band]);
      BigDecimal inside = limit.divide(BigDecimal.valueOf(factor), 2, RoundingMode.FLOOR);
      BigDecimal outside = inside.add(new BigDecimal("0.01"));
      assertThat(outside.multiply(BigDecimal.valueOf(factor))).isGreaterThan(limit);
      assertThat(eaqi.index(pollutant, ONE_HOUR, inside.doubleValue()).value())
          .as("%s %s ppb", pollutant, inside)
          .isEqualTo(band + 1);
      assertThat(eaqi.index(pollutant, ONE_HOUR, outside.doubleValue()).value())
          .as("%s %s ppb", pollutant, outside)
          .isEqualTo(band + 2);
    }
  }

  @Test
  void gases_are_converted_from_ppb_at_25_degrees() {
    // 21 ppb NO2 = 39.48 µg/m³ (Good); 22 ppb = 41.36 µg/m³ (Fair)
    assertThat(eaqi.index(Pollutant.NO2, ONE_HOUR, 21).value()).isEqualTo(1);
    assertThat(eaqi.index(Pollutant.NO2, ONE_HOUR, 22).value()).isEqualTo(2);
    // 25 ppb O3 = 49 µg/m³ (Good); 26 ppb = 50.96 µg/m³ (Fair)
    assertThat(eaqi.index(Pollutant.O3, ONE_HOUR, 25).value()).isEqualTo(1);
    assertThat(eaqi.index(Pollutant.O3, ONE_HOUR, 26).value()).isEqualTo(2);
  }

  @Test
  void above_the_top_band_is_extremely_poor_and_flagged() {
    SubIndex index = eaqi.index(Pollutant.PM25, TWENTY_FOUR_HOURS, 800.1);
    assertThat(index.value()).isEqualTo(6);
    assertThat(index.category()).isEqualTo(EuropeanScale.EXTREMELY_POOR);
    assertThat(index.beyondScale()).isTrue();
  }

  @Test
  void the_index_is_the_worst_pollutants_level() {
    var overall =
        eaqi.overall(
            List.of(
                eaqi.index(Pollutant.NO2, ONE_HOUR, 30), // 56.4 µg/m³: Fair
                eaqi.index(Pollutant.PM25, TWENTY_FOUR_HOURS, 30), // Poor
                eaqi.index(Pollutant.O3, ONE_HOUR, 20))); // 39.2 µg/m³: Good
    assertThat(overall.scale()).isEqualTo("eu-eaqi");
    assertThat(overall.value()).isEqualTo(4);
    assertThat(overall.category().name()).isEqualTo("Poor");
    assertThat(overall.dominant()).isEqualTo(Pollutant.PM25);
  }

  @Test
  void levels_carry_the_eeas_names_and_colours() {
    assertThat(
            List.of(
                EuropeanScale.GOOD,
                EuropeanScale.FAIR,
                EuropeanScale.MODERATE,
                EuropeanScale.POOR,
                EuropeanScale.VERY_POOR,
                EuropeanScale.EXTREMELY_POOR))
        .extracting(Category::name, Category::colour)
        .containsExactly(
            Tuple.tuple("Good", "#50F0E6"),
            Tuple.tuple("Fair", "#50CCAA"),
            Tuple.tuple("Moderate", "#F0E641"),
            Tuple.tuple("Poor", "#FF5050"),
            Tuple.tuple("Very poor", "#960032"),
            Tuple.tuple("Extremely poor", "#7D2181"));
  }

  @Test
  void carbon_monoxide_is_not_part_of_the_european_index() {
    assertThat(eaqi.rates().keySet()).doesNotContain(Pollutant.CO).contains(Pollutant.SO2);
    assertThatThrownBy(() -> eaqi.index(Pollutant.CO, Averaging.EIGHT_HOURS, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eu-eaqi does not rate co");
    assertThatThrownBy(() -> eaqi.index(Pollutant.NO2, TWENTY_FOUR_HOURS, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not rate no2 over TWENTY_FOUR_HOURS");
  }
}
