package org.aqmrg.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.aqmrg.ingest.lineprotocol.LineProtocolParser;
import org.aqmrg.ingest.lineprotocol.Precision;
import org.junit.jupiter.api.Test;

class PointLinesTest {
  @Test
  void each_point_gets_the_number_of_the_line_it_came_from() {
    String body =
        "# header comment\r\n"
            + "air_quality,sensor_id=A pm25=1 1\r\n"
            + "\n"
            + "   \t\n"
            + "air_quality,sensor_id=A pm25=oops 2\n"
            + "  air_quality,sensor_id=B pm25=2 3\n"
            + "   # indented comment\n"
            + "air_quality,sensor_id=C pm25=3 4";
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    var parsed = new LineProtocolParser().parse(bytes, 0, bytes.length, Precision.NS, 0);

    int[] lines =
        IngestService.pointLines(bytes, 0, bytes.length, parsed.errors(), parsed.points().size());

    assertThat(parsed.errors()).extracting(e -> e.line()).containsExactly(5);
    assertThat(lines).containsExactly(2, 6, 8);
    assertThat(parsed.points()).extracting(p -> p.tag("sensor_id")).containsExactly("A", "B", "C");
  }
}
