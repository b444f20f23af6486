package org.aqmrg.bench.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The two questions of issue 21, each asked of one running platform three ways: Flux ({@code POST
 * /api/v2/query}, the JSON body and annotated CSV dialect the official 2.x clients send), InfluxQL
 * ({@code GET /query}) and the JSON history API (the baseline). Every request checks its answer:
 * status 200 and the number of rows the data must give, or it throws with the start of the body.
 *
 * <ol>
 *   <li>the last hour of one sensor's raw readings, all seven fields: about 60 readings;
 *   <li>the hourly means of PM2.5 over 7 days at one location: 168 or 169 windows (per sensor in
 *       Flux, which keeps one table per series; combined over the location's sensors in InfluxQL
 *       and the JSON API).
 * </ol>
 */
final class QueryRequests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DIALECT =
      "{\"header\":true,\"delimiter\":\",\",\"annotations\":[\"datatype\",\"group\",\"default\"],"
          + "\"commentPrefix\":\"#\",\"dateTimeFormat\":\"RFC3339\"}";

  private final Site site;
  private final String database;
  private final UUID location;
  private final String locationName;
  private final int sensors;
  private final HttpClient http;

  QueryRequests(
      Site site,
      String database,
      UUID location,
      String locationName,
      int sensors,
      HttpClient http) {
    this.site = site;
    this.database = database;
    this.location = location;
    this.locationName = locationName;
    this.sensors = sensors;
    this.http = http;
  }

  Site site() {
    return site;
  }

  static String fluxLastHour(String sensorId) {
    return "from(bucket: \"sensor_data\")\n"
        + "  |> range(start: -1h)\n"
        + "  |> filter(fn: (r) => r._measurement == \"air_quality\" and r.sensor_id == \""
        + sensorId
        + "\")";
  }

  String fluxWeekOfHours() {
    return "from(bucket: \"sensor_data\")\n"
        + "  |> range(start: -7d)\n"
        + "  |> filter(fn: (r) => r.location == \""
        + locationName
        + "\" and r._field == \"pm25\")\n"
        + "  |> aggregateWindow(every: 1h, fn: mean)";
  }

  static String influxQlLastHour(String sensorId) {
    return "SELECT * FROM air_quality WHERE sensor_id = '" + sensorId + "' AND time > now() - 1h";
  }

  String influxQlWeekOfHours() {
    return "SELECT mean(pm25) FROM air_quality WHERE location = '"
        + locationName
        + "' AND time > now() - 7d GROUP BY time(1h)";
  }

  /** Flux, question 1; returns the data rows (7 fields × about 60 readings). */
  int fluxLastHourRows(String sensorId) throws IOException, InterruptedException {
    String body = flux(fluxLastHour(sensorId));
    int rows = dataRows(body);
    require("Flux, last hour", rows >= 7 * 59 && rows <= 7 * 61 && body.contains(sensorId), body);
    return rows;
  }

  /** Flux, question 2; returns the data rows (168 or 169 windows per sensor). */
  int fluxWeekRows() throws IOException, InterruptedException {
    String body = flux(fluxWeekOfHours());
    int rows = dataRows(body);
    require("Flux, 7 days of hours", rows >= sensors * 168 && rows <= sensors * 169, body);
    return rows;
  }

  /** Any Flux text whose answer must hold exactly {@code expected} data rows. */
  int fluxRows(String query, int expected) throws IOException, InterruptedException {
    String body = flux(query);
    int rows = dataRows(body);
    require("Flux " + query, rows == expected, body);
    return rows;
  }

  /** InfluxQL, question 1; returns the points (about 60). */
  int influxQlLastHourPoints(String sensorId) throws IOException, InterruptedException {
    JsonNode values = influxQl(influxQlLastHour(sensorId)).path("values");
    require("InfluxQL, last hour", values.size() >= 59 && values.size() <= 61, values.toString());
    return values.size();
  }

  /** InfluxQL, question 2; returns the windows' means by their start. */
  Map<Instant, Double> influxQlWeek() throws IOException, InterruptedException {
    JsonNode values = influxQl(influxQlWeekOfHours()).path("values");
    var means = new TreeMap<Instant, Double>();
    for (JsonNode row : values) {
      if (!row.path(1).isNull()) {
        means.put(Instant.parse(row.path(0).asText()), row.path(1).asDouble());
      }
    }
    require(
        "InfluxQL, 7 days of hours",
        values.size() >= 168 && values.size() <= 170 && means.size() >= 167,
        values.toString());
    return means;
  }

  /** JSON history API, question 1: {@code every=raw} of the last hour; returns the readings. */
  int jsonLastHourReadings(String sensorId) throws IOException, InterruptedException {
    Instant to = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    JsonNode data =
        history(
            "/api/v1/sensors/"
                + sensorId
                + "/readings?every=raw&from="
                + to.minus(Duration.ofHours(1))
                + "&to="
                + to);
    require(
        "JSON history, last hour",
        data.size() >= 59 && data.size() <= 61 && data.path(0).has("pm25"),
        data.toString());
    return data.size();
  }

  /** JSON history API, question 2: the location's {@code every=1h} of 7 days; means by start. */
  Map<Instant, Double> jsonWeek() throws IOException, InterruptedException {
    Instant to = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    JsonNode data =
        history(
            "/api/v1/locations/"
                + location
                + "/readings?fields=pm25&every=1h&from="
                + to.minus(Duration.ofDays(7))
                + "&to="
                + to);
    var means = new TreeMap<Instant, Double>();
    for (JsonNode row : data) {
      if (!row.path("pm25").isNull()) {
        means.put(Instant.parse(row.path("time").asText()), row.path("pm25").asDouble());
      }
    }
    require(
        "JSON history, 7 days of hours",
        data.size() >= 168 && data.size() <= 169 && means.size() >= 167,
        data.toString());
    return means;
  }

  private String flux(String query) throws IOException, InterruptedException {
    String body =
        "{\"query\":"
            + JSON.writeValueAsString(query)
            + ",\"dialect\":"
            + DIALECT
            + ",\"type\":\"flux\"}";
    var request =
        HttpRequest.newBuilder(uri("/api/v2/query?org=aqmrg"))
            .header("Authorization", site.authorization())
            .header("Content-Type", "application/json")
            .header("Accept", "application/csv")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    require("Flux " + query, response.statusCode() == 200, response.body());
    return response.body();
  }

  /** The first series of the first result of an InfluxQL answer. */
  private JsonNode influxQl(String q) throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(
                uri(
                    "/query?db="
                        + database
                        + "&q="
                        + URLEncoder.encode(q, StandardCharsets.UTF_8)))
            .header("Authorization", site.authorization())
            .GET()
            .build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    require("InfluxQL " + q, response.statusCode() == 200, response.body());
    return JSON.readTree(response.body()).path("results").path(0).path("series").path(0);
  }

  /** The {@code data} of a JSON history answer. */
  private JsonNode history(String pathAndQuery) throws IOException, InterruptedException {
    var request =
        HttpRequest.newBuilder(uri(pathAndQuery))
            .header("Authorization", site.authorization())
            .GET()
            .build();
    var response = http.send(request, HttpResponse.BodyHandlers.ofString());
    require("GET " + pathAndQuery, response.statusCode() == 200, response.body());
    return JSON.readTree(response.body()).path("data");
  }

  private URI uri(String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + site.app().port() + pathAndQuery);
  }

  /**
   * The data rows of annotated CSV: lines that start with the empty annotation column, less the
   * header row of each table group ({@code ,result,table,…}).
   */
  static int dataRows(String csv) {
    int rows = 0;
    int start = 0;
    while (start < csv.length()) {
      int end = csv.indexOf('\n', start);
      if (end < 0) {
        end = csv.length();
      }
      if (csv.charAt(start) == ',' && !csv.startsWith(",result,", start)) {
        rows++;
      }
      start = end + 1;
    }
    return rows;
  }

  private void require(String what, boolean ok, String body) {
    if (!ok) {
      throw new IllegalStateException(
          site.label()
              + ", "
              + what
              + ": unexpected answer: "
              + body.substring(0, Math.min(400, body.length())));
    }
  }

  /** Every variant's sensor in turn: the same sensor for every variant of a round. */
  static String turn(List<String> sensorIds, int[] counter) {
    return sensorIds.get(counter[0]++ % sensorIds.size());
  }
}
