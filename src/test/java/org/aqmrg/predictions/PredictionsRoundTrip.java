package org.aqmrg.predictions;

import static org.aqmrg.testing.ApiServer.bearer;
import static org.aqmrg.testing.ApiServer.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The forecasting pipeline's round trip over HTTP, on one backend per subclass: forecasts written,
 * the forecast read, observations arriving and rolled up, the skill computed against a
 * hand-computed example; bad items refused by index with the good ones stored.
 */
abstract class PredictionsRoundTrip {
  private static ApiServer api;
  private static String admin;
  private static String pipeline;
  private static String gateway;
  private static String location;
  private static final String SENSOR = "PRED-" + UUID.randomUUID().toString().substring(0, 6);

  /** The start of the current hour: h1 and h2 are past hours with observations. */
  private static final Instant NOW_HOUR = Instant.now().truncatedTo(ChronoUnit.HOURS);

  private static final Instant H1 = NOW_HOUR.minus(Duration.ofHours(3));
  private static final Instant H2 = NOW_HOUR.minus(Duration.ofHours(2));

  static void start(ApiServer server) {
    api = server;
    api.user("admin@predictions.test", Role.ADMIN);
    admin = api.login("admin@predictions.test");
    var created =
        json(
            api.send(
                "POST",
                "/api/v1/locations",
                "{\"name\":\"Yaba "
                    + SENSOR
                    + "\",\"city\":\"Lagos\",\"country\":\"NG\","
                    + "\"latitude\":6.51,\"longitude\":3.38,\"timezone\":\"Africa/Lagos\"}",
                "Authorization",
                bearer(admin)));
    location = created.get("id").asText();
    var sensor =
        api.send(
            "POST",
            "/api/v1/sensors",
            "{\"id\":\"" + SENSOR + "\",\"name\":\"s\",\"location_id\":\"" + location + "\"}",
            "Authorization",
            bearer(admin));
    assertThat(sensor.statusCode()).as(sensor.body()).isEqualTo(201);
    pipeline = token("write:predictions");
    gateway = token("write:readings");
  }

  private static String token(String scope) {
    var response =
        api.send(
            "POST",
            "/api/v1/tokens",
            "{\"name\":\"" + scope + "\",\"scopes\":[\"" + scope + "\"]}",
            "Authorization",
            bearer(admin));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json(response).get("token").asText();
  }

  @AfterAll
  static void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static String item(
      String pollutant, Instant target, double value, Double lower, Double upper, Instant issued) {
    return "{\"location_id\":\"%s\",\"pollutant\":\"%s\",\"target_time\":\"%s\",\"value\":%s,%s"
            .formatted(
                location,
                pollutant,
                target,
                value,
                lower == null
                    ? ""
                    : "\"lower\":%s,\"upper\":%s,\"interval_level\":0.8,".formatted(lower, upper))
        + "\"model_name\":\"xgb\",\"model_version\":\"2026.12.1\",\"issued_at\":\""
        + issued
        + "\"}";
  }

  private static java.net.http.HttpResponse<String> post(String body, String token) {
    return api.send("POST", "/api/v1/predictions", body, "Authorization", "Token " + token);
  }

  @Test
  void the_pipeline_writes_reads_its_forecast_and_gets_the_hand_computed_skill() throws Exception {
    Instant early = NOW_HOUR.minus(Duration.ofHours(6));
    Instant late = NOW_HOUR.minus(Duration.ofHours(4));
    String batch =
        "["
            + String.join(
                ",",
                item("pm25", H1, 18, 12.0, 24.0, early),
                item("pm25", H2, 24, 20.0, 28.0, early),
                item("pm25", H1, 14, 10.0, 16.0, late),
                item("pm25", H2, 33, null, null, late))
            + "]";
    var written = post(batch, pipeline);
    assertThat(written.statusCode()).as(written.body()).isEqualTo(204);
    // Sent again (a retry), nothing is doubled.
    assertThat(post(batch, pipeline).statusCode()).isEqualTo(204);

    var forecast =
        json(
            api.get(
                "/api/v1/locations/"
                    + location
                    + "/forecast?pollutant=pm25&from="
                    + H1
                    + "&to="
                    + NOW_HOUR));
    JsonNode rows = forecast.get("forecasts");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("value").asDouble()).isEqualTo(14);
    assertThat(rows.get(0).get("issued_at").asText()).isEqualTo(late.toString());
    assertThat(rows.get(0).get("lead_hours").asDouble()).isEqualTo(1);
    assertThat(rows.get(1).get("value").asDouble()).isEqualTo(33);
    assertThat(rows.get(1).get("lower").isNull()).isTrue();
    assertThat(rows.get(1).get("aqi_category").asText())
        .as("33 µg/m³ of PM2.5 on the US EPA 24-hour breakpoints")
        .isEqualTo("Moderate");

