package org.aqmrg.ingest.lineprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which field sets the parser marks as plain, to be passed on to InfluxDB as they came: plain
 * decimal floats by unescaped keys, each once. Everything else is written anew from the values.
 */
class PlainFieldSetTest {
  private static Point parse(String line) {
    var result = new LineProtocolParser().parse(line, Precision.NS, 0);
    assertThat(result.errors()).as(line).isEmpty();
    return result.points().get(0);
  }

  private static String fieldText(Point point) {
    return new String(
        point.plainSource(),
        point.plainFrom(),
        point.plainTo() - point.plainFrom(),
        StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pm25=35.2",
        "pm25=35.2,pm10=45.8,temperature=-4,humidity=100,co=0,no2=0.25,o3=999.99",
        "pm25=0",
        "pm25=-0.5",
        "pm25=12.000000000000000001",
        "temperature=-40"
      })
  void plain_decimals_are_kept_as_they_came(String fields) {
    var point = parse("air_quality,sensor_id=A " + fields + " 1700000000000000000");

    assertThat(point.plainFieldSet()).isTrue();
    assertThat(fieldText(point)).isEqualTo(fields);
  }

  @Test
  void the_field_set_ends_before_the_spaces_and_the_time_and_at_the_line_end_without_one() {
    var timed = parse("  air_quality,sensor_id=A pm25=1.5,pm10=2   42\r\n");
    var untimed = parse("air_quality pm25=1.5,pm10=2\n");

    assertThat(fieldText(timed)).isEqualTo("pm25=1.5,pm10=2");
    assertThat(fieldText(untimed)).isEqualTo("pm25=1.5,pm10=2");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pm25=35i",
        "pm25=35u",
        "pm25=1e3",
        "pm25=1.5E-2",
        "pm25=007",
        "pm25=01.5",
        "pm25=.5",
        "pm25=-.5",
        "pm25=1.",
        "pm25=t",
        "pm25=\"35.2\"",
        "pm\\ 25=1",
        "pm25=1,pm25=2",
        "pm25=1,pm10=2i"
      })
  void anything_else_is_written_anew_from_its_values(String fields) {
    var point = parse("air_quality,sensor_id=A " + fields + " 1700000000000000000");

    assertThat(point.plainFieldSet()).as(fields).isFalse();
    assertThat(point.plainSource()).isNull();
  }

  @Test
  void a_point_built_from_values_has_no_text() {
    var point =
        Point.of(
            "air_quality",
            java.util.Map.of("sensor_id", "A"),
            java.util.Map.of("pm25", FieldValue.ofFloat(1.5)),
            1);

    assertThat(point.plainFieldSet()).isFalse();
  }

  @Test
  void a_line_after_a_plain_one_is_judged_on_its_own() {
    var result =
        new LineProtocolParser()
            .parse(
                "air_quality,sensor_id=A pm25=1.5 1\n"
                    + "air_quality,sensor_id=A pm25=2i 2\n"
                    + "air_quality,sensor_id=A pm25=2.5 3\n",
                Precision.NS,
                0);

    assertThat(result.points()).extracting(Point::plainFieldSet).containsExactly(true, false, true);
  }

  @Test
  void numbers_are_read_without_building_field_values_and_other_kinds_are_refused() {
    var point = parse("m f=1.5,i=-3i,u=18446744073709551615u,small=7u,b=true,s=\"x\" 1");

    assertThat(point.fieldNumber(0)).isEqualTo(1.5);
    assertThat(point.fieldNumber(1)).isEqualTo(-3.0);
    assertThat(point.fieldNumber(2)).isEqualTo(18446744073709551615.0);
    assertThat(point.fieldNumber(3)).isEqualTo(7.0);
    assertThat(point.fieldKind(4)).isEqualTo(FieldValue.Kind.BOOLEAN);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> point.fieldNumber(5))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'s'");
  }
}
