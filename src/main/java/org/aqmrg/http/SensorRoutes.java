package org.aqmrg.http;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aqmrg.ingest.LatestReadings;

/** {@code /api/v1/sensors/{id}/…}: what a sensor measured. */
final class SensorRoutes {
  private final LatestReadings latest;

  SensorRoutes(LatestReadings latest) {
    this.latest = latest;
  }

  /** {@code GET /api/v1/sensors/{id}/latest}: the newest reading, with the units of its fields. */
  void latest(Context ctx) {
    String id = ctx.pathParam("id");
    if (id.length() > 100) {
      throw ApiException.invalid("id", "a sensor id has at most 100 characters");
    }
    var reading =
        latest
            .get(id)
            .orElseThrow(
                () ->
                    new ApiException(
                        404,
                        "not_found",
                        "sensor '" + id + "' has no reading within the raw retention",
                        Map.of("sensor_id", id)));
    var body = new LinkedHashMap<String, Object>();
    body.put("sensor_id", reading.sensorId());
    body.put("time", reading.time());
    body.put("location", reading.location());
    body.put("fields", reading.fields());
    body.put("units", LatestReadings.units());
    ctx.json(body);
  }
}
