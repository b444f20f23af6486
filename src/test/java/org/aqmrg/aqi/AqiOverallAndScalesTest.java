package org.aqmrg.aqi;

import static org.aqmrg.aqi.Averaging.EIGHT_HOURS;
import static org.aqmrg.aqi.Averaging.ONE_HOUR;
import static org.aqmrg.aqi.Averaging.TWENTY_FOUR_HOURS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AqiOverallAndScalesTest {
  private final AqiScale epa = AqiScales.of("us-epa");

  @Test
  void scales_are_found_by_their_identifier() {
    assertThat(AqiScales.of("us-epa")).isInstanceOf(UsEpaScale.class);
    assertThat(AqiScales.of("eu-eaqi")).isInstanceOf(EuropeanScale.class);
    assertThat(AqiScales.all()).extracting(AqiScale::id).containsExactly("us-epa", "eu-eaqi");
  }

  @Test
  void an_unknown_scale_is_refused_with_the_known_ones() {
    assertThatThrownBy(() -> AqiScales.of("uk-daqi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown AQI scale 'uk-daqi'; use one of [us-epa, eu-eaqi]");
  }

  @Test
  void a_tie_goes_to_the_first_pollutant_whatever_the_input_order() {
    // PM10 154 µg/m³ and NO2 100 ppb are both AQI 100.
    SubIndex pm10 = epa.index(Pollutant.PM10, TWENTY_FOUR_HOURS, 154);
    SubIndex no2 = epa.index(Pollutant.NO2, ONE_HOUR, 100);
    assertThat(epa.overall(List.of(no2, pm10)).dominant()).isEqualTo(Pollutant.PM10);
    assertThat(epa.overall(List.of(pm10, no2)).dominant()).isEqualTo(Pollutant.PM10);
  }

  @Test
  void sub_indices_without_a_value_do_not_count_but_are_kept() {
    SubIndex lowOneHourOzone = epa.index(Pollutant.O3, ONE_HOUR, 40);
    SubIndex co = epa.index(Pollutant.CO, EIGHT_HOURS, 1.0);
    var overall = epa.overall(List.of(lowOneHourOzone, co));
    assertThat(overall.value()).isEqualTo(11); // 50 / 4.4 * 1.0 = 11.36
    assertThat(overall.dominant()).isEqualTo(Pollutant.CO);
    assertThat(overall.subIndices()).containsExactly(lowOneHourOzone, co);
  }

  @Test
  void with_no_sub_index_there_is_no_number_but_a_reason() {
    var none = epa.overall(List.of(epa.index(Pollutant.O3, ONE_HOUR, 40)));
    assertThat(none.present()).isFalse();
    assertThat(none.value()).isNull();
    assertThat(none.dominant()).isNull();
    assertThat(none.reason()).startsWith("no pollutant has an index (o3: 1-hour ozone");
    var empty = epa.overall(List.of());
    assertThat(empty.present()).isFalse();
    assertThat(empty.reason()).isEqualTo("no concentrations to rate");
  }

  @Test
  void pollutants_map_to_the_platforms_fields_and_units() {
    assertThat(Pollutant.of("o3")).contains(Pollutant.O3);
    assertThat(Pollutant.of("temperature")).isEmpty();
    assertThat(Pollutant.O3.unit()).isEqualTo("ppb");
    assertThat(Pollutant.O3.field().orElseThrow().unit()).isEqualTo("ppb");
    assertThat(Pollutant.CO.field().orElseThrow().unit()).isEqualTo("ppm");
    assertThat(Pollutant.PM25.field().orElseThrow().unit()).isEqualTo(Pollutant.PM25.unit());
    assertThat(Pollutant.SO2.field()).isEmpty();
  }
}
