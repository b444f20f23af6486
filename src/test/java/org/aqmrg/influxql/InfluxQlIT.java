package org.aqmrg.influxql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.identity.Role;
import org.aqmrg.testing.ApiServer;
import org.aqmrg.testing.TestServers;
import org.awaitility.Awaitility;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBException;
import org.influxdb.InfluxDBFactory;
import org.influxdb.dto.Query;
import org.influxdb.dto.QueryResult;
import org.junit.jupiter.api.Test;

/**
 * {@code /query} on both time-series backends, asked by the official InfluxDB 1.x Java client
 * unchanged: its answers equal the JSON history API's on the same data, and both backends answer
 * alike.
 */
class InfluxQlIT {
  private static final String SENSOR = "IQ-1";

  @Test
  void both_backends_answer_the_1x_client_as_the_history_api_does() {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    var answers = new LinkedHashMap<String, List<String>>();
    String influxDb = "iq_" + Long.toHexString(System.nanoTime());
    var influx = new HashMap<String, String>();
    influx.put("INFLUXDB_URL", TestServers.env("AQMRG_TEST_INFLUXDB_URL"));
    influx.put("INFLUXDB_DATABASE", influxDb);
    answers.put("postgres", ask(Map.of(), "aqmrg", hour));
    answers.put("influxdb", ask(influx, influxDb, hour));
    assertThat(answers.get("influxdb")).isEqualTo(answers.get("postgres"));
  }

  private static List<String> ask(Map<String, String> env, String db, Instant hour) {
    var answer = new ArrayList<String>();
    try (var server = ApiServer.start("memory", env)) {
      server
          .platform()
          .database()
          .sql()
          .useHandle(
              "registering the sensor",
              handle ->
                  handle.execute(
                      "INSERT INTO sensors (id, name, status, manufacturer) VALUES"
                          + " ('IQ-1', 'IQ-1', 'active', 'PurpleAir'), ('IQ-2', 'IQ-2', 'active',"
                          + " 'Clarity')"));
      server.user("admin@iq.test", Role.ADMIN);
      String admin = server.login("admin@iq.test");
      String reader =
          server
              .platform()
              .web()
              .tokens()
              .create(null, "grafana", List.of("read:all"), List.of(), null)
              .secret();
      var lines = new StringBuilder();
      for (int i = 0; i < 24; i++) {
        Instant at = hour.minus(Duration.ofHours(4)).plus(Duration.ofMinutes(10L * i));
        lines.append("air_quality,sensor_id=IQ-1 pm25=").append(10 + i % 7).append(",pm10=");
        lines.append(20 + i).append(' ').append(at.getEpochSecond()).append('\n');
        lines.append("air_quality,sensor_id=IQ-2 pm25=").append(50 + i).append(' ');
        lines.append(at.getEpochSecond()).append('\n');
      }
      var write =
          server.send(
              "POST",
              "/write?db=" + db + "&precision=s",
              lines.toString(),
              "Authorization",
              ApiServer.bearer(admin),
              "Content-Type",
              "text/plain");
      assertThat(write.statusCode()).as(write.body()).isEqualTo(204);

      // The JSON history API's hourly means, once the rollups hold all four hours.
      String history = "/api/v1/sensors/" + SENSOR + "/readings?fields=pm25&every=1h";
      List<String> expected = new ArrayList<>();
      Awaitility.await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                expected.clear();
                JsonNode data = ApiServer.json(server.get(history)).get("data");
                data.forEach(
                    row ->
                        expected.add(row.get("time").asText() + " " + row.get("pm25").asDouble()));
                return expected.size() == 4;
              });

