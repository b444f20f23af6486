package org.aqmrg.ingest.lineprotocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PointLinesTest {
  private static final String BODY =
      "# header comment\r\n"
          + "air_quality,sensor_id=A pm25=1 1\r\n"
          + "\n"
          + "   \t\n"
          + "air_quality,sensor_id=A pm25=oops 2\n"
          + "  air_quality,sensor_id=B pm25=2 3\n"
          + "   # indented comment\n"
          + "air_quality,sensor_id=C pm25=3 4";

  @Test
  void each_point_gets_the_number_of_the_line_it_came_from() {
    byte[] bytes = BODY.getBytes(StandardCharsets.UTF_8);

    var parsed = new LineProtocolParser().parse(bytes, 0, bytes.length, Precision.NS, 0);

    assertThat(parsed.errors()).extracting(LineError::line).containsExactly(5);
    assertThat(IntStream.range(0, parsed.points().size()).map(parsed::line))
        .containsExactly(2, 6, 8);
    assertThat(parsed.points()).extracting(p -> p.tag("sensor_id")).containsExactly("A", "B", "C");
    assertThat(parsed.lines()).isEqualTo(8);
  }

  @Test
  void a_part_of_a_body_is_counted_from_its_own_first_line() {
    String head = "air_quality,sensor_id=X pm25=1 1\n\n";
    byte[] bytes = (head + BODY + "\n").getBytes(StandardCharsets.UTF_8);
    int from = head.length();

    var parsed = new LineProtocolParser().parse(bytes, from, bytes.length - from, Precision.NS, 0);

    assertThat(IntStream.range(0, parsed.points().size()).map(parsed::line))
        .containsExactly(2, 6, 8);
    assertThat(parsed.lines()).as("a final newline ends the last line").isEqualTo(8);
  }

  @Test
  void many_points_grow_the_line_numbers_with_them() {
    var body = new StringBuilder();
    for (int i = 0; i < 3_000; i++) {
      body.append(i % 3 == 0 ? "\n" : "air_quality,sensor_id=A pm25=1 " + i + "\n");
    }

    var parsed = new LineProtocolParser().parse(body.toString(), Precision.NS, 0);

    assertThat(parsed.points()).hasSize(2_000);
    assertThat(parsed.line(0)).isEqualTo(2);
    assertThat(parsed.line(1_999)).isEqualTo(3_000);
    assertThat(parsed.lines()).isEqualTo(3_000);
  }
}
