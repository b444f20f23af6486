package org.aqmrg.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.aqmrg.ingest.IngestService;
import org.junit.jupiter.api.Test;

class JsonReadingsTest {
  private static final Instant NOW = Instant.parse("2026-11-25T14:10:00Z");
  private final JsonReadings readings = new JsonReadings(WebApp.objectMapper());

  /** Every reading below has this many characters. */
  private static final int N = reading("S-1", 1).length();

  private static String reading(String sensor, int pm25) {
    return "{\"sensor_id\":\"" + sensor + "\",\"fields\":{\"pm25\":" + pm25 + "}}";
  }

  private JsonReadings.Items read(String body, boolean ndjson) {
    return readings.read(body.getBytes(StandardCharsets.UTF_8), ndjson, NOW);
  }

  private ApiException refusal(String body) {
    return catchThrowableOfType(ApiException.class, () -> read(body, false));
  }

  @Test
  void two_objects_in_a_row_are_refused_with_where_the_first_ended_and_nothing_read() {
    String first = reading("S-1", 1);
    var refused = refusal(first + "\n" + reading("S-2", 2));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("invalid_json");
    assertThat(refused.getMessage())
        .contains("more than one JSON document")
        .contains("the first ends at line 1, column " + first.length())
        .contains("another starts at line 2, column 1")
        .contains("nothing was stored")
        .contains("application/x-ndjson");
    assertThat(refused.details())
        .containsEntry("first_document_ends", Map.of("line", 1, "column", first.length()))
        .containsEntry("next_document_starts", Map.of("line", 2, "column", 1))
        .containsEntry("written", 0);
  }

  @Test
  void two_arrays_in_a_row_are_refused_with_where_the_first_ended() {
    var refused = refusal("[" + reading("S-1", 1) + "]  [" + reading("S-2", 2) + "]");

    assertThat(refused.getMessage())
        .contains("the first ends at line 1, column " + (N + 2))
        .contains("another starts at line 1, column " + (N + 5));
  }

  @Test
  void text_after_the_document_is_refused_with_where_it_starts() {
    var garbage = refusal(reading("S-1", 1) + "\n  xyz");
    var scalar = refusal(reading("S-1", 1) + " 5");
    var bracket = refusal("[" + reading("S-1", 1) + "]]");

    assertThat(garbage.getMessage())
        .startsWith("unexpected text after the JSON document at line 2, column 3")
        .contains("nothing was stored");
    assertThat(garbage.details()).containsEntry("line", 2).containsEntry("column", 3);
    assertThat(scalar.details()).containsEntry("line", 1).containsEntry("column", N + 2);
    assertThat(bracket.details()).containsEntry("line", 1).containsEntry("column", N + 3);
  }

  @Test
  void white_space_after_the_document_is_fine() {
    var items = read(" \r\n" + reading("S-1", 1) + " \t\r\n\n", false);

    assertThat(items.points()).hasSize(1);
    assertThat(items.rejected()).isEmpty();
  }

  @Test
  void a_property_given_twice_is_refused_by_name_at_any_depth() {
    var item = refusal("{\"sensor_id\":\"S-1\",\"sensor_id\":\"S-2\",\"fields\":{\"pm25\":1}}");
    var field = refusal("{\"sensor_id\":\"S-1\",\"fields\":{\"pm25\":1,\"pm25\":2}}");

    assertThat(item.getMessage()).contains("sensor_id").containsIgnoringCase("duplicate");
    assertThat(field.getMessage()).contains("'pm25'").containsIgnoringCase("duplicate");
    assertThat(field.details()).containsEntry("line", 1);
  }

  @Test
  void an_unknown_property_of_an_item_is_refused_by_name() {
    var items =
        read("[" + reading("S-1", 1) + ",{\"sensor\":\"S-1\",\"fields\":{\"pm25\":1}}]", false);

    assertThat(items.points()).hasSize(1);
    assertThat(items.rejected())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.line()).isEqualTo(2);
              assertThat(r.reason()).startsWith("unknown property 'sensor'");
            });
  }

  @Test
  void newline_delimited_json_gives_one_item_a_line_numbered_by_line() {
    String body =
        reading("S-1", 1)
            + "\n\n"
            + reading("S-2", 2)
            + "\r\n"
            + "["
            + reading("S-3", 3)
            + "]\n"
            + reading("S-4", 4)
            + " "
            + reading("S-5", 5)
            + "\n"
            + reading("S-6", 6)
            + " x\n"
            + "{\"sensor_id\":\"S-7\",\"fields\":{\"pm25\":1,\"pm25\":2}}\n"
            + "{\"sensor_id\":\n"
            + reading("S-8", 8);

    var items = read(body, true);

    assertThat(items.unit()).isEqualTo("line");
    assertThat(items.points()).extracting(IngestService.Numbered::line).containsExactly(1, 3, 9);
    assertThat(items.rejected())
        .extracting(IngestService.Rejection::line)
        .containsExactly(4, 5, 6, 7, 8);
    var reasons = items.rejected().stream().map(IngestService.Rejection::reason).toList();
    assertThat(reasons.get(0)).isEqualTo("each line must be one reading object");
    assertThat(reasons.get(1))
        .isEqualTo(
            "a second JSON document starts at column "
                + (N + 2)
                + " (the first ends at column "
                + N
                + "): one reading a line");
    assertThat(items.rejected().get(1).column()).isEqualTo(N + 2);
    assertThat(reasons.get(2))
        .isEqualTo("unexpected text after the JSON document at column " + (N + 2));
    assertThat(reasons.get(3)).contains("'pm25'").containsIgnoringCase("duplicate");
    assertThat(reasons.get(4)).startsWith("not valid JSON at column");
  }

  @Test
  void newline_delimited_json_without_a_reading_is_refused() {
    var refused = catchThrowableOfType(ApiException.class, () -> read(" \n\n", true));

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.getMessage()).contains("no reading");
  }

  @Test
  void the_ndjson_media_type_is_recognised_with_parameters_and_in_any_case() {
    assertThat(JsonReadings.isNdjson("application/x-ndjson")).isTrue();
    assertThat(JsonReadings.isNdjson("Application/X-NDJSON; charset=utf-8")).isTrue();
    assertThat(JsonReadings.isNdjson("application/json")).isFalse();
    assertThat(JsonReadings.isNdjson(null)).isFalse();
  }

  @Test
  void columns_count_characters_not_bytes() {
    String first = "{\"sensor_id\":\"S-1\",\"location\":\"Ikéja 🌫\",\"fields\":{\"pm25\":1}}";
    var refused = refusal(first + "x");

    assertThat(refused.details())
        .containsEntry("column", first.codePointCount(0, first.length()) + 1);
  }
}
