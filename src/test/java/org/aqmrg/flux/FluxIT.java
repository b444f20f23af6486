package org.aqmrg.flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.exceptions.BadRequestException;
import com.influxdb.exceptions.NotFoundException;
import com.influxdb.query.FluxRecord;
import com.influxdb.query.FluxTable;
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
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v2/query} on both time-series backends, asked by the official InfluxDB 2.x Java
 * client's {@code QueryApi} unchanged: its hourly means equal the JSON history API's on the same
 * data, and both backends answer alike.
 */
class FluxIT {
  @Test
  void both_backends_answer_the_2x_client_as_the_history_api_does() {
    Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS);
    var answers = new LinkedHashMap<String, List<String>>();
    var influx = new HashMap<String, String>();
    influx.put("INFLUXDB_URL", TestServers.env("AQMRG_TEST_INFLUXDB_URL"));
    influx.put("INFLUXDB_DATABASE", "fx_" + Long.toHexString(System.nanoTime()));
    answers.put("postgres", ask(Map.of(), hour));
    answers.put("influxdb", ask(influx, hour));
    assertThat(answers.get("influxdb")).isEqualTo(answers.get("postgres"));
  }

  private static List<String> ask(Map<String, String> env, Instant hour) {
    var answer = new ArrayList<String>();
    Instant start = hour.minus(Duration.ofHours(4));
    try (var server = ApiServer.start("memory", env)) {
      server
          .platform()
          .database()
          .sql()
          .useHandle(
              "registering the sensors",
              handle ->
                  handle.execute(
                      "INSERT INTO sensors (id, name, status, manufacturer) VALUES"
                          + " ('FX-1', 'FX-1', 'active', 'PurpleAir'), ('FX-2', 'FX-2', 'active',"
                          + " 'Clarity')"));
      server.user("admin@fx.test", Role.ADMIN);
      String admin = server.login("admin@fx.test");
      String reader =
          server
              .platform()
              .web()
              .tokens()
              .create(null, "notebook", List.of("read:all"), List.of(), null)
              .secret();
      var lines = new StringBuilder();
      for (int i = 0; i < 24; i++) {
        Instant at = start.plus(Duration.ofMinutes(10L * i));
        lines.append("air_quality,sensor_id=FX-1 pm25=").append(10 + i % 7).append(",pm10=");
        lines.append(20 + i).append(' ').append(at.getEpochSecond()).append('\n');
        lines.append("air_quality,sensor_id=FX-2 pm25=").append(50 + i).append(' ');
        lines.append(at.getEpochSecond()).append('\n');
      }
      var write =
          server.send(
              "POST",
              "/api/v2/write?bucket=sensor_data&precision=s",
              lines.toString(),
              "Authorization",
              ApiServer.bearer(admin),
              "Content-Type",
              "text/plain");
      assertThat(write.statusCode()).as(write.body()).isEqualTo(204);

      String history = "/api/v1/sensors/FX-1/readings?fields=pm25&every=1h";
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
      try (InfluxDBClient client =
          InfluxDBClientFactory.create(url, reader.toCharArray(), "aqmrg", "sensor_data")) {
        var query = client.getQueryApi();

        // The seed's own query, over the range of the readings.
        List<FluxTable> seed =
            query.query(
                "from(bucket: \"sensor_data\") |> range(start: "
                    + start
                    + ") |> filter(fn: (r) => r._measurement == \"air_quality\")");
        assertThat(seed).hasSize(3);
        var firstSeries = seed.get(0).getRecords();
        assertThat(firstSeries).hasSize(24);
        for (FluxTable table : seed) {
          FluxRecord first = table.getRecords().get(0);
          answer.add(
              first.getField()
                  + " "
                  + first.getValueByKey("sensor_id")
                  + " "
                  + first.getValue()
                  + " "
                  + first.getTime()
                  + " "
                  + table.getRecords().size());
        }

        // Hourly means of the last day, read from the rollups: equal to the history API's.
        List<FluxTable> means =
            query.query(
                "from(bucket: \"sensor_data\")\n"
                    + "  |> range(start: -1d)\n"
                    + "  |> filter(fn: (r) => r.sensor_id == \"FX-1\" and r._field == \"pm25\")\n"
                    + "  |> aggregateWindow(every: 1h, fn: mean, createEmpty: false)");
        assertThat(means).hasSize(1);
        var got = new ArrayList<String>();
        for (FluxRecord record : means.get(0).getRecords()) {
          if (record.getTime().isBefore(hour.plusSeconds(1))) {
            got.add(record.getTime().minus(Duration.ofHours(1)) + " " + record.getValue());
          }
        }
        assertThat(got).isEqualTo(expected);
        answer.addAll(got);

        // Fields as columns, the common idiom.
        List<FluxTable> wide =
            query.query(
                "import \"influxdata/influxdb/schema\"\n"
                    + "from(bucket: \"sensor_data\") |> range(start: "
                    + start
                    + ", stop: "
                    + start.plus(Duration.ofMinutes(25))
                    + ") |> filter(fn: (r) => r.sensor_id == \"FX-1\") |> schema.fieldsAsCols()");
        var rows = wide.get(0).getRecords();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(1).getValueByKey("pm25")).isEqualTo(11.0);
        assertThat(rows.get(1).getValueByKey("pm10")).isEqualTo(21.0);
        answer.add(rows.get(1).getValues().toString());

        // The hourly bucket: the count of each hour, a long.
        List<FluxTable> counts =
            query.query(
                "from(bucket: \"sensor_data_hourly\") |> range(start: -1d)"
                    + " |> filter(fn: (r) => r._field == \"pm25_count\" and r.sensor_id == \"FX-2\")");
        assertThat(counts.get(0).getRecords()).extracting(FluxRecord::getValue).containsOnly(6L);
        answer.add(counts.get(0).getRecords().size() + " hours");

        // The top two of FX-2's readings, over one table.
        List<FluxTable> top =
            query.query(
                "from(bucket: \"sensor_data\") |> range(start: "
                    + start
                    + ") |> filter(fn: (r) => r._field == \"pm25\") |> group()"
                    + " |> sort(columns: [\"_value\"], desc: true) |> limit(n: 2)"
                    + " |> keep(columns: [\"_time\", \"_value\", \"sensor_id\"])");
        assertThat(top).hasSize(1);
        assertThat(top.get(0).getRecords())
            .extracting(FluxRecord::getValue)
            .containsExactly(73.0, 72.0);

        assertThatThrownBy(() -> query.query("from(bucket: \"sensor_data\") |> range(start -1h)"))
            .isInstanceOf(BadRequestException.class)
            .hasMessageContaining("error @1:44-1:45: expected :, found \"-\"");
        assertThatThrownBy(
                () ->
                    query.query(
                        "from(bucket: \"sensor_data\") |> range(start: -1h) |> map(fn: (r) => r)"))
            .isInstanceOf(BadRequestException.class)
            .hasMessageContaining("function \"map\" is not supported");
        assertThatThrownBy(() -> query.query("from(bucket: \"telegraf\") |> range(start: -1h)"))
            .isInstanceOf(NotFoundException.class)
            .hasMessageContaining("could not find bucket \"telegraf\"");
      }

      // Public callers read hourly windows, not raw readings.
      String raw = "from(bucket: \"sensor_data\") |> range(start: -1d)";
      var publicRaw =
          server.send("POST", "/api/v2/query", raw, "Content-Type", "application/vnd.flux");
      assertThat(publicRaw.statusCode()).as(publicRaw.body()).isEqualTo(401);
      var publicHourly =
          server.send(
              "POST",
              "/api/v2/query?org=aqmrg",
              raw
                  + " |> filter(fn: (r) => r._field == \"pm25\") |> aggregateWindow(every: 1h, fn: max, createEmpty: false)",
              "Content-Type",
              "application/vnd.flux");
      assertThat(publicHourly.statusCode()).as(publicHourly.body()).isEqualTo(200);
      assertThat(publicHourly.body()).startsWith(",result,table,_start,_stop,_time,_value,_field");
      assertThat(publicHourly.body().lines().filter(l -> l.contains(",FX-2"))).hasSize(4);
      answer.add(
          publicHourly
              .body()
              .lines()
              .filter(l -> l.contains(",FX-2"))
              .map(l -> l.split(",")[6])
              .toList()
              .toString());

      var otherOrg =
          server.send(
              "POST", "/api/v2/query?org=acme", raw, "Content-Type", "application/vnd.flux");
      assertThat(otherOrg.statusCode()).isEqualTo(404);
      assertThat(ApiServer.json(otherOrg).get("code").asText()).isEqualTo("not found");
    }
    return answer;
  }
}
