package org.aqmrg.flux;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Cells as InfluxDB writes them: Go's shortest floats, RFC 3339 with trimmed fractions, quoting.
 */
class AnnotatedCsvTest {
  @Test
  void floats_are_the_shortest_text_that_reads_back_without_an_exponent() {
    assertThat(AnnotatedCsv.number(35.0)).isEqualTo("35");
    assertThat(AnnotatedCsv.number(35.2)).isEqualTo("35.2");
    assertThat(AnnotatedCsv.number(-0.1)).isEqualTo("-0.1");
    assertThat(AnnotatedCsv.number(1e21)).isEqualTo("1000000000000000000000");
    assertThat(AnnotatedCsv.number(1.5e-7)).isEqualTo("0.00000015");
    assertThat(AnnotatedCsv.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(AnnotatedCsv.number(Double.NaN)).isEqualTo("NaN");
    assertThat(AnnotatedCsv.number(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  @Test
  void times_carry_as_many_fractional_digits_as_they_need() {
    assertThat(AnnotatedCsv.time(Instant.parse("2026-12-01T00:00:00Z")))
        .isEqualTo("2026-12-01T00:00:00Z");
    assertThat(AnnotatedCsv.time(Instant.parse("2026-12-01T09:05:07.500Z")))
        .isEqualTo("2026-12-01T09:05:07.5Z");
    assertThat(AnnotatedCsv.time(Instant.parse("2026-12-01T09:05:07.000000001Z")))
        .isEqualTo("2026-12-01T09:05:07.000000001Z");
    assertThat(AnnotatedCsv.time(Instant.parse("0099-01-01T00:00:00.120Z")))
        .isEqualTo("0099-01-01T00:00:00.12Z");
    for (long s = -5_000_000_000L; s < 200_000_000_000L; s += 7_777_777_777L) {
      Instant t = Instant.ofEpochSecond(s, s % 1_000_000_000L < 0 ? 0 : s % 1_000_000_000L);
      assertThat(Instant.parse(AnnotatedCsv.time(t))).isEqualTo(t);
    }
  }

  @Test
  void text_is_quoted_only_when_it_holds_a_comma_a_quote_or_a_line_break() {
    assertThat(AnnotatedCsv.escape("Ikeja")).isEqualTo("Ikeja");
    assertThat(AnnotatedCsv.escape("Ikeja, Lagos")).isEqualTo("\"Ikeja, Lagos\"");
    assertThat(AnnotatedCsv.escape("a\"b")).isEqualTo("\"a\"\"b\"");
  }
}
