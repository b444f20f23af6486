package org.aqmrg.readings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadingTest {
  @Test
  void a_builder_that_goes_on_after_building_does_not_change_what_it_built() {
    var builder = Reading.builder("s", 1).set(Field.PM25, 1);
    var first = builder.build();

    var second = builder.set(Field.PM25, 2).set(Field.CO, 3).build();
    builder.set(Field.PM25, 9);

    assertThat(first.value(Field.PM25)).isEqualTo(1.0);
    assertThat(first.has(Field.CO)).isFalse();
    assertThat(second.value(Field.PM25)).isEqualTo(2.0);
    assertThat(second.value(Field.CO)).isEqualTo(3.0);
  }
}
