package org.aqmrg.ingest.lineprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LinePartTest {
  private static final String LINE =
      "air_quality,sensor_id=S-1,location=Lekki\\ Phase\\,1 pm25=12.5,note=\"a, pm10=3\",pm10=7"
          + " 1700000000000000000";

  /** The column of the first occurrence of {@code text} in {@code line}, counted from 1. */
  private static int at(String line, String text) {
    return line.indexOf(text) + 1;
  }

  @Test
  void finds_the_measurement_each_tag_and_the_timestamp() {
    assertThat(LinePart.MEASUREMENT.column(LINE, null)).isEqualTo(1);
    assertThat(LinePart.TAG_KEY.column(LINE, "location")).isEqualTo(at(LINE, "location"));
    assertThat(LinePart.TAG_VALUE.column(LINE, "sensor_id")).isEqualTo(at(LINE, "S-1"));
    assertThat(LinePart.TAG_VALUE.column(LINE, "location")).isEqualTo(at(LINE, "Lekki"));
    assertThat(LinePart.TIMESTAMP.column(LINE, null)).isEqualTo(at(LINE, "1700"));
  }

  @Test
  void finds_a_field_past_a_quoted_string_that_looks_like_fields() {
    assertThat(LinePart.FIELD_KEY.column(LINE, "pm25")).isEqualTo(at(LINE, "pm25"));
    assertThat(LinePart.FIELD_VALUE.column(LINE, "pm25")).isEqualTo(at(LINE, "12.5"));
    assertThat(LinePart.FIELD_KEY.column(LINE, "pm10")).isEqualTo(at(LINE, ",pm10=7") + 1);
    assertThat(LinePart.FIELD_VALUE.column(LINE, "pm10")).isEqualTo(at(LINE, "=7") + 1);
    assertThat(LinePart.FIELD_VALUE.column(LINE, "note")).isEqualTo(at(LINE, "\"a,"));
  }

  @Test
  void a_field_given_twice_is_found_where_its_value_counts_the_last() {
    String line = "m,sensor_id=S-1 pm25=1,pm25=2000 5";
    assertThat(LinePart.FIELD_VALUE.column(line, "pm25")).isEqualTo(at(line, "2000"));
    assertThat(LinePart.FIELD_KEY.column(line, "pm25")).isEqualTo(at(line, "pm25"));
  }

  @Test
  void escaped_keys_are_matched_as_the_parser_reads_them() {
    String line = "m,odd\\ key=1,o\\=k=2 f\\,x=3";
    assertThat(LinePart.TAG_KEY.column(line, "odd key")).isEqualTo(at(line, "odd"));
    assertThat(LinePart.TAG_VALUE.column(line, "o=k")).isEqualTo(at(line, "=2") + 1);
    assertThat(LinePart.FIELD_VALUE.column(line, "f,x")).isEqualTo(at(line, "=3") + 1);
  }

  @Test
  void columns_count_code_points_and_include_leading_blanks() {
    // The globe is one code point and two Java chars: the columns after it are one less.
    String line = "  m,location=\uD83C\uDF0D,sensor_id=S-1 pm25=1";
    assertThat(LinePart.MEASUREMENT.column(line, null)).isEqualTo(3);
    assertThat(LinePart.TAG_VALUE.column(line, "location")).isEqualTo(at(line, "\uD83C"));
    assertThat(LinePart.TAG_VALUE.column(line, "sensor_id")).isEqualTo(at(line, "S-1") - 1);
    assertThat(LinePart.FIELD_VALUE.column(line, "pm25")).isEqualTo(line.length() - 1);
  }

  @Test
  void a_part_the_line_does_not_have_is_column_one() {
    String line = "m,sensor_id=S-1 pm25=1";
    assertThat(LinePart.TIMESTAMP.column(line, null)).isEqualTo(1);
    assertThat(LinePart.TAG_KEY.column(line, "location")).isEqualTo(1);
    assertThat(LinePart.FIELD_VALUE.column(line, "o3")).isEqualTo(1);
    assertThat(LinePart.LINE.column(line, null)).isEqualTo(1);
  }
}
