package org.aqmrg.influxql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.aqmrg.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class EpochTest {
  @Test
  void each_unit_up_to_hours_rounds_down() {
    long nanos = 7_261_500_000_000L; // 2 h 1 min 1.5 s
    assertThat(Epoch.of("ns", Epoch.RFC3339).show(nanos)).isEqualTo(nanos);
    assertThat(Epoch.of("µ", Epoch.RFC3339).show(nanos)).isEqualTo(7_261_500_000L);
    assertThat(Epoch.of("ms", Epoch.RFC3339).show(nanos)).isEqualTo(7_261_500L);
    assertThat(Epoch.of("s", Epoch.RFC3339).show(nanos)).isEqualTo(7_261L);
    assertThat(Epoch.of("m", Epoch.RFC3339).show(nanos)).isEqualTo(121L);
    assertThat(Epoch.of("h", Epoch.RFC3339).show(nanos)).isEqualTo(2L);
    assertThat(Epoch.of(null, Epoch.RFC3339).show(0)).isEqualTo("1970-01-01T00:00:00Z");
  }

  @Test
  void days_weeks_and_other_text_are_refused_by_name() {
    for (String bad : new String[] {"d", "w", "sec", "1s"}) {
      assertThatThrownBy(() -> Epoch.of(bad, Epoch.RFC3339))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("epoch must be one of ns, u, µ, ms, s, m, h; got '" + bad + "'");
    }
  }
}