    var listed =
        json(
            api.get(
                "/api/v1/predictions?location=" + location + "&from=" + H1 + "&to=" + NOW_HOUR,
                "Authorization",
                bearer(admin)));
    assertThat(listed.get("forecasts")).as("every issue is kept, none doubled").hasSize(4);

    // Observations arrive: hour 1 has 10 and 20 (mean 15), hour 2 has 30.
    String lines =
        "air_quality,sensor_id=%1$s pm25=10 %2$d\nair_quality,sensor_id=%1$s pm25=20 %3$d\n"
                .formatted(
                    SENSOR,
                    H1.plusSeconds(60).getEpochSecond(),
                    H1.plusSeconds(120).getEpochSecond())
            + "air_quality,sensor_id=%s pm25=30 %d"
                .formatted(SENSOR, H2.plusSeconds(60).getEpochSecond());
    var observed =
        api.send(
            "POST",
            "/api/v2/write?bucket=sensor_data&precision=s",
            lines,
            "Authorization",
            "Token " + gateway);
    assertThat(observed.statusCode()).as(observed.body()).isEqualTo(204);

    JsonNode skill = null;
    for (int i = 0; i < 300; i++) {
      skill =
          json(
              api.get(
                  "/api/v1/predictions/skill?location="
                      + location
                      + "&pollutant=pm25&model=xgb&from="
                      + H1
                      + "&to="
                      + NOW_HOUR));
      if (skill.get("overall").get("count").asInt() == 4) {
        break;
      }
      Thread.sleep(100);
    }
    JsonNode overall = skill.get("overall");
    assertThat(overall.get("count").asInt()).as(skill.toString()).isEqualTo(4);
    // Errors: lead 1 h: 14-15 = -1; lead 2 h: 33-30 = 3; lead 3 h: 18-15 = 3; lead 4 h: 24-30 = -6.
    assertThat(overall.get("bias").asDouble()).isCloseTo(-0.25, within(1e-9));
    assertThat(overall.get("mae").asDouble()).isCloseTo(3.25, within(1e-9));
    assertThat(overall.get("rmse").asDouble()).isCloseTo(Math.sqrt(13.75), within(1e-9));
    assertThat(overall.get("interval_count").asInt()).isEqualTo(3);
    assertThat(overall.get("interval_coverage").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
    var leads = new ArrayList<Integer>();
    skill.get("by_lead").forEach(l -> leads.add(l.get("lead_hours").asInt()));
    assertThat(leads).containsExactly(1, 2, 3, 4);
    JsonNode lead4 = skill.get("by_lead").get(3);
    assertThat(lead4.get("bias").asDouble()).isEqualTo(-6);
    assertThat(lead4.get("interval_coverage").asDouble()).isZero();
    assertThat(skill.get("by_lead").get(1).get("interval_coverage").isNull()).isTrue();
  }

  @Test
  void a_72_hour_forecast_reads_back_latest_issue_per_hour_from_the_cache_as_well() {
    Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(30);
    var items = new ArrayList<String>();
    for (int h = 0; h < 72; h++) {
      items.add(item("o3", NOW_HOUR.plus(Duration.ofHours(h)), 40 + h % 10, null, null, issued));
    }
    assertThat(post("[" + String.join(",", items) + "]", pipeline).statusCode()).isEqualTo(204);
    // A later issue of the first hour replaces it in the forecast.
    assertThat(
            post("[" + item("o3", NOW_HOUR, 77, 70.0, 80.0, issued.plusSeconds(10)) + "]", pipeline)
                .statusCode())
        .isEqualTo(204);

    for (int read = 0; read < 2; read++) {
      var forecast = json(api.get("/api/v1/locations/" + location + "/forecast?pollutant=o3"));
      JsonNode rows = forecast.get("forecasts");
      assertThat(rows).as("read %d", read).hasSize(72);
      assertThat(rows.get(0).get("value").asDouble()).isEqualTo(77);
      assertThat(rows.get(71).get("target_time").asText())
          .isEqualTo(NOW_HOUR.plus(Duration.ofHours(71)).toString());
    }
    var key = ForecastCache.key(UUID.fromString(location), NOW_HOUR.plus(Duration.ofHours(5)));
    assertThat(api.platform().cache().get(key)).get().asString().contains("\"complete\":true");
    Duration most = Duration.between(Instant.now(), NOW_HOUR.plus(Duration.ofHours(7)));
    Duration ttl = api.platform().cache().timeToLive(key).orElseThrow();
    assertThat(ttl)
        .as("expires an hour after its hour ended")
        .isLessThanOrEqualTo(most.plusSeconds(1))
        .isGreaterThan(Duration.ofHours(5));
  }

