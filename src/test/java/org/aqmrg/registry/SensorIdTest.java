package org.aqmrg.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import org.aqmrg.error.InvalidInputException;
import org.junit.jupiter.api.Test;

class SensorIdTest {
  /** The rule as docs/API.md states it. */
  private static final Pattern DOCUMENTED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:~-]{0,99}");

  @Test
  void sensor_ids_are_1_to_100_letters_digits_and_separators_starting_with_a_letter_or_digit() {
    assertThat(SensorId.isValid("LAG-IKJ-001")).isTrue();
    assertThat(SensorId.isValid("a.b_c:d-9~x")).isTrue();
    assertThat(SensorId.isValid("x".repeat(100))).isTrue();
    assertThat(SensorId.isValid("x".repeat(101))).isFalse();
    assertThat(SensorId.isValid("")).isFalse();
    assertThat(SensorId.isValid(null)).isFalse();
    assertThat(SensorId.isValid("-LAG")).isFalse();
    assertThat(SensorId.isValid("~LAG")).isFalse();
    assertThat(SensorId.isValid("LAG IKJ")).isFalse();
    assertThat(SensorId.isValid("x' OR 1=1 --")).isFalse();
    assertThat(SensorId.isValid("Ọyọ")).isFalse();
  }

  @Test
  void the_loop_agrees_with_the_documented_pattern_on_every_character_in_every_place() {
    for (char c = 0; c < 0x3000; c++) {
      for (String id : new String[] {"a" + c + "b", c + "b", "a" + c}) {
        assertThat(SensorId.isValid(id))
            .as("%s with U+%04X", id, (int) c)
            .isEqualTo(DOCUMENTED.matcher(id).matches());
      }
    }
  }

  @Test
  void a_bad_id_is_refused_naming_the_field_and_the_rule() {
    assertThatThrownBy(() -> SensorId.check("bad id", "sensor_ids"))
        .isInstanceOfSatisfying(
            InvalidInputException.class,
            e -> assertThat(e.details()).containsEntry("field", "sensor_ids"))
        .hasMessageContaining(SensorId.RULE);
  }
}
