package org.aqmrg.predictions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForecastParserTest {
  private static final Instant NOW = Instant.parse("2026-12-04T06:00:00Z");
  private static final String LOCATION = UUID.randomUUID().toString();
  private final ObjectMapper json = new ObjectMapper();
  private final ForecastParser parser = new ForecastParser();

  private static String good() {
    return "{\"location_id\":\""
        + LOCATION
        + "\",\"pollutant\":\"pm25\","
        + "\"target_time\":\"2026-12-04T09:00:00+01:00\",\"value\":35.5,\"lower\":30,\"upper\":41,"
        + "\"interval_level\":0.9,\"model_name\":\"xgb\",\"model_version\":\"1\","
        + "\"issued_at\":\"2026-12-04T05:00:00.1234567Z\"}";
  }

  private ForecastParser.Parsed parse(String body) throws Exception {
    return parser.parse(json.readTree(body), NOW);
  }

  @Test
  void a_good_item_is_read_with_offsets_to_utc_and_times_to_the_microsecond() throws Exception {
    var parsed = parse("[" + good() + "]");

    assertThat(parsed.refused()).isEmpty();
    Forecast f = parsed.items().get(0).forecast();
    assertThat(f.targetTime()).isEqualTo(Instant.parse("2026-12-04T08:00:00Z"));
    assertThat(f.issuedAt()).isEqualTo(Instant.parse("2026-12-04T05:00:00.123456Z"));
    assertThat(f.lower()).isEqualTo(30);
    assertThat(f.intervalLevel()).isEqualTo(0.9);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "\"location_id\":\"" + "x" + "\"|location_id|a location's UUID",
        "\"pollutant\":\"pm25\"|pollutant|unknown pollutant 'so4'",
        "\"target_time\":\"2026-12-04T09:00:00+01:00\"|target_time|RFC 3339",
        "\"value\":35.5|value|pm25 lies from",
        "\"lower\":30|lower|is above upper",
        "\"interval_level\":0.9|interval_level|between 0 and 1",
        "\"model_name\":\"xgb\"|model_name|non-empty string",
        "\"issued_at\":\"2026-12-04T05:00:00.1234567Z\"|issued_at|in the future",
      })
  void each_bad_property_is_refused_by_name(String original, String field, String reason)
      throws Exception {
    String bad =
        switch (field) {
          case "location_id" -> good().replace(LOCATION, "not-a-uuid");
          case "pollutant" -> good().replace(original, "\"pollutant\":\"so4\"");
          case "target_time" -> good().replace(original, "\"target_time\":\"04/12/2026 09:00\"");
          case "value" ->
              good().replace(original, "\"value\":-3").replace("\"lower\":30", "\"lower\":-5");
          case "lower" -> good().replace(original, "\"lower\":50");
          case "interval_level" -> good().replace(original, "\"interval_level\":90");
          case "model_name" -> good().replace(original, "\"model_name\":\"\"");
          default -> good().replace(original, "\"issued_at\":\"2026-12-05T00:00:00Z\"");
        };

    var parsed = parse("[" + good() + "," + bad + "]");

    assertThat(parsed.items()).hasSize(1);
    assertThat(parsed.refused()).hasSize(1);
    var refusal = parsed.refused().get(0);
    assertThat(refusal.index()).isEqualTo(1);
    assertThat(refusal.field()).isEqualTo(field);
    assertThat(refusal.reason()).contains(reason);
  }

  @Test
  void other_refusals_name_what_is_wrong() throws Exception {
    var parsed =
        parse(
            "[42, {\"extra\":1}, "
                + good().replace("\"value\":35.5", "\"value\":\"35\"")
                + ", "
                + good().replace(",\"upper\":41", "")
                + ", "
                + good().replace("\"value\":35.5", "\"value\":50")
                + ", "
                + good().replace("2026-12-04T09:00:00+01:00", "2025-11-01T00:00:00Z")
                + ", "
                + good().replace("\"pm25\"", "\"aqi\"").replace("\"value\":35.5", "\"value\":600")
                + "]");

    assertThat(parsed.items()).isEmpty();
    assertThat(parsed.refused())
        .extracting(r -> r.index() + ":" + r.field())
        .containsExactly(
            "0:null", "1:extra", "2:value", "3:upper", "4:value", "5:target_time", "6:value");
    assertThat(parsed.refused().get(4).reason()).contains("outside its interval [30.0, 41.0]");
    assertThat(parsed.refused().get(5).reason()).contains("365 days");
  }
}
