package org.aqmrg.ingest.lineprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lines that the parser accepts and what it reads from them: InfluxDB's documented examples,
 * escapes in every position, each field type, white space, comments, precisions and the seed's own
 * line. Rejected lines are in {@link LineProtocolErrorsTest}.
 */
class LineProtocolParserTest {
  static final long NOW = 1_700_000_000_123_456_789L;

  static Point one(String line) {
    return one(line, Precision.NS);
  }

  static Point one(String line, Precision precision) {
    ParseResult result = new LineProtocolParser().parse(line, precision, NOW);
    assertThat(result.errors()).as("errors of %s", line).isEmpty();
    assertThat(result.points()).hasSize(1);
    return result.points().get(0);
  }

  static FieldValue value(String fieldValue) {
    return one("m f=" + fieldValue).field("f");
  }

  @Test
  void seed_example_line_gives_sorted_tags_float_fields_and_its_time() {
    Point p =
        one(
            "air_quality,sensor_id=ABC123,location=Lagos pm25=35.2,pm10=45.8,temperature=28.5"
                + " 1609459200000000000");
    assertThat(p.measurement()).isEqualTo("air_quality");
    assertThat(p.tagCount()).isEqualTo(2);
    assertThat(p.tagKey(0)).isEqualTo("location");
    assertThat(p.tagValue(0)).isEqualTo("Lagos");
    assertThat(p.tagKey(1)).isEqualTo("sensor_id");
    assertThat(p.tag("sensor_id")).isEqualTo("ABC123");
    assertThat(p.tag("missing")).isNull();
    assertThat(p.fieldCount()).isEqualTo(3);
    assertThat(p.fieldName(0)).isEqualTo("pm25");
    assertThat(p.fieldName(2)).isEqualTo("temperature");
    assertThat(p.field("pm25")).isEqualTo(FieldValue.ofFloat(35.2));
    assertThat(p.field("pm10").doubleValue()).isEqualTo(45.8);
    assertThat(p.fieldValue(2).doubleValue()).isEqualTo(28.5);
    assertThat(p.field("co")).isNull();
    assertThat(p.timestampNanos()).isEqualTo(1_609_459_200_000_000_000L);
  }

  @Test
  void documented_weather_example_is_read() {
    Point p = one("weather,location=us-midwest temperature=82 1465839830100400200");
    assertThat(p.measurement()).isEqualTo("weather");
    assertThat(p.tag("location")).isEqualTo("us-midwest");
    assertThat(p.field("temperature")).isEqualTo(FieldValue.ofFloat(82));
    assertThat(p.timestampNanos()).isEqualTo(1465839830100400200L);
  }

  @Test
  void documented_special_characters_example_is_read_as_the_reference_says() {
    // InfluxDB 1.x line protocol reference, "Write a point with special characters".
    Point p =
        one(
            "\"measurement\\ with\\ quo⚡️es\\ and\\ emoji\",tag\\ key\\ with\\ sp🚀ces"
                + "=tag\\,value\\,with\"commas\" field_k\\ey=\"string field value, only \\\" need"
                + " be esc🍭ped\"");
    assertThat(p.measurement()).isEqualTo("\"measurement with quo⚡️es and emoji\"");
    assertThat(p.tagKey(0)).isEqualTo("tag key with sp🚀ces");
    assertThat(p.tagValue(0)).isEqualTo("tag,value,with\"commas\"");
    assertThat(p.fieldName(0)).isEqualTo("field_k\\ey");
    assertThat(p.fieldValue(0).stringValue())
        .isEqualTo("string field value, only \" need be esc🍭ped");
    assertThat(p.timestampNanos()).isEqualTo(NOW);
  }

  @Test
  void documented_older_example_with_four_backslashes_in_a_field_key_keeps_them() {
    Point p =
        one(
            "\"measurement\\ with\\ quotes\",tag\\ key\\ with\\ spaces=tag\\,value\\,with\"commas\""
                + " field_key\\\\\\\\=\"string field value, only \\\" need be escaped\"");
    assertThat(p.measurement()).isEqualTo("\"measurement with quotes\"");
    assertThat(p.tag("tag key with spaces")).isEqualTo("tag,value,with\"commas\"");
    assertThat(p.fieldName(0)).isEqualTo("field_key\\\\\\\\");
    assertThat(p.fieldValue(0).stringValue())
        .isEqualTo("string field value, only \" need be escaped");
  }

