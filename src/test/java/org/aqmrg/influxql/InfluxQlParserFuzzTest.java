package org.aqmrg.influxql;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import org.aqmrg.error.InvalidInputException;

/**
 * The InfluxQL lexer and parser under Jazzer: any text gives statements or a 400 that says what is
 * wrong; never another exception.
 */
class InfluxQlParserFuzzTest {
  private static final Instant NOW = Instant.parse("2026-11-25T14:00:00Z");

  @FuzzTest(maxDuration = "4s")
  void any_text_parses_or_is_refused_with_a_message(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      assertThat(Parser.parse(text, NOW)).isNotEmpty();
    } catch (InvalidInputException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