  @Test
  void bad_items_are_refused_by_index_and_field_and_the_good_ones_stored() {
    Instant issued = Instant.now().minusSeconds(60);
    Instant target = NOW_HOUR.plus(Duration.ofHours(30));
    String good = item("no2", target, 21, null, null, issued);
    String batch =
        "["
            + String.join(
                ",",
                good,
                good.replace(location, UUID.randomUUID().toString()),
                good.replace("\"no2\"", "\"so4\""),
                good.replace(target.toString(), "tomorrow"),
                item("no2", target, 21, 25.0, 15.0, issued),
                item("no2", target, 90_000, null, null, issued),
                "42")
            + "]";

    var response = post(batch, pipeline);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode details = json(response).get("details");
    assertThat(details.get("written").asInt()).isEqualTo(1);
    assertThat(details.get("refused").asInt()).isEqualTo(6);
    var fields = new ArrayList<String>();
    details
        .get("errors")
        .forEach(e -> fields.add(e.get("index").asInt() + ":" + e.path("field").asText()));
    assertThat(fields)
        .containsExactly(
            "1:location_id", "2:pollutant", "3:target_time", "4:lower", "5:value", "6:");
    var stored =
        json(
            api.get(
                "/api/v1/predictions?location="
                    + location
                    + "&pollutant=no2&from="
                    + target
                    + "&to="
                    + target.plusSeconds(1),
                "Authorization",
                bearer(admin)));
    assertThat(stored.get("forecasts")).hasSize(1);
  }

  @Test
  void a_batch_above_the_limit_or_not_an_array_stores_nothing_and_says_why() {
    var many = new StringBuilder("[");
    for (int i = 0; i <= ForecastParser.MAX_BATCH; i++) {
      many.append(i == 0 ? "{}" : ",{}");
    }
    var tooMany = post(many.append(']').toString(), pipeline);
    assertThat(tooMany.statusCode()).isEqualTo(400);
    assertThat(json(tooMany).get("message").asText())
        .contains("at most 50,000")
        .contains("nothing");
    assertThat(post("{\"value\":1}", pipeline).statusCode()).isEqualTo(400);
    assertThat(json(post("[{", pipeline)).get("code").asText()).isEqualTo("invalid_json");
  }

  @Test
  void each_route_asks_for_its_role() {
    String one =
        "[" + item("pm10", NOW_HOUR.plus(Duration.ofHours(2)), 50, null, null, Instant.now()) + "]";
    assertThat(api.send("POST", "/api/v1/predictions", one).statusCode()).isEqualTo(401);
    assertThat(post(one, gateway).statusCode()).as("a write:readings token").isEqualTo(403);
    assertThat(api.get("/api/v1/predictions").statusCode()).isIn(401, 403);
    assertThat(api.get("/api/v1/predictions", "Authorization", "Token " + pipeline).statusCode())
        .isEqualTo(403);
    assertThat(api.get("/api/v1/locations/" + location + "/forecast").statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/locations/" + UUID.randomUUID() + "/forecast").statusCode())
        .isEqualTo(404);
    assertThat(api.get("/api/v1/locations/" + location + "/forecast?pollutant=so4").statusCode())
        .isEqualTo(400);
    assertThat(api.get("/api/v1/locations/" + location + "/forecast?from=yesterday").statusCode())
        .isEqualTo(400);
  }

  @Test
  void the_list_exports_csv_with_text_cells_defused() {
    Instant target = NOW_HOUR.plus(Duration.ofHours(40));
    String formula =
        item("co", target, 1.5, null, null, Instant.now().minusSeconds(5))
            .replace("\"xgb\"", "\"=HYPERLINK(1,2)\"");
    assertThat(post("[" + formula + "]", pipeline).statusCode()).isEqualTo(204);

    var csv =
        api.get(
            "/api/v1/predictions?format=csv&pollutant=co&location="
                + location
                + "&from="
                + target
                + "&to="
                + target.plusSeconds(1),
            "Authorization",
            bearer(admin));

    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type")).get().asString().startsWith("text/csv");
    List<String> lines = csv.body().lines().toList();
    assertThat(lines.get(0)).startsWith("location_id,pollutant,target_time,value");
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).contains(",\"'=HYPERLINK(1,2)\",").contains(",1.5,");
  }
}