  @Test
  void documented_v2_examples_are_read() {
    Point p =
        one("myMeasurement,tag1=value1,tag2=value2 fieldKey=\"fieldValue\" 1556813561098000000");
    assertThat(p.tag("tag1")).isEqualTo("value1");
    assertThat(p.tag("tag2")).isEqualTo("value2");
    assertThat(p.field("fieldKey")).isEqualTo(FieldValue.ofString("fieldValue"));
    assertThat(p.timestampNanos()).isEqualTo(1556813561098000000L);

    assertThat(one("my\\ Measurement fieldKey=\"string value\"").measurement())
        .isEqualTo("my Measurement");
    assertThat(one("myMeasurement fieldKey=\"\\\"string\\\" within a string\"").field("fieldKey"))
        .isEqualTo(FieldValue.ofString("\"string\" within a string"));
    Point spaces =
        one("myMeasurement,tag\\ Key1=tag\\ Value1,tag\\ Key2=tag\\ Value2 fieldKey=100");
    assertThat(spaces.tag("tag Key1")).isEqualTo("tag Value1");
    assertThat(spaces.tag("tag Key2")).isEqualTo("tag Value2");
    Point emoji = one("myMeasurement,tagKey=🍭 fieldKey=\"Launch 🚀\" 1556813561098000000");
    assertThat(emoji.tag("tagKey")).isEqualTo("🍭");
    assertThat(emoji.field("fieldKey").stringValue()).isEqualTo("Launch 🚀");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1.0|1.0",
        "1|1.0",
        "-1.234456e+78|-1.234456e+78",
        "1.e+78|1e78",
        "1.E+78|1e78",
        "1.|1.0",
        ".5|0.5",
        "-.5e-3|-0.0005",
        "-1.5e3|-1500.0",
        "0|0.0",
        "35.2|35.2",
        "0.000001|0.000001",
        "12345678901234567890|12345678901234567890.0",
        "3.141592653589793238462643383279|3.141592653589793",
        "1e-400|0.0",
        "4.9e-324|4.9e-324",
        "1.7976931348623157e308|1.7976931348623157e308",
        "007.50|7.5",
        "0e999999999999|0.0",
      })
  void floats_in_every_documented_form_are_read_exactly(String text, double expected) {
    FieldValue v = value(text);
    assertThat(v.kind()).isEqualTo(FieldValue.Kind.FLOAT);
    assertThat(v.doubleValue()).isEqualTo(expected);
  }

  @Test
  void negative_zero_stays_negative() {
    assertThat(Double.doubleToRawLongBits(value("-0").doubleValue()))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(Double.doubleToRawLongBits(value("-0.0e5").doubleValue()))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
  }

  @Test
  void floats_match_java_parsing_for_many_random_decimals() {
    java.util.Random random = new java.util.Random(42);
    StringBuilder body = new StringBuilder();
    List<String> texts = new java.util.ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      String text =
          switch (i % 4) {
            case 0 -> Double.toString(Double.longBitsToDouble(random.nextLong() >>> 2));
            case 1 -> String.format("%.1f", random.nextDouble() * 500);
            case 2 -> (random.nextInt(2000000) - 1000000) + "." + random.nextInt(1000);
            default -> random.nextInt(99999) + "e" + (random.nextInt(60) - 30);
          };
      if (Double.isInfinite(Double.parseDouble(text)) || Double.isNaN(Double.parseDouble(text))) {
        continue;
      }
      texts.add(text);
      body.append("m f=").append(text).append('\n');
    }
    ParseResult result = new LineProtocolParser().parse(body.toString(), Precision.NS, NOW);
    assertThat(result.errors()).isEmpty();
    for (int i = 0; i < texts.size(); i++) {
      assertThat(result.points().get(i).field("f").doubleValue())
          .as(texts.get(i))
          .isEqualTo(Double.parseDouble(texts.get(i)));
    }
  }

  @Test
  void short_decimals_match_java_parsing_with_every_split_and_ending() {
    // The decimals readings are made of: every split of one to fourteen digits by a point (or
    // none, or a point at the end), leading zeros, a sign, and each way a value ends on a line.
    java.util.Random random = new java.util.Random(11);
    String[] endings = {"", ",g=1", " 1700000000000000000", "\r"};
    StringBuilder body = new StringBuilder();
    List<String> texts = new java.util.ArrayList<>();
    for (int whole = 1; whole <= 7; whole++) {
      for (int fraction = 0; fraction <= 7; fraction++) {
        for (int k = 0; k < 40; k++) {
          var text = new StringBuilder(k % 5 == 0 ? "-" : "");
          for (int i = 0; i < whole + fraction; i++) {
            if (i == whole) {
              text.append('.');
            }
            text.append((char) ('0' + (k % 3 == 0 && i == 0 ? 0 : random.nextInt(10))));
          }
          if (fraction == 0 && k % 2 == 0) {
            text.append('.');
          }
          texts.add(text.toString());
          body.append("m f=").append(text).append(endings[k % endings.length]).append('\n');
        }
      }
    }
    ParseResult result = new LineProtocolParser().parse(body.toString(), Precision.NS, NOW);
    assertThat(result.errors()).isEmpty();
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      Point point = result.points().get(i);
      assertThat(Double.doubleToRawLongBits(point.field("f").doubleValue()))
          .as(text)
          .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
      String digits = text.startsWith("-") ? text.substring(1) : text;
      boolean plain =
          digits.matches("[0-9]+(\\.[0-9]+)?")
              && (digits.charAt(0) != '0' || digits.length() == 1 || digits.charAt(1) == '.');
      assertThat(point.plainFieldSet()).as(text).isEqualTo(plain);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "35.2e1,352.0",
    "35.25e-1,3.525",
    "0.85E2,85.0",
  })
  void a_short_decimal_with_an_exponent_is_read_whole(String text, double expected) {
    assertThat(value(text).doubleValue()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"35.2x", "35.2.1", "35.2i", "3.5-", "35.2\\"})
  void a_short_decimal_followed_by_other_text_is_refused(String text) {
    ParseResult result = new LineProtocolParser().parse("m f=" + text, Precision.NS, NOW);
    assertThat(result.points()).isEmpty();
    assertThat(result.errors()).singleElement().satisfies(e -> assertThat(e.column()).isEqualTo(5));
  }

  @Test
  void a_decimal_is_read_only_up_to_the_end_of_the_text_given() {
    byte[] body = "m f=35.25,g=1\n".getBytes(StandardCharsets.UTF_8);
    ParseResult result = new LineProtocolParser().parse(body, 0, 8, Precision.NS, NOW);
    assertThat(result.errors()).isEmpty();
    assertThat(result.points().get(0).field("f").doubleValue()).isEqualTo(35.2);
  }

  @ParameterizedTest
  @CsvSource({
    "1i,1",
    "12485903i,12485903",
    "-12485903i,-12485903",
    "0i,0",
    "-0i,0",
    "9223372036854775807i,9223372036854775807",
    "-9223372036854775808i,-9223372036854775808",
    "000000000000000000000042i,42",
  })
  void integers_are_read_over_the_whole_signed_range(String text, long expected) {
    FieldValue v = value(text);
    assertThat(v.kind()).isEqualTo(FieldValue.Kind.INTEGER);
    assertThat(v.longValue()).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "1u,1",
    "12485903u,12485903",
    "0u,0",
    "18446744073709551615u,18446744073709551615",
    "9223372036854775808u,9223372036854775808",
  })
  void unsigned_integers_are_read_up_to_two_to_the_64_minus_one(String text, String expected) {
    FieldValue v = value(text);
    assertThat(v.kind()).isEqualTo(FieldValue.Kind.UNSIGNED);
    assertThat(Long.toUnsignedString(v.longValue())).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"t", "T", "true", "True", "TRUE"})
  void every_documented_spelling_of_true_is_true(String text) {
    assertThat(value(text)).isEqualTo(FieldValue.ofBoolean(true));
  }

  @ParameterizedTest
  @ValueSource(strings = {"f", "F", "false", "False", "FALSE"})
  void every_documented_spelling_of_false_is_false(String text) {
    assertThat(value(text)).isEqualTo(FieldValue.ofBoolean(false));
  }

  @Test
  void quoted_true_is_a_string() {
    assertThat(value("\"true\"")).isEqualTo(FieldValue.ofString("true"));
  }

  @Test
  void strings_hold_spaces_commas_equals_signs_and_escaped_quotes_and_backslashes() {
    Point p = one("m note=\"a, b = c  d\",path=\"C:\\\\temp\\\\x\",q=\"say \\\"hi\\\"\",e=\"\" 5");
    assertThat(p.field("note").stringValue()).isEqualTo("a, b = c  d");
    assertThat(p.field("path").stringValue()).isEqualTo("C:\\temp\\x");
    assertThat(p.field("q").stringValue()).isEqualTo("say \"hi\"");
    assertThat(p.field("e").stringValue()).isEmpty();
    assertThat(p.timestampNanos()).isEqualTo(5);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // InfluxDB's table of backslashes in string field values.
        "a\\b|a\\b",
        "a\\\\b|a\\b",
        "a\\\\\\b|a\\\\b",
        "a\\\\\\\\b|a\\\\b",
        "a\\\\\\\\\\b|a\\\\\\b",
        "a\\\\\\\\\\\\b|a\\\\\\b",
        "a\\nb|a\\nb",
      })
  void backslashes_in_string_values_follow_the_documented_table(String raw, String expected) {
    assertThat(value("\"" + raw + "\"").stringValue()).isEqualTo(expected);
  }

  @Test
  void measurement_escapes_comma_and_space_only() {
    assertThat(one("a\\,b\\ c f=1").measurement()).isEqualTo("a,b c");
    assertThat(one("a\\=b f=1").measurement()).isEqualTo("a\\=b");
    assertThat(one("a=b f=1").measurement()).isEqualTo("a=b");
    assertThat(one("a\\xb f=1").measurement()).isEqualTo("a\\xb");
  }

  @Test
  void tag_keys_tag_values_and_field_keys_escape_comma_equals_and_space() {
    Point p = one("m,k\\,1\\=x\\ y=v\\,1\\=x\\ y f\\,1\\=x\\ y=1");
    assertThat(p.tagKey(0)).isEqualTo("k,1=x y");
    assertThat(p.tagValue(0)).isEqualTo("v,1=x y");
    assertThat(p.fieldName(0)).isEqualTo("f,1=x y");
  }

  @Test
  void a_backslash_before_another_character_is_kept_with_it() {
    Point p = one("m\\n,t\\k=v\\a\\\\b f\\\"=1");
    assertThat(p.measurement()).isEqualTo("m\\n");
    assertThat(p.tag("t\\k")).isEqualTo("v\\a\\\\b");
    assertThat(p.fieldName(0)).isEqualTo("f\\\"");
  }

  @Test
  void a_double_backslash_pairs_so_the_comma_after_it_separates_as_in_influxdb() {
    Point p = one("m,t=a\\\\,u=b f=1");
    assertThat(p.tag("t")).isEqualTo("a\\\\");
    assertThat(p.tag("u")).isEqualTo("b");
    Point odd = one("m,t=a\\\\\\,u f=1");
    assertThat(odd.tag("t")).isEqualTo("a\\\\,u");
  }

  @Test
  void quotes_in_names_are_part_of_the_name() {
    Point p = one("'m',\"t\"='v' \"f\"=1");
    assertThat(p.measurement()).isEqualTo("'m'");
    assertThat(p.tag("\"t\"")).isEqualTo("'v'");
    assertThat(p.fieldName(0)).isEqualTo("\"f\"");
  }

  @Test
  void tags_are_sorted_by_key_in_utf8_byte_order() {
    Point p = one("m,z=1,é=2,a=3,\uFFFD=4,😀=5,B=6 f=1");
    List<String> keys = new java.util.ArrayList<>();
    for (int i = 0; i < p.tagCount(); i++) {
      keys.add(p.tagKey(i));
    }
    assertThat(keys).containsExactly("B", "a", "z", "é", "\uFFFD", "😀");
    assertThat(p.tag("😀")).isEqualTo("5");
  }

  @Test
  void unicode_in_every_position_is_read() {
    Point p = one("qualité_de_l'air,城市=拉各斯,capteur=Ìkẹ́jà température=28.5,note=\"ẹ ń lẹ́\" 1");
    assertThat(p.measurement()).isEqualTo("qualité_de_l'air");
    assertThat(p.tag("城市")).isEqualTo("拉各斯");
    assertThat(p.tag("capteur")).isEqualTo("Ìkẹ́jà");
    assertThat(p.field("température").doubleValue()).isEqualTo(28.5);
    assertThat(p.field("note").stringValue()).isEqualTo("ẹ ń lẹ́");
  }

  @Test
  void a_field_key_given_twice_keeps_its_first_position_and_last_value() {
    Point p = one("m a=1,b=2i,a=\"x\",c=t,b=3i");
    assertThat(p.fieldCount()).isEqualTo(3);
    assertThat(p.fieldName(0)).isEqualTo("a");
    assertThat(p.fieldValue(0)).isEqualTo(FieldValue.ofString("x"));
    assertThat(p.fieldName(1)).isEqualTo("b");
    assertThat(p.fieldValue(1)).isEqualTo(FieldValue.ofInteger(3));
    assertThat(p.fieldName(2)).isEqualTo("c");
  }

  @Test
  void several_spaces_between_parts_and_at_the_end_are_allowed() {
    Point p = one("m,t=v   f=1,g=2   1234   ");
    assertThat(p.tag("t")).isEqualTo("v");
    assertThat(p.fieldCount()).isEqualTo(2);
    assertThat(p.timestampNanos()).isEqualTo(1234);
    assertThat(one("m f=1   ").timestampNanos()).isEqualTo(NOW);
  }

  @Test
  void leading_spaces_and_tabs_are_skipped() {
    assertThat(one("  \t m f=1").measurement()).isEqualTo("m");
  }

  @Test
  void empty_lines_comments_and_crlf_are_skipped_and_still_counted() {
    String body =
        "# header comment\r\n"
            + "\r\n"
            + "   \t \n"
            + "m f=1 1\r\n"
            + "   # indented comment\n"
            + "#m f=2 2\n"
            + "m f=\"x\" 3\r\n"
            + "bad\r\n"
            + "m f=4i\r\n";
    ParseResult result = new LineProtocolParser().parse(body, Precision.NS, NOW);
    assertThat(result.points()).extracting(Point::timestampNanos).containsExactly(1L, 3L, NOW);
    assertThat(result.points().get(1).field("f").stringValue()).isEqualTo("x");
    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).line()).isEqualTo(8);
    assertThat(result.errors().get(0).text()).isEqualTo("bad");
  }

  @Test
  void a_body_without_a_final_newline_and_an_empty_body_are_fine() {
    LineProtocolParser parser = new LineProtocolParser();
    assertThat(parser.parse("m f=1\nm f=2", Precision.NS, NOW).points()).hasSize(2);
    assertThat(parser.parse("", Precision.NS, NOW).points()).isEmpty();
    assertThat(parser.parse("\n\n# only comments\n", Precision.NS, NOW).ok()).isTrue();
  }

  @Test
  void a_slice_of_a_byte_array_is_parsed_alone() {
    byte[] bytes = "garbage|m f=1 7|garbage".getBytes(StandardCharsets.UTF_8);
    ParseResult result = new LineProtocolParser().parse(bytes, 8, 7, Precision.NS, NOW);
    assertThat(result.errors()).isEmpty();
    assertThat(result.points()).singleElement().extracting(Point::timestampNanos).isEqualTo(7L);
  }

  @ParameterizedTest
  @CsvSource({
    "NS,1609459200123456789,1609459200123456789",
    "US,1609459200123456,1609459200123456000",
    "MS,1609459200123,1609459200123000000",
    "S,1609459200,1609459200000000000",
    "M,26824320,1609459200000000000",
    "H,447072,1609459200000000000",
    "S,-1,-1000000000",
    "NS,9223372036854775806,9223372036854775806",
    "NS,-9223372036854775806,-9223372036854775806",
    "S,9223372036,9223372036000000000",
    "S,-9223372036,-9223372036000000000",
  })
  void timestamps_are_converted_from_each_precision_to_nanoseconds(
      Precision precision, String time, long nanos) {
    assertThat(one("m f=1 " + time, precision).timestampNanos()).isEqualTo(nanos);
  }

  @Test
  void timestamps_of_every_length_and_with_leading_zeros_are_read() {
    java.util.Random random = new java.util.Random(3);
    StringBuilder body = new StringBuilder();
    List<Long> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      int length = 1 + i % 19;
      StringBuilder digits = new StringBuilder();
      for (int d = 0; d < length; d++) {
        digits.append((char) ('0' + random.nextInt(d == 0 && length == 19 ? 9 : 10)));
      }
      String time = (i % 3 == 0 ? "-" : "") + (i % 5 == 0 ? "000" : "") + digits;
      expected.add(Long.parseLong(time));
      body.append("m f=1 ").append(time).append(i % 2 == 0 ? " \n" : "\n");
    }
    ParseResult result = new LineProtocolParser().parse(body.toString(), Precision.NS, NOW);
    assertThat(result.errors()).isEmpty();
    assertThat(result.points())
        .extracting(Point::timestampNanos)
        .containsExactlyElementsOf(expected);
  }

  @ParameterizedTest
  @CsvSource({
    "NS,1700000000123456789",
    "US,1700000000123456000",
    "MS,1700000000123000000",
    "S,1700000000000000000",
    "H,1699999200000000000",
  })
  void a_point_without_time_gets_now_rounded_down_to_the_precision(Precision precision, long at) {
    assertThat(one("m f=1", precision).timestampNanos()).isEqualTo(at);
  }

  @Test
  void one_parser_reused_for_points_of_changing_shapes_keeps_each_point_right() {
    LineProtocolParser parser = new LineProtocolParser();
    String body = "m,a=1,b=2 x=1,y=2i\nm,a=1,c=3 x=1,z=\"s\"\nm,a=1,b=2 x=1,y=2\nn x=1";
    for (int round = 0; round < 3; round++) {
      List<Point> points = parser.parse(body, Precision.NS, NOW).points();
      assertThat(points).hasSize(4);
      assertThat(points.get(0).toLineProtocol()).isEqualTo("m,a=1,b=2 x=1.0,y=2i " + NOW);
      assertThat(points.get(1).toLineProtocol()).isEqualTo("m,a=1,c=3 x=1.0,z=\"s\" " + NOW);
      assertThat(points.get(2).toLineProtocol()).isEqualTo("m,a=1,b=2 x=1.0,y=2.0 " + NOW);
      assertThat(points.get(3).toLineProtocol()).isEqualTo("n x=1.0 " + NOW);
    }
  }

  @Test
  void names_that_start_like_the_previous_lines_names_are_read_whole() {
    String body =
        "m,t=abc f=1\n"
            + "m,t=abcd f=1\n"
            + "m,t=ab f=1\n"
            + "m,t=ab\\ c f=1\n"
            + "m,t=abcdefghijklmnopq f=1\n"
            + "m,t=abcdefghijklmnopr f=1\n"
            + "mm,t=abc f=1\n"
            + "m=,t=abc f=1\n"
            + "m,t=abcdefghijkl f=1\n"
            + "m,t=abcdefghijkm f=1\n"
            + "m f=1,t=2\n";
    List<Point> points = new LineProtocolParser().parse(body, Precision.NS, NOW).points();
    assertThat(points)
        .extracting(p -> p.measurement() + "/" + p.tag("t"))
        .containsExactly(
            "m/abc",
            "m/abcd",
            "m/ab",
            "m/ab c",
            "m/abcdefghijklmnopq",
            "m/abcdefghijklmnopr",
            "mm/abc",
            "m=/abc",
            "m/abcdefghijkl",
            "m/abcdefghijkm",
            "m/null");
    assertThat(points.get(10).fieldName(1)).isEqualTo("t");
  }

  @Test
  void many_distinct_tag_values_beyond_the_cache_are_all_read_right() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 20_000; i++) {
      body.append("m,sensor=S").append(i).append(" v=").append(i).append("i\n");
    }
    List<Point> points =
        new LineProtocolParser().parse(body.toString(), Precision.NS, NOW).points();
    assertThat(points).hasSize(20_000);
    for (int i = 0; i < points.size(); i++) {
      assertThat(points.get(i).tag("sensor")).isEqualTo("S" + i);
      assertThat(points.get(i).field("v").longValue()).isEqualTo(i);
    }
  }
}
