package org.aqmrg.readings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a history query accepts, and the order of raw readings. */
class QueryTest {
  private static final Instant T = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void sensors_and_fields_are_made_distinct_and_fields_put_in_the_measurements_order() {
    var query =
        new Query.Raw(
            List.of("b", "a", "b"),
            T,
            T.plusSeconds(1),
            List.of(Field.O3, Field.PM25, Field.O3),
            10,
            Optional.empty());

    assertThat(query.sensorIds()).containsExactly("b", "a");
    assertThat(query.fields()).containsExactly(Field.PM25, Field.O3);
  }

  @Test
  void what_no_store_can_answer_is_refused_naming_the_part() {
    List<Field> pm25 = List.of(Field.PM25);
    assertThatThrownBy(() -> new Query.Raw(List.of("s"), T, T, pm25, 1, Optional.empty()))
        .hasMessageContaining("from must be before to");
    assertThatThrownBy(
            () -> new Query.Raw(List.of(), T, T.plusSeconds(1), pm25, 1, Optional.empty()))
        .hasMessageContaining("1 to 1000 sensors");
    assertThatThrownBy(
            () -> new Query.Raw(List.of("s"), T, T.plusSeconds(1), List.of(), 1, Optional.empty()))
        .hasMessageContaining("at least one field");
    assertThatThrownBy(
            () -> new Query.Raw(List.of("s"), T, T.plusSeconds(1), pm25, 0, Optional.empty()))
        .hasMessageContaining("limit");
    assertThatThrownBy(
            () ->
                new Query.Windowed(
                    List.of("s"),
                    T,
                    T.plusSeconds(1),
                    pm25,
                    Duration.ofMillis(1500),
                    Query.Aggregate.MEAN))
        .hasMessageContaining("whole seconds");
  }

  @Test
  void windows_start_at_multiples_of_their_length_since_the_epoch() {
    var hourly =
        new Query.Windowed(
            List.of("s"),
            T,
            T.plusSeconds(1),
            List.of(Field.PM25),
            Duration.ofHours(1),
            Query.Aggregate.MEAN);

    assertThat(hourly.windowStart(3_600_000_000_000L + 1)).isEqualTo(3_600_000_000_000L);
    assertThat(hourly.windowStart(-1)).isEqualTo(-3_600_000_000_000L);
  }

  @Test
  void positions_order_by_time_then_sensor_id_by_code_point() {
    var positions =
        new ArrayList<>(
            List.of(
                new Query.Position(2, "a"),
                new Query.Position(1, "\uFB01"),
                new Query.Position(1, "\uD83D\uDE00"),
                new Query.Position(1, "Z"),
                new Query.Position(1, "ab"),
                new Query.Position(1, "a")));
    positions.sort(null);

    assertThat(positions)
        .extracting(p -> p.timeNanos() + p.sensorId())
        .containsExactly("1Z", "1a", "1ab", "1\uFB01", "1\uD83D\uDE00", "2a");
  }
}
