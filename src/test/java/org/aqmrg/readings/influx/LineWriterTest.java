package org.aqmrg.readings.influx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.FieldText;
import org.aqmrg.readings.Reading;
import org.junit.jupiter.api.Test;

class LineWriterTest {
  private static String line(Reading reading) {
    return new String(LineWriter.render(List.of(reading), false).body(), StandardCharsets.UTF_8);
  }

  @Test
  void every_value_comes_back_exactly_when_influxdb_parses_its_text() {
    var random = new java.util.Random(20261125);
    var readings = new ArrayList<Reading>();
    for (int i = 0; i < 20_000; i++) {
      double value =
          switch (i % 4) {
            case 0 -> Math.round(random.nextDouble() * 10_000) / 10.0;
            case 1 -> random.nextDouble() * 1000;
            case 2 -> Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL);
            default -> -random.nextGaussian() * 1e-7;
          };
      readings.add(
          Reading.builder("s" + (i % 3), i * 1_000_000_007L).set(Field.PM25, value).build());
    }

    var body = LineWriter.render(readings, false).body();
    var lines = new String(body, StandardCharsets.UTF_8).lines().toList();

    assertThat(lines).hasSize(readings.size());
    for (int i = 0; i < lines.size(); i++) {
      String[] parts = lines.get(i).split(" ");
      assertThat(Double.parseDouble(parts[1].substring("pm25=".length())))
          .isEqualTo(readings.get(i).value(Field.PM25));
      assertThat(Long.parseLong(parts[2])).isEqualTo(readings.get(i).timeNanos());
    }
  }

  @Test
  void fields_sent_as_plain_text_are_copied_as_they_came_after_the_registry_tags() {
    byte[] body = "xx pm25=35.20,temperature=-4 yy".getBytes(StandardCharsets.UTF_8);
    var sent =
        Reading.builder("LAG-1", 7)
            .location("Ikeja")
            .set(Field.PM25, 35.2)
            .set(Field.TEMPERATURE, -4)
            .fieldText(new FieldText(body, 3, 28))
            .build();
    var written = Reading.builder("LAG-1", 8).location("Ikeja").set(Field.PM25, 35.2).build();

    assertThat(line(sent))
        .as("the text as sent, not 35.2 and -4.0")
        .isEqualTo("air_quality,location=Ikeja,sensor_id=LAG-1 pm25=35.20,temperature=-4 7\n");
    assertThat(line(written)).isEqualTo("air_quality,location=Ikeja,sensor_id=LAG-1 pm25=35.2 8\n");
    assertThat(sent.withoutFieldText()).isEqualTo(sent);
    assertThat(line(sent.withoutFieldText()))
        .as("without the text the values are written anew")
        .isEqualTo("air_quality,location=Ikeja,sensor_id=LAG-1 pm25=35.2,temperature=-4.0 7\n");
    assertThat(line(sent.withTags("Yaba", null)))
        .as("new tags keep the text")
        .isEqualTo("air_quality,location=Yaba,sensor_id=LAG-1 pm25=35.20,temperature=-4 7\n");
  }

  @Test
  void sensors_that_change_tags_within_a_body_get_their_own_tags_on_each_line() {
    var first = Reading.builder("s1", 1).location("Ikeja").set(Field.PM25, 1).build();
    var moved = Reading.builder("s1", 2).location("Yaba").set(Field.PM25, 2).build();
    var other = Reading.builder("s2", 3).location("Lekki Phase 1").set(Field.PM25, 3).build();

    String body =
        new String(
            LineWriter.render(List.of(first, moved, other), false).body(), StandardCharsets.UTF_8);

    assertThat(body)
        .isEqualTo(
            "air_quality,location=Ikeja,sensor_id=s1 pm25=1.0 1\n"
                + "air_quality,location=Yaba,sensor_id=s1 pm25=2.0 2\n"
                + "air_quality,location=Lekki\\ Phase\\ 1,sensor_id=s2 pm25=3.0 3\n");
  }

  @Test
  void a_full_reading_is_one_line_with_sorted_tags_float_fields_and_nanoseconds() {
    var reading =
        Reading.builder("LAG-IKJ-001", 1764072000000000123L)
            .location("Ikeja")
            .manufacturer("PurpleAir")
            .set(Field.PM25, 35.2)
            .set(Field.PM10, 45.8)
            .set(Field.TEMPERATURE, 28.5)
            .set(Field.HUMIDITY, 78)
            .set(Field.CO, 0.6)
            .set(Field.NO2, 21.4)
            .set(Field.O3, 18.9)
            .build();

    assertThat(line(reading))
        .isEqualTo(
            "air_quality,location=Ikeja,manufacturer=PurpleAir,sensor_id=LAG-IKJ-001"
                + " pm25=35.2,pm10=45.8,temperature=28.5,humidity=78.0,co=0.6,no2=21.4,o3=18.9"
                + " 1764072000000000123\n");
  }

  @Test
  void null_and_empty_tags_are_left_out_and_absent_fields_are_not_written() {
    var reading = Reading.builder("s1", 5).location("").set(Field.HUMIDITY, 55).build();

    assertThat(line(reading)).isEqualTo("air_quality,sensor_id=s1 humidity=55.0 5\n");
  }

  @Test
  void commas_spaces_and_equals_signs_are_escaped_and_backslashes_kept() {
    var reading =
        Reading.builder("x'; DROP --\" \\ ,= \t", -1)
            .location("Ikeja \"Computer Village\", 'Otigba'")
            .manufacturer("a\\b,c=d e")
            .set(Field.PM25, 1)
            .build();

    assertThat(line(reading))
        .isEqualTo(
            "air_quality,location=Ikeja\\ \"Computer\\ Village\"\\,\\ 'Otigba',"
                + "manufacturer=a\\b\\,c\\=d\\ e,sensor_id=x';\\ DROP\\ --\"\\ \\\\ \\,\\=\\ \t"
                + " pm25=1.0 -1\n");
  }

  @Test
  void very_small_and_large_values_use_exponents_that_influxdb_reads() {
    var reading = Reading.builder("s", 1).set(Field.CO, 1e-5).set(Field.NO2, 1e10).build();

    assertThat(line(reading)).isEqualTo("air_quality,sensor_id=s co=1.0E-5,no2=1.0E10 1\n");
  }

  @Test
  void a_newline_in_a_tag_is_refused_naming_the_sensor() {
    var reading = Reading.builder("LAG-1", 1).location("Ikeja\nYaba").set(Field.PM25, 1).build();

    assertThatThrownBy(() -> LineWriter.check(reading))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("location of sensor 'LAG-1'")
        .hasMessageContaining("newline");
  }

  @Test
  void a_tag_ending_with_a_backslash_a_reading_without_fields_and_nan_are_refused() {
    assertThatThrownBy(() -> LineWriter.check(Reading.builder("s\\", 1).set(Field.PM25, 1).build()))
        .hasMessageContaining("ends with a backslash");
    assertThatThrownBy(() -> LineWriter.check(Reading.builder("s", 1).build()))
        .hasMessageContaining("has no fields");
    assertThatThrownBy(
            () -> LineWriter.check(Reading.builder("s", 1).set(Field.O3, Double.NaN).build()))
        .hasMessageContaining("o3 = NaN");
  }

  @Test
  void checking_a_batch_looks_at_every_reading_even_after_one_with_the_same_tags() {
    var good = Reading.builder("LAG-1", 1).location("Ikeja").set(Field.PM25, 1).build();
    var sameTagsNaN =
        Reading.builder(good.sensorId(), 2)
            .location(good.location())
            .set(Field.PM25, Double.NaN)
            .build();
    var movedBadly =
        Reading.builder(good.sensorId(), 3).location("Ikeja\nYaba").set(Field.PM25, 1).build();
    var sameTagsFine = good.withTags(good.location(), null);

    LineWriter.checkAll(List.of(good, sameTagsFine));
    List<Reading> nan = List.of(good, sameTagsNaN);
    List<Reading> newline = List.of(good, movedBadly);
    assertThatThrownBy(() -> LineWriter.checkAll(nan)).hasMessageContaining("pm25 = NaN");
    assertThatThrownBy(() -> LineWriter.checkAll(newline)).hasMessageContaining("newline");
  }

  @Test
  void parts_hold_at_most_5000_lines_in_order() {
    var readings = readings(12_001);

    var parts = LineWriter.split(readings);

    assertThat(parts).extracting(List::size).containsExactly(5000, 5000, 2001);
    assertThat(parts.stream().flatMap(List::stream).toList()).isEqualTo(readings);
    assertThat(LineWriter.split(readings(999))).extracting(List::size).containsExactly(999);
    assertThat(LineWriter.split(List.of())).isEmpty();
  }

  @Test
  void a_part_renders_plain_or_gzip_compressed_to_the_same_lines() throws IOException {
    var readings = readings(2_001);

    var plain = LineWriter.render(readings, false);
    var gzipped = LineWriter.render(readings, true);

    String text = new String(plain.body(), StandardCharsets.UTF_8);
    String unzipped =
        new String(
            new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(plain.gzipped()).isFalse();
    assertThat(gzipped.gzipped()).isTrue();
    assertThat(plain.lines()).isEqualTo(2001);
    assertThat(unzipped).isEqualTo(text);
    assertThat(text.lines()).hasSize(2001);
    assertThat(text).startsWith(line(readings.get(0))).endsWith(line(readings.get(2000)));
  }

  private static List<Reading> readings(int count) {
    var readings = new ArrayList<Reading>();
    for (int i = 0; i < count; i++) {
      readings.add(Reading.builder("s" + (i % 7), i).set(Field.PM25, i).build());
    }
    return readings;
  }
}
