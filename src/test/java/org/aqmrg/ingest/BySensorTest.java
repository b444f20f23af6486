package org.aqmrg.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.junit.jupiter.api.Test;

/** How the readings of a body are grouped by sensor and dealt into batches. */
class BySensorTest {
  private static Reading reading(String sensor, long second, double pm25) {
    return Reading.builder(sensor, second * 1_000_000_000L).set(Field.PM25, pm25).build();
  }

  @Test
  void each_sensor_stays_in_one_batch_in_arrival_order_and_the_batches_are_about_equal() {
    var readings = new ArrayList<Reading>();
    for (int i = 0; i < 40; i++) {
      readings.add(reading("S-" + (i % 4), i / 4, i));
    }
    readings.add(reading("S-2", 0, 999)); // sent again later: must stay after the first

    List<List<Reading>> batches = IngestService.bySensor(readings, 2);

    assertThat(batches).hasSize(2);
    assertThat(batches.get(0)).extracting(Reading::sensorId).containsOnly("S-0", "S-1");
    assertThat(batches.get(1)).extracting(Reading::sensorId).containsOnly("S-2", "S-3");
    var s2 = batches.get(1).stream().filter(r -> r.sensorId().equals("S-2")).toList();
    assertThat(s2).extracting(r -> r.value(Field.PM25)).startsWith(2.0).endsWith(999.0);
    assertThat(s2).hasSize(11);
    assertThat(batches.get(0)).extracting(r -> r.value(Field.PM25)).startsWith(0.0, 4.0, 8.0);
  }

  @Test
  void one_batch_groups_by_sensor_and_nothing_gives_one_empty_batch() {
    var readings =
        List.of(reading("B", 1, 1), reading("A", 1, 2), reading("B", 2, 3), reading("A", 2, 4));

    assertThat(IngestService.bySensor(readings, 1))
        .singleElement()
        .satisfies(
            batch ->
                assertThat(batch)
                    .extracting(r -> r.value(Field.PM25))
                    .containsExactly(1.0, 3.0, 2.0, 4.0));
    assertThat(IngestService.bySensor(List.of(), 2)).containsExactly(List.of());
    assertThat(IngestService.bySensor(List.of(reading("A", 1, 1)), 2)).hasSize(1);
  }

  @Test
  void the_newest_of_each_sensor_is_found_in_the_grouped_batches_late_data_and_ties_included() {
    var readings =
        List.of(
            reading("A", 5, 1),
            reading("B", 3, 2),
            reading("A", 2, 3), // late: older than A's first
            reading("C", 1, 4),
            reading("B", 3, 5), // same time as B's first: the later one wins
            reading("C", 9, 6));

    var newest = IngestService.newestOfEach(IngestService.bySensor(readings, 2));

    assertThat(newest)
        .extracting(r -> r.sensorId() + "=" + r.value(Field.PM25))
        .containsExactlyInAnyOrder("A=1.0", "B=5.0", "C=6.0");
    assertThat(IngestService.newestOfEach(IngestService.bySensor(List.of(), 1))).isEmpty();
  }

  @Test
  void a_large_body_is_cut_into_pieces_at_line_ends_and_a_small_one_not_at_all() {
    var body = new StringBuilder();
    for (int i = 0; body.length() < 3 * IngestService.SPLIT_BYTES; i++) {
      body.append("air_quality,sensor_id=S-")
          .append(i % 7)
          .append(" pm25=1 ")
          .append(i)
          .append('\n');
    }
    byte[] bytes = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);

    int[] cuts = IngestService.cutsBetweenLines(bytes);

    assertThat(cuts).hasSize(IngestService.PIECES + 1).startsWith(0).endsWith(bytes.length);
    for (int i = 1; i < cuts.length - 1; i++) {
      assertThat(cuts[i]).isGreaterThan(cuts[i - 1]);
      assertThat(bytes[cuts[i] - 1]).as("cut %d follows a newline", i).isEqualTo((byte) '\n');
    }
    assertThat(IngestService.cutsBetweenLines(new byte[IngestService.SPLIT_BYTES - 1])).isNull();
    byte[] oneLine = new byte[IngestService.SPLIT_BYTES * 2];
    java.util.Arrays.fill(oneLine, (byte) 'x');
    assertThat(IngestService.cutsBetweenLines(oneLine))
        .as("one long line is one piece")
        .containsExactly(0, oneLine.length);
  }
}
