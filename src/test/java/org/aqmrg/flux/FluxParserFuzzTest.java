package org.aqmrg.flux;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;
import org.aqmrg.error.InvalidInputException;

/**
 * The Flux lexer, parser and compiler under Jazzer: any text gives pipelines, or a 400 with its
 * place ({@code error @l:c-l:c}), or InfluxDB's unknown bucket; never another exception.
 */
class FluxParserFuzzTest {
  private static final Instant NOW = Instant.parse("2026-11-25T14:00:00Z");

  @FuzzTest(maxDuration = "4s")
  void any_text_compiles_or_is_refused_with_its_place(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      assertThat(Compiler.compile(Parser.parse(text), NOW)).isNotEmpty();
    } catch (InvalidInputException e) {
      assertThat(e.getMessage()).startsWith("error @");
    } catch (UnknownBucketException e) {
      assertThat(e.getMessage()).contains("could not find bucket");
    }
  }
}
