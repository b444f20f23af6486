package org.aqmrg.ingest.lineprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lines that the parser rejects, each with its line, column, reason and text, and the good
 * lines around them that are still read.
 */
class LineProtocolErrorsTest {
  private static final long NOW = LineProtocolParserTest.NOW;

  /** The one error of a one-line body. */
  private static LineError error(String line) {
    return error(line, Precision.NS);
  }

  private static LineError error(String line, Precision precision) {
    ParseResult result = new LineProtocolParser().parse(line, precision, NOW);
    assertThat(result.points()).as("points of %s", line).isEmpty();
    assertThat(result.errors()).hasSize(1);
    LineError error = result.errors().get(0);
    assertThat(error.line()).isEqualTo(1);
    assertThat(error.text()).isEqualTo(line.length() <= 200 ? line : line.substring(0, 200) + "…");
    return error;
  }

  private static void rejected(String line, int column, String reason) {
    LineError error = error(line);
    assertThat(error.reason()).as("reason for %s", line).isEqualTo(reason);
    assertThat(error.column()).as("column for %s", line).isEqualTo(column);
  }

  @ParameterizedTest
  @ValueSource(strings = {"NaN", "nan", "NAN", "inf", "+Inf", "-Inf", "Infinity", "-infinity"})
  void nan_and_infinities_are_rejected_with_the_reason(String text) {
    rejected(
        "air,s=1 pm25=" + text,
        14,
        "invalid field value '" + text + "' for field 'pm25' (NaN and infinities are not allowed)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"1e999", "-1e999", "1.8e308", "17976931348623159e292"})
  void floats_beyond_the_double_range_are_rejected(String text) {
    LineError error = error("m x=1,big=" + text);
    assertThat(error.reason())
        .startsWith("invalid field value '" + text.substring(0, Math.min(text.length(), 40)))
        .endsWith("for field 'big' (out of range for a 64-bit float)");
    assertThat(error.column()).isEqualTo(11);
  }

  @Test
  void a_float_halfway_above_the_largest_double_rounds_to_infinity_and_is_rejected() {
    String halfway =
        new BigDecimal(Double.MAX_VALUE)
            .add(new BigDecimal(Math.ulp(Double.MAX_VALUE)).divide(BigDecimal.valueOf(2)))
            .toPlainString();
    assertThat(error("m big=" + halfway).reason())
        .endsWith("for field 'big' (out of range for a 64-bit float)");
    String largest = new BigDecimal(Double.MAX_VALUE).toPlainString();
    assertThat(LineProtocolParserTest.value(largest).doubleValue()).isEqualTo(Double.MAX_VALUE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.2.3", "1e", "1e+", "-", ".", "-.", ".e5", "1.5.", "0x10", "1_000", "1d", "12I", "1-2",
        "--1", "1e5.5", "1.5i", "-i", "1.5u", "1e3i", "12ab", "tru", "truee", "tRUE", "yes", "+1"
      })
  void malformed_field_values_are_rejected(String text) {
    LineError error = error("m f=" + text);
    assertThat(error.reason()).startsWith("invalid field value '").contains("for field 'f'");
    assertThat(error.column()).isEqualTo(5);
  }

  @Test
  void malformed_value_reason_names_the_value_and_field() {
    rejected("m pm25=12ab", 8, "invalid field value '12ab' for field 'pm25'");
    rejected(
        "m note=hello",
        8,
        "invalid field value 'hello' for field 'note' (string values must be in double quotes)");
  }

  @Test
  void a_quote_inside_a_string_ends_it_so_the_rest_is_rejected() {
    rejected("m f=\"a\"b\"", 8, "unexpected 'b' after the value of field 'f'");
  }

  @Test
  void integers_outside_the_signed_64_bit_range_are_rejected() {
    rejected(
        "m count=9223372036854775808i",
        9,
        "integer 9223372036854775808i out of range for field 'count'");
    rejected(
        "m count=-9223372036854775809i",
        9,
        "integer -9223372036854775809i out of range for field 'count'");
    rejected(
        "m count=99999999999999999999999i",
        9,
        "integer 99999999999999999999999i out of range for field 'count'");
  }

  @Test
  void unsigned_integers_outside_zero_to_two_to_the_64_are_rejected() {
    rejected(
        "m n=18446744073709551616u",
        5,
        "unsigned 18446744073709551616u out of range for field 'n'");
    rejected("m n=-1u", 5, "unsigned -1u out of range for field 'n'");
  }

  @Test
  void unterminated_string_is_reported_at_its_quote_and_the_next_line_is_still_read() {
    ParseResult result =
        new LineProtocolParser().parse("m,s=1 note=\"abc, def\nm f=1 5\n", Precision.NS, NOW);
    assertThat(result.errors())
        .containsExactly(
            new LineError(1, 12, "unterminated string for field 'note'", "m,s=1 note=\"abc, def"));
    assertThat(result.points()).singleElement().extracting(Point::timestampNanos).isEqualTo(5L);
    rejected("m note=\"abc\\\"", 8, "unterminated string for field 'note'");
  }

  @Test
  void lines_without_fields_are_rejected() {
    rejected("air_quality", 12, "missing field set");
    rejected("air_quality,location=Lagos", 27, "missing field set");
    rejected("air_quality,location=Lagos   ", 30, "missing field set");
    rejected("m\tf=1", 6, "missing field set");
  }

  @Test
  void a_line_that_starts_with_a_comma_has_no_measurement() {
    rejected(",t=v f=1", 1, "missing measurement");
  }

  @Test
  void tags_need_a_key_and_a_value() {
    rejected("m,location f=1", 11, "tag 'location' has no value");
    rejected("m,location= f=1", 12, "tag 'location' has no value");
    rejected("m,location,t=v f=1", 11, "tag 'location' has no value");
    rejected("m,=v f=1", 3, "empty tag key");
    rejected("m, f=1", 3, "empty tag key");
    rejected("m,t=v, f=1", 7, "empty tag key");
    rejected("m,t=a=b f=1", 6, "unescaped '=' in the value of tag 't'");
  }

  @Test
  void a_tag_key_given_twice_is_rejected_where_it_repeats() {
    rejected("m,location=Ikeja,sensor=1,location=Yaba f=1", 27, "duplicate tag 'location'");
  }

  @Test
  void fields_need_a_key_and_a_value() {
    rejected("m =1", 3, "empty field key");
    rejected("m f=1,", 7, "empty field key");
    rejected("m f=1,,g=2", 7, "empty field key");
    rejected("m f=1, g=2", 7, "empty field key");
    rejected("m f", 4, "field 'f' has no value");
    rejected("m f=", 5, "field 'f' has no value");
    rejected("m f= 1", 5, "field 'f' has no value");
    rejected("m f=,g=1", 5, "field 'f' has no value");
    rejected("m f,g=1", 4, "field 'f' has no value");
  }

  @Test
  void bad_timestamps_are_rejected() {
    rejected("m f=1 12ab", 7, "invalid timestamp '12ab'");
    rejected("m f=1 1.5", 7, "invalid timestamp '1.5'");
    rejected("m f=1 -", 7, "invalid timestamp '-'");
    rejected("m f=1 1609459200:00000000", 7, "invalid timestamp '1609459200:00000000'");
    rejected("m f=1 16094592/000000000", 7, "invalid timestamp '16094592/000000000'");
    // InfluxDB's documented "bad timestamp" example.
    rejected(
        "mymeas value=9 \"1466625759000000000\"",
        16,
        "invalid timestamp '\"1466625759000000000\"'");
    // A second field set after a space is read as a timestamp.
    rejected("m a=1 b=2", 7, "invalid timestamp 'b=2'");
  }

  @Test
  void text_after_the_timestamp_is_rejected() {
    rejected("m f=1 123 456", 11, "unexpected text '456' after timestamp");
    rejected("m f=1 123 garbage here", 11, "unexpected text 'garbage here' after timestamp");
    rejected("m f=1 123\tx", 7, "invalid timestamp '123\tx'");
  }

  @ParameterizedTest
  @CsvSource({
    "NS,9223372036854775807",
    "NS,-9223372036854775807",
    "NS,-9223372036854775808",
    "NS,99999999999999999999",
    "US,9223372036854776",
    "MS,9223372036855",
    "S,9223372037",
    "S,-9223372037",
    "M,153722868",
    "H,2562048",
  })
  void timestamps_out_of_range_for_their_precision_are_rejected(Precision precision, String time) {
    LineError error = error("m f=1 " + time, precision);
    assertThat(error.reason())
        .isEqualTo(
            "timestamp " + time + " out of range for precision " + precision.name().toLowerCase());
    assertThat(error.column()).isEqualTo(7);
  }

  @Test
  void invalid_utf8_in_a_name_or_string_is_rejected() {
    byte[] line = {'m', ',', 't', '=', (byte) 0xC3, (byte) 0x28, ' ', 'f', '=', '1'};
    ParseResult result = new LineProtocolParser().parse(line, 0, line.length, Precision.NS, NOW);
    assertThat(result.errors())
        .singleElement()
        .extracting(LineError::reason, LineError::column)
        .containsExactly("invalid UTF-8 in tag value", 5);
    byte[] string = {'m', ' ', 'f', '=', '"', (byte) 0xFF, '"'};
    assertThat(new LineProtocolParser().parse(string, 0, string.length, Precision.NS, NOW).errors())
        .singleElement()
        .extracting(LineError::reason)
        .isEqualTo("invalid UTF-8 in the value of field 'f'");
  }

  @Test
  void columns_count_characters_not_bytes() {
    rejected(
        "城市,名=拉各斯 温度=abc",
        13,
        "invalid field value 'abc' for field '温度' (string values must be in double quotes)");
    rejected("  m f=1 x", 9, "invalid timestamp 'x'");
  }

  @Test
  void the_text_of_a_long_line_is_cut_to_200_characters() {
    String line = "m,t=" + "é".repeat(300) + " f=bad";
    LineError error = new LineProtocolParser().parse(line, Precision.NS, NOW).errors().get(0);
    assertThat(error.text()).hasSize(201).endsWith("é…").startsWith("m,t=é");
    assertThat(error.column()).isEqualTo(308);
    assertThat(error.message()).isEqualTo("line 1, column 308: " + error.reason());
  }

  @Test
  void long_values_in_reasons_are_cut() {
    String value = "9".repeat(100);
    LineError error = error("m f=" + value + "x");
    assertThat(error.reason())
        .isEqualTo("invalid field value '" + "9".repeat(40) + "…' for field 'f'");
  }

  @Test
  void bad_lines_in_a_5000_line_body_are_reported_and_every_good_line_is_read() {
    StringBuilder body = new StringBuilder();
    List<Integer> badLines = List.of(1, 777, 2500, 2501, 4999, 5000);
    List<String> badTexts =
        List.of(
            "air_quality,sensor_id=LAG-001 pm25=NaN 1609459200000000000",
            "air_quality,sensor_id=LAG-002,location pm25=1 1609459200000000000",
            "air_quality,sensor_id=LAG-003 pm25=1,note=\"open 1609459200000000000",
            "air_quality,sensor_id=LAG-004",
            "air_quality,sensor_id=LAG-005 pm25=1 16094592000000000000",
            "air_quality,sensor_id=LAG-006 count=9223372036854775808i");
    List<LineError> expected =
        List.of(
            new LineError(
                1,
                36,
                "invalid field value 'NaN' for field 'pm25' (NaN and infinities are not allowed)",
                badTexts.get(0)),
            new LineError(777, 39, "tag 'location' has no value", badTexts.get(1)),
            new LineError(2500, 43, "unterminated string for field 'note'", badTexts.get(2)),
            new LineError(2501, 30, "missing field set", badTexts.get(3)),
            new LineError(
                4999,
                38,
                "timestamp 16094592000000000000 out of range for precision ns",
                badTexts.get(4)),
            new LineError(
                5000,
                37,
                "integer 9223372036854775808i out of range for field 'count'",
                badTexts.get(5)));
    List<Long> goodTimes = new ArrayList<>();
    for (int line = 1; line <= 5000; line++) {
      int bad = badLines.indexOf(line);
      if (bad >= 0) {
        body.append(badTexts.get(bad));
      } else {
        long time = 1_609_459_200_000_000_000L + line;
        goodTimes.add(time);
        body.append("air_quality,sensor_id=LAG-")
            .append(line % 200)
            .append(",location=Ikeja pm25=")
            .append(line % 97)
            .append(".5,pm10=45.8 ")
            .append(time);
      }
      body.append(line % 2 == 0 ? "\r\n" : "\n");
    }
    ParseResult result = new LineProtocolParser().parse(body.toString(), Precision.NS, NOW);
    assertThat(result.errors()).containsExactlyElementsOf(expected);
    assertThat(result.points())
        .extracting(Point::timestampNanos)
        .containsExactlyElementsOf(goodTimes);
    Point second = result.points().get(0);
    assertThat(second.tag("sensor_id")).isEqualTo("LAG-2");
    assertThat(second.field("pm25").doubleValue()).isEqualTo(2.5);
  }
}
