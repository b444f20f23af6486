package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Instant;

/**
 * The JSON and NDJSON readings body under Jazzer: whatever a client sends is read into items and
 * refusals, or refused whole with a 4xx that says why; never another exception.
 */
class JsonReadingsFuzzTest {
  private static final Instant NOW = Instant.parse("2026-11-25T14:00:00Z");
  private final JsonReadings readings = new JsonReadings(WebApp.objectMapper());

  @FuzzTest(maxDuration = "4s")
  void any_body_is_read_or_refused_with_a_4xx(FuzzedDataProvider data) {
    boolean ndjson = data.consumeBoolean();
    byte[] body = data.consumeRemainingAsBytes();
    try {
      var items = readings.read(body, ndjson, NOW);
      assertThat(items).isNotNull();
    } catch (ApiException e) {
      assertThat(e.status()).as(e.getMessage()).isBetween(400, 499);
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
