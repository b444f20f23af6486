package org.aqmrg.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aqmrg.aqi.AqiScale;
import org.aqmrg.error.NotFoundException;
import org.aqmrg.registry.RegistryLookup;
import org.aqmrg.rollups.AqiReports;

/**
 * {@code GET /api/v1/sensors/{id}/aqi} and {@code GET /api/v1/locations/{id}/aqi}: the current AQI
 * of a sensor, or of a location's sensors together, on the scale of {@code scale} ({@code us-epa},
 * the default, or {@code eu-eaqi}); see {@link AqiReports#current} and {@link AqiJson}. An unknown
 * sensor or location is a 404, an unknown scale or other parameter a 400 naming it.
 */
final class AqiRoutes {
  private final AqiReports reports;
  private final RegistryLookup registry;

  AqiRoutes(AqiReports reports, RegistryLookup registry) {
    this.reports = reports;
    this.registry = registry;
  }

  void sensor(Context ctx) {
    AqiScale scale = scale(ctx);
    String id = ctx.pathParam("id");
    if (id.length() > 100 || !registry.sensorExists(id)) {
      throw NotFoundException.of("sensor", id);
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("sensor_id", id);
    answer(ctx, body, List.of(id), scale);
  }

  void location(Context ctx) {
    AqiScale scale = scale(ctx);
    String id = ctx.pathParam("id");
    Optional<UUID> location = ReadingRoutes.uuid(id);
    List<String> sensors =
        location
            .flatMap(registry::sensorsAt)
            .orElseThrow(() -> NotFoundException.of("location", id));
    var body = new LinkedHashMap<String, Object>();
    body.put("location_id", id);
    body.put("sensor_ids", sensors);
    answer(ctx, body, sensors, scale);
  }

  private void answer(Context ctx, Map<String, Object> body, List<String> sensors, AqiScale scale) {
    var report = reports.current(sensors, scale);
    body.put("scale", scale.id());
    body.put("scale_name", scale.name());
    body.putAll(AqiJson.of(report, ApiTime.format(report.start())));
    ctx.json(body);
  }

  private static AqiScale scale(Context ctx) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (!name.equals("scale")) {
        throw HistoryParams.invalid(name, "unknown query parameter '" + name + "'; allowed: scale");
      }
    }
    return HistoryWindow.scale(ctx.queryParam("scale"));
  }
}
