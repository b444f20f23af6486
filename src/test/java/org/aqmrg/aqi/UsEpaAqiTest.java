package org.aqmrg.aqi;

import static org.aqmrg.aqi.Averaging.EIGHT_HOURS;
import static org.aqmrg.aqi.Averaging.ONE_HOUR;
import static org.aqmrg.aqi.Averaging.TWENTY_FOUR_HOURS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsEpaAqiTest {
  private final UsEpaScale epa = new UsEpaScale();

  private int aqi(Pollutant pollutant, Averaging averaging, double concentration) {
    SubIndex index = epa.index(pollutant, averaging, concentration);
    assertThat(index.present()).as(index.reason()).isTrue();
    return index.value();
  }

  // Each band's low and high concentration, and the first concentration of the next band at the
  // table's precision. Concentrations are in the platform's units: O3 and NO2 in ppb, CO in ppm.
  @ParameterizedTest(name = "{0} {1} {2} -> AQI {3}")
  @CsvSource({
    "PM25, TWENTY_FOUR_HOURS, 0.0, 0, Good",
    "PM25, TWENTY_FOUR_HOURS, 9.0, 50, Good",
    "PM25, TWENTY_FOUR_HOURS, 9.1, 51, Moderate",
    "PM25, TWENTY_FOUR_HOURS, 35.4, 100, Moderate",
    "PM25, TWENTY_FOUR_HOURS, 35.5, 101, Unhealthy for Sensitive Groups",
    "PM25, TWENTY_FOUR_HOURS, 55.4, 150, Unhealthy for Sensitive Groups",
    "PM25, TWENTY_FOUR_HOURS, 55.5, 151, Unhealthy",
    "PM25, TWENTY_FOUR_HOURS, 125.4, 200, Unhealthy",
    "PM25, TWENTY_FOUR_HOURS, 125.5, 201, Very Unhealthy",
    "PM25, TWENTY_FOUR_HOURS, 225.4, 300, Very Unhealthy",
    "PM25, TWENTY_FOUR_HOURS, 225.5, 301, Hazardous",
    "PM25, TWENTY_FOUR_HOURS, 325.4, 500, Hazardous",
    "PM10, TWENTY_FOUR_HOURS, 0, 0, Good",
    "PM10, TWENTY_FOUR_HOURS, 54, 50, Good",
    "PM10, TWENTY_FOUR_HOURS, 55, 51, Moderate",
    "PM10, TWENTY_FOUR_HOURS, 154, 100, Moderate",
    "PM10, TWENTY_FOUR_HOURS, 155, 101, Unhealthy for Sensitive Groups",
    "PM10, TWENTY_FOUR_HOURS, 254, 150, Unhealthy for Sensitive Groups",
    "PM10, TWENTY_FOUR_HOURS, 255, 151, Unhealthy",
    "PM10, TWENTY_FOUR_HOURS, 354, 200, Unhealthy",
    "PM10, TWENTY_FOUR_HOURS, 355, 201, Very Unhealthy",
    "PM10, TWENTY_FOUR_HOURS, 424, 300, Very Unhealthy",
    "PM10, TWENTY_FOUR_HOURS, 425, 301, Hazardous",
    "PM10, TWENTY_FOUR_HOURS, 604, 500, Hazardous",
    "O3, EIGHT_HOURS, 0, 0, Good",
    "O3, EIGHT_HOURS, 54, 50, Good",
    "O3, EIGHT_HOURS, 55, 51, Moderate",
    "O3, EIGHT_HOURS, 70, 100, Moderate",
    "O3, EIGHT_HOURS, 71, 101, Unhealthy for Sensitive Groups",
    "O3, EIGHT_HOURS, 85, 150, Unhealthy for Sensitive Groups",
    "O3, EIGHT_HOURS, 86, 151, Unhealthy",
    "O3, EIGHT_HOURS, 105, 200, Unhealthy",
    "O3, EIGHT_HOURS, 106, 201, Very Unhealthy",
    "O3, EIGHT_HOURS, 200, 300, Very Unhealthy",
    "O3, ONE_HOUR, 125, 101, Unhealthy for Sensitive Groups",
    "O3, ONE_HOUR, 164, 150, Unhealthy for Sensitive Groups",
    "O3, ONE_HOUR, 165, 151, Unhealthy",
    "O3, ONE_HOUR, 204, 200, Unhealthy",
    "O3, ONE_HOUR, 205, 201, Very Unhealthy",
    "O3, ONE_HOUR, 404, 300, Very Unhealthy",
    "O3, ONE_HOUR, 405, 301, Hazardous",
    "O3, ONE_HOUR, 604, 500, Hazardous",
    "NO2, ONE_HOUR, 0, 0, Good",
    "NO2, ONE_HOUR, 53, 50, Good",
    "NO2, ONE_HOUR, 54, 51, Moderate",
    "NO2, ONE_HOUR, 100, 100, Moderate",
    "NO2, ONE_HOUR, 101, 101, Unhealthy for Sensitive Groups",
    "NO2, ONE_HOUR, 360, 150, Unhealthy for Sensitive Groups",
    "NO2, ONE_HOUR, 361, 151, Unhealthy",
    "NO2, ONE_HOUR, 649, 200, Unhealthy",
    "NO2, ONE_HOUR, 650, 201, Very Unhealthy",
    "NO2, ONE_HOUR, 1249, 300, Very Unhealthy",
    "NO2, ONE_HOUR, 1250, 301, Hazardous",
    "NO2, ONE_HOUR, 2049, 500, Hazardous",
    "CO, EIGHT_HOURS, 0.0, 0, Good",
    "CO, EIGHT_HOURS, 4.4, 50, Good",
    "CO, EIGHT_HOURS, 4.5, 51, Moderate",
    "CO, EIGHT_HOURS, 9.4, 100, Moderate",
    "CO, EIGHT_HOURS, 9.5, 101, Unhealthy for Sensitive Groups",
    "CO, EIGHT_HOURS, 12.4, 150, Unhealthy for Sensitive Groups",
    "CO, EIGHT_HOURS, 12.5, 151, Unhealthy",
    "CO, EIGHT_HOURS, 15.4, 200, Unhealthy",
    "CO, EIGHT_HOURS, 15.5, 201, Very Unhealthy",
    "CO, EIGHT_HOURS, 30.4, 300, Very Unhealthy",
    "CO, EIGHT_HOURS, 30.5, 301, Hazardous",
    "CO, EIGHT_HOURS, 50.4, 500, Hazardous",
  })
  void every_breakpoint_gives_the_aqi_and_category_of_its_band(
      Pollutant pollutant, Averaging averaging, double concentration, int aqi, String category) {
    SubIndex index = epa.index(pollutant, averaging, concentration);
    assertThat(index.value()).isEqualTo(aqi);
    assertThat(index.category().name()).isEqualTo(category);
    assertThat(index.beyondScale()).isFalse();
  }

  // Just below the next band, a concentration is truncated into the lower band, never rounded up.
  @ParameterizedTest(name = "{0} {1} {2} -> AQI {3}")
  @CsvSource({
    "PM25, TWENTY_FOUR_HOURS, 9.09, 50",
    "PM25, TWENTY_FOUR_HOURS, 35.49, 100",
    "PM25, TWENTY_FOUR_HOURS, 55.4999, 150",
    "PM25, TWENTY_FOUR_HOURS, 325.49, 500",
    "PM10, TWENTY_FOUR_HOURS, 54.9, 50",
    "PM10, TWENTY_FOUR_HOURS, 154.99, 100",
    "PM10, TWENTY_FOUR_HOURS, 604.9, 500",
    "O3, EIGHT_HOURS, 54.9, 50",
    "O3, EIGHT_HOURS, 70.99, 100",
    "O3, EIGHT_HOURS, 200.9, 300",
    "O3, ONE_HOUR, 164.9, 150",
    "O3, ONE_HOUR, 604.9, 500",
    "NO2, ONE_HOUR, 53.9, 50",
    "NO2, ONE_HOUR, 100.99, 100",
    "CO, EIGHT_HOURS, 4.49, 50",
    "CO, EIGHT_HOURS, 9.49, 100",
    "CO, EIGHT_HOURS, 50.49, 500",
  })
  void concentrations_are_truncated_to_the_table_precision(
      Pollutant pollutant, Averaging averaging, double concentration, int aqi) {
    assertThat(aqi(pollutant, averaging, concentration)).isEqualTo(aqi);
  }

  @ParameterizedTest(name = "{0} {1} {2} is beyond the AQI")
  @CsvSource({
    "PM25, TWENTY_FOUR_HOURS, 325.5",
    "PM25, TWENTY_FOUR_HOURS, 999",
    "PM10, TWENTY_FOUR_HOURS, 605",
    "O3, ONE_HOUR, 605",
    "NO2, ONE_HOUR, 2050",
    "CO, EIGHT_HOURS, 50.5",
  })
  void above_the_top_breakpoint_is_500_hazardous_and_flagged_beyond_the_aqi(
      Pollutant pollutant, Averaging averaging, double concentration) {
    SubIndex index = epa.index(pollutant, averaging, concentration);
    assertThat(index.value()).isEqualTo(500);
    assertThat(index.category()).isEqualTo(UsEpaScale.HAZARDOUS);
    assertThat(index.beyondScale()).isTrue();
  }

  @Test
  void one_hour_ozone_below_0_125_ppm_has_no_aqi_and_says_why() {
    SubIndex index = epa.index(Pollutant.O3, ONE_HOUR, 124.9);
    assertThat(index.present()).isFalse();
    assertThat(index.reason()).contains("0.124 ppm", "below 0.125 ppm", "8-hour");
  }

  @Test
  void eight_hour_ozone_above_0_200_ppm_has_no_aqi_and_points_to_the_one_hour_value() {
    SubIndex index = epa.index(Pollutant.O3, EIGHT_HOURS, 201);
    assertThat(index.present()).isFalse();
    assertThat(index.reason()).contains("above 0.200 ppm", "1-hour");
  }

  @Test
  void high_ozone_is_rated_by_the_one_hour_value_when_the_eight_hour_value_has_none() {
    var overall =
        epa.overall(
            List.of(
                epa.index(Pollutant.O3, EIGHT_HOURS, 250), epa.index(Pollutant.O3, ONE_HOUR, 450)));
    // 1-hour 0.450 ppm: (500 - 301) / (0.604 - 0.405) * (0.450 - 0.405) + 301 = 346
    assertThat(overall.value()).isEqualTo(346);
    assertThat(overall.dominant()).isEqualTo(Pollutant.O3);
  }

  // The worked examples of EPA's Technical Assistance Document (EPA-454/B-16-002, 2016), as the
  // reference manual of the R package con2aqi on CRAN lists them: 8-hour O3 0.078 ppm -> 126,
  // PM2.5 35.9 µg/m³ -> 102, CO 8.4 ppm -> 90. The 2024 table keeps these bands (PM2.5 35.5-55.4
  // is still AQI 101-150), so the answers stand under the 2024 breakpoints.
  @Test
  void epa_worked_examples_give_epas_answers() {
    assertThat(aqi(Pollutant.O3, EIGHT_HOURS, 78)).isEqualTo(126); // 125.5 rounds up
    assertThat(aqi(Pollutant.O3, EIGHT_HOURS, 78.53)).isEqualTo(126); // 0.07853 -> 0.078 ppm
    assertThat(aqi(Pollutant.PM25, TWENTY_FOUR_HOURS, 35.9)).isEqualTo(102);
    assertThat(aqi(Pollutant.CO, EIGHT_HOURS, 8.4)).isEqualTo(90);
  }

  @Test
  void the_aqi_of_several_pollutants_is_the_highest_with_its_pollutant_as_the_dominant_one() {
    var overall =
        epa.overall(
            List.of(
                epa.index(Pollutant.PM25, TWENTY_FOUR_HOURS, 35.9),
                epa.index(Pollutant.CO, EIGHT_HOURS, 8.4),
                epa.index(Pollutant.O3, EIGHT_HOURS, 78)));
    assertThat(overall.scale()).isEqualTo("us-epa");
    assertThat(overall.value()).isEqualTo(126);
    assertThat(overall.category()).isEqualTo(UsEpaScale.SENSITIVE);
    assertThat(overall.dominant()).isEqualTo(Pollutant.O3);
    assertThat(overall.subIndices()).hasSize(3);
  }

  // Computed by hand with equation 1: (150 - 101) / (0.164 - 0.125) * (0.162 - 0.125) + 101 =
  // 147.49, which rounds to 147. (con2aqi's manual lists 148 for this input.)
  @Test
  void one_hour_ozone_interpolates_within_its_band() {
    assertThat(aqi(Pollutant.O3, ONE_HOUR, 162)).isEqualTo(147);
  }

  // Computed by hand: (100 - 51) / (35.4 - 9.1) * (20.0 - 9.1) + 51 = 71.31 -> 71.
  @Test
  void pm25_in_the_revised_moderate_band_interpolates_between_9_1_and_35_4() {
    assertThat(aqi(Pollutant.PM25, TWENTY_FOUR_HOURS, 20.0)).isEqualTo(71);
  }

  @Test
  void categories_carry_epas_names_and_colours() {
    assertThat(
            List.of(
                UsEpaScale.category(0),
                UsEpaScale.category(51),
                UsEpaScale.category(101),
                UsEpaScale.category(151),
                UsEpaScale.category(201),
                UsEpaScale.category(301)))
        .extracting(Category::name, Category::colour, Category::rank)
        .containsExactly(
            Tuple.tuple("Good", "#00E400", 1),
            Tuple.tuple("Moderate", "#FFFF00", 2),
            Tuple.tuple("Unhealthy for Sensitive Groups", "#FF7E00", 3),
            Tuple.tuple("Unhealthy", "#FF0000", 4),
            Tuple.tuple("Very Unhealthy", "#8F3F97", 5),
            Tuple.tuple("Hazardous", "#7E0023", 6));
  }

  @Test
  void a_pollutant_or_period_the_scale_does_not_rate_is_refused_with_what_it_rates() {
    assertThatThrownBy(() -> epa.index(Pollutant.SO2, ONE_HOUR, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("us-epa does not rate so2")
        .hasMessageContaining("pm25 [TWENTY_FOUR_HOURS]");
    assertThatThrownBy(() -> epa.index(Pollutant.PM25, ONE_HOUR, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not rate pm25 over ONE_HOUR");
    assertThatThrownBy(() -> epa.index(Pollutant.NO2, EIGHT_HOURS, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void a_negative_or_missing_concentration_is_refused() {
    assertThatThrownBy(() -> epa.index(Pollutant.PM25, TWENTY_FOUR_HOURS, -0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pm25 concentration must be a finite number >= 0");
    assertThatThrownBy(() -> epa.index(Pollutant.PM25, TWENTY_FOUR_HOURS, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rates_lists_the_pollutants_and_periods_of_the_issue() {
    assertThat(epa.rates().keySet())
        .containsExactly(Pollutant.PM25, Pollutant.PM10, Pollutant.O3, Pollutant.NO2, Pollutant.CO);
    assertThat(epa.rates(Pollutant.O3, ONE_HOUR)).isTrue();
    assertThat(epa.rates(Pollutant.O3, EIGHT_HOURS)).isTrue();
    assertThat(epa.rates(Pollutant.CO, ONE_HOUR)).isFalse();
  }
}
