package org.aqmrg.readings;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FieldTest {
  @Test
  void every_field_is_found_by_its_key_and_nothing_else_is() {
    for (Field field : Field.values()) {
      assertThat(Field.of(field.key())).contains(field);
      assertThat(Field.known(field.key())).isSameAs(field);
      assertThat(Field.of(field.key().toUpperCase(java.util.Locale.ROOT))).isEmpty();
      assertThat(Field.known(field.key().toUpperCase(java.util.Locale.ROOT))).isNull();
    }
    assertThat(Field.of("pm2.5")).isEmpty();
    assertThat(Field.known("pm2.5")).isNull();
    assertThat(Field.of("")).isEmpty();
  }
}
