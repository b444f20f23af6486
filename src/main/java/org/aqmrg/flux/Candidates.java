package org.aqmrg.flux;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.influxql.SeriesTags;

/**
 * The series a query can select, found before anything is read: each sensor of the registry and
 * each field of the bucket, tried against the filters that follow {@code range()} with only the
 * series' key known. A series for which a filter is false (or null) is not read. When every filter
 * was true or false for every series ({@link #decided}), the filters need not run on the rows.
 */
final class Candidates {
  /**
   * One series: a sensor's field, with the sensor's tag values in {@link SeriesTags#KEYS} order.
   */
  record Series(SeriesTags sensor, String field, List<String> tags) {}

  private final List<Series> series;
  private final Map<String, List<Series>> bySensor;
  private final boolean decided;

  private Candidates(List<Series> series, Map<String, List<Series>> bySensor, boolean decided) {
    this.series = series;
    this.bySensor = bySensor;
    this.decided = decided;
  }

  static Candidates of(
      Pipeline p,
      List<SeriesTags> sensors,
      List<String> fields,
      String measurement,
      List<Cond> filters,
      FluxLimits limits) {
    var series = new ArrayList<Series>();
    var bySensor = new LinkedHashMap<String, List<Series>>();
    boolean decided = true;
    for (SeriesTags sensor : sensors) {
      var tags = new HashMap<String, String>();
      SeriesTags.KEYS.forEach(key -> tags.put(key, sensor.get(key)));
      List<String> values = Sources.tagValues(sensor);
      for (String field : fields) {
        var view = Sources.seriesView(p, measurement, field, tags);
        Cond.Truth truth = Cond.Truth.TRUE;
        for (Cond filter : filters) {
          truth = truth.and(filter.test(view));
        }
        if (truth == Cond.Truth.TRUE || truth == Cond.Truth.UNKNOWN) {
          decided &= truth == Cond.Truth.TRUE;
          var s = new Series(sensor, field, values);
          series.add(s);
          bySensor.computeIfAbsent(sensor.sensorId(), k -> new ArrayList<>()).add(s);
        }
      }
    }
    if (series.size() > limits.maxSeries()) {
      throw p.at()
          .error(
              "the query selects "
                  + series.size()
                  + " series; at most "
                  + limits.maxSeries()
                  + " (max_series): filter on _field, sensor_id or location");
    }
    return new Candidates(series, bySensor, decided);
  }

  List<Series> series() {
    return series;
  }

  boolean decided() {
    return decided;
  }

  List<String> sensorIds() {
    return List.copyOf(bySensor.keySet());
  }

  List<Series> ofSensor(String sensorId) {
    return bySensor.getOrDefault(sensorId, List.of());
  }
}
