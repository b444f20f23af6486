package org.aqmrg.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SensorIdTest {
  private static final Pattern DOCUMENTED = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

  @Test
  void sensor_ids_are_1_to_100_of_letters_digits_dot_underscore_colon_and_hyphen() {
    assertThat(Validator.isSensorId("LAG-IKJ-001")).isTrue();
    assertThat(Validator.isSensorId("a.b_c:d-9")).isTrue();
    assertThat(Validator.isSensorId("x".repeat(100))).isTrue();
    assertThat(Validator.isSensorId("x".repeat(101))).isFalse();
    assertThat(Validator.isSensorId("")).isFalse();
    assertThat(Validator.isSensorId("LAG IKJ")).isFalse();
    assertThat(Validator.isSensorId("x' OR 1=1 --")).isFalse();
    assertThat(Validator.isSensorId("Ọyọ")).isFalse();
  }

  @Test
  void the_loop_agrees_with_the_documented_pattern_on_every_character() {
    for (char c = 0; c < 0x3000; c++) {
      String id = "a" + c + "b";
      assertThat(Validator.isSensorId(id))
          .as("U+%04X", (int) c)
          .isEqualTo(DOCUMENTED.matcher(id).matches());
    }
  }
}
