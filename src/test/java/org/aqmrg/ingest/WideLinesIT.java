package org.aqmrg.ingest;

import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.aqmrg.readings.Field;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Lines of many thousands of tags or fields posted to a running platform: each is refused at the
 * first tag or field past the limit, and the good lines around them are stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WideLinesIT {
  private ApiServer api;
  private String token;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

  @BeforeAll
  void start() throws SQLException {
    api = ApiServer.start("memory", Map.of());
    try (var connection = api.platform().database().dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute("INSERT INTO sensors (id, name, status) VALUES ('W-1', 'one', 'active')");
    }
    token =
        api.platform()
            .web()
            .tokens()
            .create(null, "gateway", List.of("write:readings"), List.of(), null)
            .secret();
  }

  @AfterAll
  void stop() {
    api.close();
  }

  private static long ns(Instant time) {
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }

  private static String good(Instant time, int pm25) {
    return "air_quality,sensor_id=W-1 pm25=" + pm25 + " " + ns(time) + "\n";
  }

  /** A line of {@code count} fields pm25, f1, f2, … */
  private static String manyFields(int count) {
    var line = new StringBuilder("air_quality,sensor_id=W-1 pm25=1");
    for (int i = 1; i < count; i++) {
      line.append(",f").append(i).append("=1");
    }
    return line.append('\n').toString();
  }

  /** A line of {@code count} tags sensor_id, t1, t2, … */
  private static String manyTags(int count) {
    var line = new StringBuilder("air_quality,sensor_id=W-1");
    for (int i = 1; i < count; i++) {
      line.append(",t").append(i).append("=v");
    }
    return line.append(" pm25=1\n").toString();
  }

  private HttpResponse<String> write(String body) throws Exception {
    var request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + api.port()
                        + "/api/v2/write?org=aqmrg&bucket=sensor_data&precision=ns"))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .header("Authorization", "Token " + token);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private long storedBetween(Instant from, Instant to) {
    return api.platform().readings().raw("W-1", from, to, 10_000).stream()
        .filter(r -> !r.time().isBefore(from) && r.time().isBefore(to) && r.has(Field.PM25))
        .count();
  }

  @Test
  void lines_of_100000_fields_or_tags_are_refused_by_the_limit_and_good_lines_stored()
      throws Exception {
    Instant t = now.minus(Duration.ofMinutes(30));
    String fields = manyFields(100_000);
    String tags = manyTags(100_000);
    String body =
        good(t, 1) + fields + good(t.plusSeconds(1), 2) + tags + good(t.plusSeconds(2), 3);

    var response = write(body);

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode details = json(response).get("details");
    assertThat(details.get("written").asInt()).isEqualTo(3);
    assertThat(details.get("refused").asInt()).isEqualTo(2);
    JsonNode first = details.get("errors").get(0);
    assertThat(first.get("line").asInt()).isEqualTo(2);
    assertThat(first.get("column").asInt()).isEqualTo(fields.indexOf(",f64=") + 2);
    assertThat(first.get("reason").asText())
        .isEqualTo("more than 64 fields: a line may have at most 64");
    JsonNode second = details.get("errors").get(1);
    assertThat(second.get("line").asInt()).isEqualTo(4);
    assertThat(second.get("column").asInt()).isEqualTo(tags.indexOf(",t64=") + 2);
    assertThat(second.get("reason").asText())
        .isEqualTo("more than 64 tags: a line may have at most 64");
    assertThat(json(response).get("message").asText())
        .startsWith("partial write: 2 line(s) refused, 3 reading(s) written; first: line 2:");
    assertThat(storedBetween(t, t.plusSeconds(3))).isEqualTo(3);
  }

  @Test
  void a_body_whose_every_line_is_refused_says_that_nothing_was_written() throws Exception {
    var response = write(manyFields(1_000) + manyTags(1_000));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("details").get("written").asInt()).isZero();
    assertThat(json(response).get("message").asText())
        .startsWith("nothing was written: 2 line(s) refused; first: line 1: more than 64 fields")
        .doesNotContain("partial");
  }

  @Test
  void a_body_made_of_wide_lines_is_answered_and_its_good_lines_stored() throws Exception {
    Instant t = now.minus(Duration.ofMinutes(20));
    var body = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      body.append(manyFields(100_000)).append(good(t.plusSeconds(i), i + 1));
      body.append(manyTags(50_000));
    }

    var response = write(body.toString());

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode details = json(response).get("details");
    assertThat(details.get("written").asInt()).isEqualTo(8);
    assertThat(details.get("refused").asInt()).isEqualTo(16);
    assertThat(details.get("errors").findValuesAsText("line"))
        .containsExactly(
            "1", "3", "4", "6", "7", "9", "10", "12", "13", "15", "16", "18", "19", "21", "22",
            "24");
    assertThat(storedBetween(t, t.plusSeconds(8))).isEqualTo(8);
  }
}
