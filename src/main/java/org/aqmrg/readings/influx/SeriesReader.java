package org.aqmrg.readings.influx;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;

/**
 * Readings of one sensor from the JSON answer to a {@code SELECT * … GROUP BY *} ({@link
 * InfluxQl#latest}, {@link InfluxQl#raw}), with times as epoch nanoseconds.
 *
 * <p>A sensor has several series when its location or manufacturer tag changed. Points of the same
 * time in several series are one reading: they merge field by field and tag by tag, the series
 * whose newest point is newest winning, and a missing value never overwrites a present one (as the
 * PostgreSQL store merges a reading into a stored one). A tag missing from a series, which InfluxDB
 * reports as an empty string, is null.
 */
final class SeriesReader {
  private SeriesReader() {}

  /** One point of one series; {@code newest} is the newest time in its series, for ranking. */
  private record Point(
      long time,
      long newest,
      int series,
      String location,
      String manufacturer,
      Map<Field, Double> fields) {}

  /** The readings, oldest first, one per time. */
  static List<Reading> readings(String sensorId, JsonNode result) {
    return merge(sensorId, result.path("series"));
  }

  /**
   * The readings of each sensor in the answer to a {@code … GROUP BY *} of several sensors, by the
   * series' {@code sensor_id} tag; each sensor's oldest first, one per time.
   */
  static Map<String, List<Reading>> bySensor(JsonNode result) {
    var seriesBySensor = new LinkedHashMap<String, List<JsonNode>>();
    for (JsonNode series : result.path("series")) {
      seriesBySensor
          .computeIfAbsent(series.path("tags").path("sensor_id").asText(), id -> new ArrayList<>())
          .add(series);
    }
    var readings = new LinkedHashMap<String, List<Reading>>();
    seriesBySensor.forEach((sensorId, series) -> readings.put(sensorId, merge(sensorId, series)));
    return readings;
  }

  private static List<Reading> merge(String sensorId, Iterable<JsonNode> allSeries) {
    var points = new ArrayList<Point>();
    int index = 0;
    for (JsonNode series : allSeries) {
      points.addAll(points(series, index++));
    }
    points.sort(
        Comparator.comparingLong(Point::time)
            .thenComparingLong(Point::newest)
            .thenComparingInt(Point::series));
    var readings = new ArrayList<Reading>();
    for (int i = 0; i < points.size(); ) {
      long time = points.get(i).time();
      String location = null;
      String manufacturer = null;
      var fields = new EnumMap<Field, Double>(Field.class);
      for (; i < points.size() && points.get(i).time() == time; i++) {
        Point point = points.get(i);
        location = point.location() != null ? point.location() : location;
        manufacturer = point.manufacturer() != null ? point.manufacturer() : manufacturer;
        fields.putAll(point.fields());
      }
      var reading = Reading.builder(sensorId, time).location(location).manufacturer(manufacturer);
      fields.forEach(reading::set);
      readings.add(reading.build());
    }
    return readings;
  }

  private static List<Point> points(JsonNode series, int index) {
    JsonNode tags = series.path("tags");
    String location = tag(tags, "location");
    String manufacturer = tag(tags, "manufacturer");
    int timeColumn = -1;
    var columns = new ArrayList<Field>();
    int column = 0;
    for (JsonNode name : series.path("columns")) {
      if (name.asText().equals("time")) {
        timeColumn = column;
      }
      columns.add(Field.of(name.asText()).orElse(null));
      column++;
    }
    if (timeColumn < 0) {
      throw new IllegalStateException("InfluxDB answered a series without a time column");
    }
    var rows = new ArrayList<Point>();
    long newest = Long.MIN_VALUE;
    for (JsonNode row : series.path("values")) {
      newest = Math.max(newest, row.path(timeColumn).asLong());
    }
    for (JsonNode row : series.path("values")) {
      var fields = new EnumMap<Field, Double>(Field.class);
      for (int i = 0; i < columns.size(); i++) {
        JsonNode value = row.path(i);
        if (columns.get(i) != null && value.isNumber()) {
          fields.put(columns.get(i), value.asDouble());
        }
      }
      if (!fields.isEmpty()) {
        rows.add(
            new Point(
                row.path(timeColumn).asLong(), newest, index, location, manufacturer, fields));
      }
    }
    return rows;
  }

  private static String tag(JsonNode tags, String key) {
    String value = tags.path(key).asText("");
    return value.isEmpty() ? null : value;
  }
}
