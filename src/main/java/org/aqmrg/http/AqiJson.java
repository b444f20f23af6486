package org.aqmrg.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.aqi.Category;
import org.aqmrg.aqi.OverallIndex;
import org.aqmrg.aqi.SubIndex;
import org.aqmrg.rollups.AqiReport;

/**
 * An {@link AqiReport} as the API gives it, on the AQI routes and in {@code fn=aqi} history alike:
 * the overall index, its category, colour and dominant pollutant (each null, with {@code reason},
 * when no pollutant has an index), then each pollutant with its averaging period, concentration,
 * unit, hours used and sub-index, or null and the reason.
 */
final class AqiJson {
  private AqiJson() {}

  static Map<String, Object> of(AqiReport report, String time) {
    var body = new LinkedHashMap<String, Object>();
    body.put("time", time);
    OverallIndex overall = report.overall();
    body.put("aqi", overall.value());
    category(body, overall.category());
    body.put("dominant", overall.dominant() == null ? null : overall.dominant().key());
    body.put("reason", overall.reason());
    List<Map<String, Object>> pollutants = new ArrayList<>();
    for (AqiReport.Rated rated : report.pollutants()) {
      var entry = new LinkedHashMap<String, Object>();
      entry.put("pollutant", rated.pollutant().key());
      entry.put("period", rated.period());
      entry.put("concentration", rated.concentration());
      entry.put("unit", rated.pollutant().unit());
      entry.put("hours", rated.hours());
      SubIndex index = rated.index();
      entry.put("aqi", index == null ? null : index.value());
      category(entry, index == null ? null : index.category());
      entry.put("beyond_scale", index != null && index.beyondScale());
      entry.put("reason", rated.reason());
      pollutants.add(entry);
    }
    body.put("pollutants", pollutants);
    return body;
  }

  private static void category(Map<String, Object> body, Category category) {
    body.put("category", category == null ? null : category.name());
    body.put("colour", category == null ? null : category.colour());
  }
}
