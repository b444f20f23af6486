package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.aqmrg.readings.Field;
import org.junit.jupiter.api.Test;

/** CSV cells as RFC 4180 and spreadsheets want them. */
class HistoryCsvTest {
  @Test
  void text_cells_are_quoted_only_when_they_must_be_and_formulas_are_defused() {
    assertThat(HistoryCsv.text("LAG-IKJ-001")).isEqualTo("LAG-IKJ-001");
    assertThat(HistoryCsv.text("a,b")).isEqualTo("\"a,b\"");
    assertThat(HistoryCsv.text("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(HistoryCsv.text("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(HistoryCsv.text("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(HistoryCsv.text("+1")).isEqualTo("'+1");
    assertThat(HistoryCsv.text("-x")).isEqualTo("'-x");
    assertThat(HistoryCsv.text("@sum")).isEqualTo("'@sum");
  }

  @Test
  void numbers_are_plain_decimals_without_exponents_or_needless_zeros() {
    assertThat(HistoryCsv.number(78.0)).isEqualTo("78");
    assertThat(HistoryCsv.number(35.2)).isEqualTo("35.2");
    assertThat(HistoryCsv.number(-2.5)).isEqualTo("-2.5");
    assertThat(HistoryCsv.number(0.00001)).isEqualTo("0.00001");
    assertThat(HistoryCsv.number(70.0 / 3)).isEqualTo("23.333333333333332");
  }

  @Test
  void columns_carry_the_unit_in_ascii_or_say_they_count() {
    assertThat(Field.values())
        .extracting(field -> HistoryCsv.column(field, "mean"))
        .containsExactly(
            "pm25_ug_m3",
            "pm10_ug_m3",
            "temperature_c",
            "humidity_pct",
            "co_ppm",
            "no2_ppb",
            "o3_ppb");
    assertThat(HistoryCsv.column(Field.PM25, "count")).isEqualTo("pm25_count");
    assertThat(HistoryCsv.column(Field.CO, null)).isEqualTo("co_ppm");
  }
}
