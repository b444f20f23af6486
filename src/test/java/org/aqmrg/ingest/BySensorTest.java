package org.aqmrg.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.junit.jupiter.api.Test;

/** How the readings of a body are grouped by sensor to find the newest of each. */
class BySensorTest {
  private static Reading reading(String sensor, long second, double pm25) {
    return Reading.builder(sensor, second * 1_000_000_000L).set(Field.PM25, pm25).build();
  }

  @Test
  void readings_are_grouped_by_sensor_in_arrival_order() {
    var readings = new ArrayList<Reading>();
    for (int i = 0; i < 40; i++) {
      readings.add(reading("S-" + (i % 4), i / 4, i));
    }
    readings.add(reading("S-2", 0, 999)); // sent again later: must stay after the first

    List<Reading> grouped = IngestService.bySensor(readings);

    assertThat(grouped).hasSize(41);
    assertThat(grouped.subList(0, 10)).extracting(Reading::sensorId).containsOnly("S-0");
    var s2 = grouped.stream().filter(r -> r.sensorId().equals("S-2")).toList();
    assertThat(s2).extracting(r -> r.value(Field.PM25)).startsWith(2.0).endsWith(999.0);
    assertThat(grouped.subList(20, 31)).isEqualTo(s2);
  }

  @Test
  void one_sensor_and_nothing_stay_as_they_are() {
    var one = List.of(reading("A", 2, 1), reading("A", 1, 2));

    assertThat(IngestService.bySensor(one)).isSameAs(one);
    assertThat(IngestService.bySensor(List.of())).isEmpty();
    assertThat(
            IngestService.bySensor(
                List.of(reading("B", 1, 1), reading("A", 1, 2), reading("B", 2, 3))))
        .extracting(r -> r.value(Field.PM25))
        .containsExactly(1.0, 3.0, 2.0);
  }

  @Test
  void the_newest_of_each_sensor_is_found_late_data_and_ties_included() {
    var readings =
        List.of(
            reading("A", 5, 1),
            reading("B", 3, 2),
            reading("A", 2, 3), // late: older than A's first
            reading("C", 1, 4),
            reading("B", 3, 5), // same time as B's first: the later one wins
            reading("C", 9, 6));

    var newest = IngestService.newestOfEach(IngestService.bySensor(readings));

    assertThat(newest)
        .extracting(r -> r.sensorId() + "=" + r.value(Field.PM25))
        .containsExactlyInAnyOrder("A=1.0", "B=5.0", "C=6.0");
    assertThat(IngestService.newestOfEach(IngestService.bySensor(List.of()))).isEmpty();
  }
}
