package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.error.InvalidInputException;

/**
 * The history API's query parameters under Jazzer: any values of the known names (and unknown
 * names) give parameters or a 400 naming the parameter; never another exception.
 */
class HistoryParamsFuzzTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-25T14:00:00Z"), ZoneOffset.UTC);
  private static final List<String> NAMES =
      List.of("from", "to", "every", "fn", "scale", "fields", "format", "limit", "cursor", "x");

  @FuzzTest(maxDuration = "4s")
  void any_parameters_give_a_query_or_a_400_naming_one(FuzzedDataProvider data) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    int count = data.consumeInt(0, 6);
    for (int i = 0; i < count; i++) {
      query.put(data.pickValue(NAMES), List.of(data.consumeString(40)));
    }
    try {
      HistoryParams params = HistoryParams.of(query, CLOCK);
      // the store query of raw readings and of windows computed from them; rollups read apart
      if (params.window().source().equals("raw")) {
        assertThat(params.query(List.of("LAG-1"))).isNotNull();
      }
    } catch (ApiException e) {
      assertThat(e.status()).isEqualTo(400);
    } catch (InvalidInputException e) {
      assertThat(e.details()).isNotEmpty();
    }
  }
}