      String url = "http://127.0.0.1:" + server.port();
      try (InfluxDB client = InfluxDBFactory.connect(url, "grafana", reader)) {
        QueryResult result =
            client.query(
                new Query(
                    "SELECT mean(pm25) FROM air_quality WHERE sensor_id = 'IQ-1' AND time > now()"
                        + " - 1d GROUP BY time(1h)",
                    db));
        assertThat(result.getError()).isNull();
        var series = result.getResults().get(0).getSeries().get(0);
        assertThat(series.getName()).isEqualTo("air_quality");
        assertThat(series.getColumns()).containsExactly("time", "mean");
        var means = new ArrayList<String>();
        for (List<Object> row : series.getValues()) {
          if (row.get(1) != null) {
            means.add(row.get(0) + " " + row.get(1));
          }
        }
        assertThat(means).isEqualTo(expected);
        answer.addAll(means);
        // fill(null), the default: one row per hour of the day asked, empty ones null.
        assertThat(series.getValues()).hasSizeBetween(24, 25);

        QueryResult grouped =
            client.query(
                new Query(
                    "SELECT max(pm25) FROM air_quality WHERE time >= '"
                        + hour.minus(Duration.ofHours(4))
                        + "' AND time < '"
                        + hour
                        + "' GROUP BY time(2h), sensor_id fill(none) ORDER BY time DESC",
                    db));
        for (var each : grouped.getResults().get(0).getSeries()) {
          answer.add(each.getTags() + " " + each.getValues());
        }
        // Windows of 2h are aligned to even hours since the epoch; the newest first.
        long twoHours = 7200;
        Instant newest =
            Instant.ofEpochSecond(
                Math.floorDiv(hour.minus(Duration.ofHours(1)).getEpochSecond(), twoHours)
                    * twoHours);
        var iq2 = grouped.getResults().get(0).getSeries().get(1);
        assertThat(iq2.getTags()).containsEntry("sensor_id", "IQ-2");
        assertThat(iq2.getValues().get(0)).containsExactly(newest.toString(), 73.0);

        // Sum, median and first by hour over both sensors, from raw readings. Hour 0 holds IQ-1's
        // 10 to 15 and IQ-2's 50 to 55; hour 1 IQ-1's 16, 10 to 14 and IQ-2's 56 to 61.
        String byHour =
            "(pm25) FROM air_quality WHERE time >= '"
                + hour.minus(Duration.ofHours(4))
                + "' AND time < '"
                + hour
                + "' GROUP BY time(1h) fill(none)";
        QueryResult fns =
            client.query(
                new Query(
                    "SELECT sum" + byHour + "; SELECT median" + byHour + "; SELECT first" + byHour,
                    db));
        Map<String, List<Double>> firstHours = new LinkedHashMap<>();
        for (var each : fns.getResults()) {
          assertThat(each.getError()).isNull();
          var fnSeries = each.getSeries().get(0);
          assertThat(fnSeries.getValues()).hasSize(4);
          firstHours.put(
              fnSeries.getColumns().get(1),
              fnSeries.getValues().subList(0, 2).stream().map(v -> (Double) v.get(1)).toList());
          answer.add(fnSeries.getColumns() + " " + fnSeries.getValues());
        }
        assertThat(firstHours)
            .containsExactly(
                Map.entry("sum", List.of(75.0 + 315, 76.0 + 351)),
                Map.entry("median", List.of((15.0 + 50) / 2, (16.0 + 56) / 2)),
                Map.entry("first", List.of(50.0, 56.0)));
        assertThat(fns.getResults().get(0).getSeries().get(0).getValues().get(0).get(0))
            .isEqualTo(hour.minus(Duration.ofHours(4)).toString());

        QueryResult raw =
            client.query(
                new Query(
                    "SELECT pm25, pm10 FROM air_quality WHERE sensor_id =~ /^IQ-1$/ AND time >= '"
                        + hour.minus(Duration.ofHours(4))
                        + "' LIMIT 3",
                    db));
        var rawValues = raw.getResults().get(0).getSeries().get(0).getValues();
        assertThat(rawValues).hasSize(3);
        assertThat(rawValues.get(1).subList(1, 3)).containsExactly(11.0, 21.0);
        answer.add(rawValues.toString());

        QueryResult shows =
            client.query(
                new Query(
                    "SHOW MEASUREMENTS; SHOW TAG VALUES WITH KEY = sensor_id; SHOW FIELD KEYS;"
                        + " SHOW RETENTION POLICIES",
                    db));
        var results = shows.getResults();
        assertThat(results.get(0).getSeries().get(0).getValues().toString())
            .isEqualTo("[[air_quality]]");
        assertThat(results.get(1).getSeries().get(0).getValues().toString())
            .isEqualTo("[[sensor_id, IQ-1], [sensor_id, IQ-2]]");
        assertThat(results.get(2).getSeries().get(0).getValues()).hasSize(7);
        assertThat(results.get(3).getSeries().get(0).getValues().get(0).subList(0, 2))
            .containsExactly("sensor_data", "720h0m0s");
        for (var each : results) {
          answer.add(each.getSeries().get(0).getValues().toString());
        }

        assertThatThrownBy(() -> client.query(new Query("DROP MEASUREMENT air_quality", db)))
            .isInstanceOf(InfluxDBException.class)
            .hasMessageContaining("DROP is not supported");
      }

