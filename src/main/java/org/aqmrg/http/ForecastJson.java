package org.aqmrg.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.aqmrg.aqi.AqiScale;
import org.aqmrg.aqi.AqiScales;
import org.aqmrg.aqi.Averaging;
import org.aqmrg.aqi.Category;
import org.aqmrg.aqi.Pollutant;
import org.aqmrg.aqi.UsEpaScale;
import org.aqmrg.predictions.Forecast;

/**
 * A forecast as the API answers it: its properties as they were posted, its lead time in hours, and
 * the US EPA AQI category of its value where the pollutant has one ({@code aqi} itself, or a
 * pollutant the scale rates, over the shortest averaging period whose breakpoints rate the value).
 * CSV rows hold the same columns, text cells escaped as {@link HistoryCsv} escapes them.
 */
final class ForecastJson {
  private static final AqiScale EPA = AqiScales.of("us-epa");
  private static final String HEADER =
      "location_id,pollutant,target_time,value,lower,upper,interval_level,model_name,"
          + "model_version,issued_at,lead_hours,aqi_category\r\n";

  private ForecastJson() {}

  static Map<String, Object> of(Forecast f) {
    var map = new LinkedHashMap<String, Object>();
    map.put("location_id", f.locationId());
    map.put("pollutant", f.pollutant());
    map.put("target_time", ApiTime.format(f.targetTime()));
    map.put("value", f.value());
    map.put("lower", f.lower());
    map.put("upper", f.upper());
    map.put("interval_level", f.intervalLevel());
    map.put("model_name", f.modelName());
    map.put("model_version", f.modelVersion());
    map.put("issued_at", ApiTime.format(f.issuedAt()));
    map.put("lead_hours", f.lead().toSeconds() / 3600.0);
    map.put("aqi_category", category(f).map(Category::name).orElse(null));
    return map;
  }

  /** The category of the forecast's value on the US EPA scale, where it has one. */
  static Optional<Category> category(Forecast f) {
    if (f.pollutant().equals("aqi")) {
      return Optional.of(UsEpaScale.category((int) Math.round(f.value())));
    }
    Optional<Pollutant> pollutant = Pollutant.of(f.pollutant());
    if (pollutant.isEmpty() || !EPA.rates().containsKey(pollutant.get()) || f.value() < 0) {
      return Optional.empty();
    }
    // The shortest period whose breakpoints rate the value (US EPA's 1-hour ozone starts at 125
    // ppb, so lower ozone takes its 8-hour category).
    return EPA.rates().get(pollutant.get()).stream()
        .sorted(java.util.Comparator.comparing(Averaging::period))
        .map(averaging -> EPA.index(pollutant.get(), averaging, f.value()).category())
        .filter(java.util.Objects::nonNull)
        .findFirst();
  }

  static void csv(Context ctx, List<Forecast> forecasts) {
    ctx.contentType("text/csv; charset=utf-8");
    ctx.header("Content-Disposition", "attachment; filename=\"predictions.csv\"");
    try {
      Writer out = new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8);
      out.write(HEADER);
      for (Forecast f : forecasts) {
        out.write(f.locationId().toString());
        cell(out, HistoryCsv.text(f.pollutant()));
        cell(out, ApiTime.format(f.targetTime()));
        cell(out, HistoryCsv.number(f.value()));
        cell(out, f.lower() == null ? "" : HistoryCsv.number(f.lower()));
        cell(out, f.upper() == null ? "" : HistoryCsv.number(f.upper()));
        cell(out, f.intervalLevel() == null ? "" : HistoryCsv.number(f.intervalLevel()));
        cell(out, HistoryCsv.text(f.modelName()));
        cell(out, HistoryCsv.text(f.modelVersion()));
        cell(out, ApiTime.format(f.issuedAt()));
        cell(out, HistoryCsv.number(f.lead().toSeconds() / 3600.0));
        cell(out, HistoryCsv.text(category(f).map(Category::name).orElse("")));
        out.write("\r\n");
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void cell(Writer out, String text) throws IOException {
    out.write(',');
    out.write(text);
  }
}
