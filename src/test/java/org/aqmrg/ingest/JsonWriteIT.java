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
import java.util.concurrent.atomic.AtomicInteger;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Hostile and newline-delimited bodies of {@code POST /api/v1/readings} through a running platform:
 * a body is stored whole, or refused with where it went wrong and nothing stored, or (one reading a
 * line) each good line stored and each bad one refused by its number.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JsonWriteIT {
  private ApiServer api;
  private String token;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  // Each test writes its own times, so that what one test stores never counts in another.
  private final AtomicInteger minutes = new AtomicInteger();

  @BeforeAll
  void start() throws SQLException {
    api = ApiServer.start("memory", Map.of());
    try (var connection = api.platform().database().dataSource().getConnection();
        var statement = connection.createStatement()) {
      statement.execute(
          "INSERT INTO sensors (id, name, status) VALUES ('J-1', 'one', 'active'),"
              + " ('J-2', 'two', 'active')");
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

  /** A time of its own for the caller, a few minutes ago. */
  private Instant time() {
    return now.minus(Duration.ofMinutes(10 + minutes.incrementAndGet()));
  }

  private static String reading(String sensor, Instant time, double pm25) {
    return "{\"sensor_id\":\"%s\",\"time\":\"%s\",\"fields\":{\"pm25\":%s}}"
        .formatted(sensor, time, pm25);
  }

  private HttpResponse<String> post(String body, String contentType) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.port() + "/api/v1/readings"))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .header("Authorization", "Token " + token)
            .header("Content-Type", contentType);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The readings stored at {@code time}, of either sensor. */
  private List<Reading> storedAt(Instant time) {
    var readings = api.platform().readings();
    var from = time.minusSeconds(1);
    var to = time.plusSeconds(1);
    return java.util.stream.Stream.concat(
            readings.raw("J-1", from, to, 100).stream(),
            readings.raw("J-2", from, to, 100).stream())
        .filter(r -> r.time().equals(time))
        .toList();
  }

  @Test
  void POST_readings_with_two_documents_is_refused_with_where_the_first_ended() throws Exception {
    Instant t = time();
    String first = reading("J-1", t, 11);

    var response = post(first + "\n" + reading("J-2", t, 12), "application/json");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode body = json(response);
    assertThat(body.get("code").asText()).isEqualTo("invalid_json");
    assertThat(body.get("message").asText())
        .contains("the first ends at line 1, column " + first.length())
        .contains("nothing was stored");
    assertThat(body.get("details").get("first_document_ends").get("line").asInt()).isEqualTo(1);
    assertThat(body.get("details").get("first_document_ends").get("column").asInt())
        .isEqualTo(first.length());
    assertThat(body.get("details").get("next_document_starts").get("line").asInt()).isEqualTo(2);
    assertThat(storedAt(t)).as("neither document is stored").isEmpty();
  }

  @Test
  void POST_readings_with_two_arrays_in_a_row_is_refused_and_stores_nothing() throws Exception {
    Instant t = time();

    var response =
        post("[" + reading("J-1", t, 1) + "][" + reading("J-2", t, 2) + "]", "application/json");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("message").asText()).contains("more than one JSON document");
    assertThat(storedAt(t)).isEmpty();
  }

  @Test
  void POST_readings_with_text_after_the_document_is_refused_with_where_it_starts()
      throws Exception {
    Instant t = time();
    String document = reading("J-1", t, 3);

    var garbage = post(document + " trailing", "application/json");
    var asNdjson = post(document + " trailing", "application/x-ndjson");

    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(json(garbage).get("message").asText())
        .startsWith("unexpected text after the JSON document at line 1, column ")
        .contains("nothing was stored");
    assertThat(json(garbage).get("details").get("column").asInt()).isEqualTo(document.length() + 2);
    assertThat(asNdjson.statusCode()).isEqualTo(400);
    assertThat(json(asNdjson).get("details").get("errors").get(0).get("column").asInt())
        .isEqualTo(document.length() + 2);
    assertThat(storedAt(t)).isEmpty();
  }

  @Test
  void POST_readings_as_ndjson_stores_every_line_and_counts_them() throws Exception {
    Instant t = time();
    String body =
        reading("J-1", t, 21) + "\n" + reading("J-2", t, 22) + "\n\n" + reading("J-1", t, 23);

    var response = post(body + "\n", "application/x-ndjson; charset=utf-8");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    assertThat(storedAt(t))
        .extracting(r -> r.sensorId() + "=" + r.value(Field.PM25))
        .containsExactlyInAnyOrder("J-1=23.0", "J-2=22.0");
  }

  @Test
  void POST_readings_as_ndjson_stores_the_good_lines_and_numbers_the_bad_by_line()
      throws Exception {
    Instant t = time();
    String body =
        String.join(
            "\n",
            reading("J-1", t, 31),
            "{\"sensor_id\":\"J-2\",\"fields\":{\"pm25\":1,\"pm25\":2}}",
            "not json",
            reading("J-2", t, 32));

    var response = post(body, "application/x-ndjson");

    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode details = json(response).get("details");
    assertThat(details.get("written").asInt()).isEqualTo(2);
    assertThat(details.get("refused").asInt()).isEqualTo(2);
    assertThat(details.get("errors").findValuesAsText("line")).containsExactly("2", "3");
    assertThat(details.get("errors").get(0).get("reason").asText()).contains("'pm25'");
    assertThat(json(response).get("message").asText())
        .startsWith("partial write: 2 line(s) refused, 2 reading(s) written");
    assertThat(storedAt(t)).hasSize(2);
  }

  @Test
  void POST_readings_with_a_property_given_twice_is_refused_naming_it() throws Exception {
    Instant t = time();
    String body =
        "{\"sensor_id\":\"J-1\",\"time\":\"%s\",\"fields\":{\"pm25\":5,\"pm10\":6,\"pm25\":7}}"
            .formatted(t);

    var response = post(body, "application/json");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("message").asText())
        .containsIgnoringCase("duplicate")
        .contains("'pm25'");
    assertThat(storedAt(t)).isEmpty();
  }

  @Test
  void POST_readings_refuses_an_unknown_property_and_an_unknown_field_by_name() throws Exception {
    Instant t = time();
    String body =
        "[{\"sensor_id\":\"J-1\",\"time\":\"%s\",\"colour\":\"red\",\"fields\":{\"pm25\":5}},"
                .formatted(t)
            + "{\"sensor_id\":\"J-2\",\"time\":\"%s\",\"fields\":{\"pm25\":5,\"dust\":9}}]"
                .formatted(t);

    var response = post(body, "application/json");

    assertThat(response.statusCode()).isEqualTo(400);
    var errors = json(response).get("details").get("errors");
    assertThat(errors.get(0).get("item").asInt()).isEqualTo(1);
    assertThat(errors.get(0).get("reason").asText()).startsWith("unknown property 'colour'");
    assertThat(errors.get(1).get("item").asInt()).isEqualTo(2);
    assertThat(errors.get(1).get("reason").asText()).startsWith("unknown field 'dust'");
    assertThat(storedAt(t)).isEmpty();
  }

  @Test
  void a_body_whose_every_item_is_refused_says_that_nothing_was_written() throws Exception {
    var response =
        post(
            "[{\"sensor_id\":\"J-1\",\"fields\":{\"dust\":1}},{\"fields\":{}}]",
            "application/json");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).get("message").asText())
        .startsWith("nothing was written: 2 item(s) refused; first: item 1:")
        .doesNotContain("partial write");
  }
}