      var parseError =
          server.get("/query?db=" + db + "&q=" + encode("SELECT mean(pm25) FRM air_quality"));
      assertThat(parseError.statusCode()).isEqualTo(400);
      assertThat(ApiServer.json(parseError).get("error").asText())
          .isEqualTo("error parsing query: found FRM, expected FROM at line 1, char 19");
      answer.add(parseError.body());

      var publicRaw =
          server.get("/query?db=" + db + "&q=" + encode("SELECT pm25 FROM air_quality"));
      assertThat(publicRaw.statusCode()).as(publicRaw.body()).isEqualTo(401);
      var withPassword =
          server.get(
              "/query?db="
                  + db
                  + "&u=grafana&p="
                  + reader
                  + "&q="
                  + encode("SELECT pm25 FROM air_quality LIMIT 1"));
      assertThat(withPassword.statusCode()).as(withPassword.body()).isEqualTo(200);
      var withToken =
          server.get(
              "/query?db=" + db + "&q=" + encode("SELECT pm25 FROM air_quality LIMIT 1"),
              "Authorization",
              "Token " + reader);
      assertThat(withToken.body()).isEqualTo(withPassword.body());
      var publicMean =
          server.get(
              "/query?db="
                  + db
                  + "&epoch=s&q="
                  + encode(
                      "SELECT count(pm25) FROM air_quality WHERE time > now() - 6h GROUP BY time(1h) fill(none)"));
      assertThat(publicMean.statusCode()).as(publicMean.body()).isEqualTo(200);
      JsonNode counts = ApiServer.json(publicMean).get("results").get(0).get("series").get(0);
      assertThat(counts.get("values")).hasSize(4);
      assertThat(counts.get("values").get(0).get(0).asLong())
          .isEqualTo(hour.minus(Duration.ofHours(4)).getEpochSecond());
      assertThat(counts.get("values").get(0).get(1).asLong()).isEqualTo(12);

      String hourly =
          "/query?db="
              + db
              + "&q="
              + encode(
                  "SELECT mean(pm25) FROM air_quality WHERE sensor_id = 'IQ-1' AND time > now() - 6h"
                      + " GROUP BY time(1h) fill(none)");
      var csv = server.get(hourly, "Accept", "application/csv", "Authorization", "Token " + reader);
      assertThat(csv.statusCode()).as(csv.body()).isEqualTo(200);
      assertThat(csv.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/csv");
      assertThat(csv.body().lines().toList()).hasSize(5).first().isEqualTo("name,tags,time,mean");
      answer.add(csv.body());
      assertThat(server.get(hourly, "Accept", "application/csv").statusCode()).isEqualTo(401);

      var unknownDb = server.get("/query?db=nope&q=" + encode("SHOW MEASUREMENTS"));
      assertThat(ApiServer.json(unknownDb).get("results").get(0).get("error").asText())
          .isEqualTo("database not found: nope");
      var databases = server.get("/query?q=" + encode("SHOW DATABASES"));
      assertThat(databases.body())
          .isEqualTo(
              "{\"results\":[{\"statement_id\":0,\"series\":[{\"name\":\"databases\",\"columns\":[\"name\"],\"values\":[[\""
                  + db
                  + "\"]]}]}]}");
    }
    return answer;
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
