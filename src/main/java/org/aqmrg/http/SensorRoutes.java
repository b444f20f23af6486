package org.aqmrg.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.error.NotFoundException;
import org.aqmrg.ingest.LatestReadings;
import org.aqmrg.registry.Changed;
import org.aqmrg.registry.Sensor;
import org.aqmrg.registry.SensorStatus;
import org.aqmrg.registry.Sensors;

/**
 * {@code /api/v1/sensors}: the sensor registry, read by anyone and changed by admins (every change
 * audited), and what a sensor measured last.
 */
final class SensorRoutes {
  private static final List<String> LIST_PARAMETERS =
      List.of(
          "city", "country", "status", "manufacturer", "location_id", "bbox", "limit", "offset");

  private final Sensors sensors;
  private final LatestReadings latest;
  private final AuditLog audit;
  private final ObjectMapper json;

  SensorRoutes(Sensors sensors, LatestReadings latest, AuditLog audit, ObjectMapper json) {
    this.sensors = sensors;
    this.latest = latest;
    this.audit = audit;
    this.json = json;
  }

  /** A sensor as a client sends it; every field may be missing or null. */
  record SensorBody(
      JsonNode id,
      JsonNode name,
      JsonNode manufacturer,
      JsonNode locationId,
      JsonNode status,
      JsonNode metadata) {}

  void list(Context ctx) {
    Params.allowOnly(ctx, LIST_PARAMETERS);
    var paging = Paging.of(ctx);
    var query =
        new Sensors.Query(
            Params.text(ctx, "city", 100),
            Params.country(ctx),
            statuses(Params.text(ctx, "status", 200)),
            Params.text(ctx, "manufacturer", 100),
            Params.uuidQuery(ctx, "location_id"),
            Params.bbox(ctx));
    ctx.json(
        Map.of(
            "sensors",
            sensors.list(query, paging.limit(), paging.offset()),
            "limit",
            paging.limit(),
            "offset",
            paging.offset()));
  }

  void get(Context ctx) {
    String id = id(ctx);
    ctx.json(sensors.find(id).orElseThrow(() -> NotFoundException.of("sensor", id)));
  }

  void create(Context ctx) {
    var body = Json.read(ctx, json, SensorBody.class);
    Sensor created =
        sensors.create(
            new Sensor(
                JsonFields.text(body.id(), "id"),
                JsonFields.text(body.name(), "name"),
                JsonFields.text(body.manufacturer(), "manufacturer"),
                JsonFields.uuid(body.locationId(), "location_id"),
                JsonFields.status(body.status(), "status"),
                JsonFields.object(body.metadata(), "metadata"),
                null,
                null));
    Requests.audit(
        ctx, audit, "sensor.create", "sensor", created.id(), Changed.fields(json, created));
    ctx.header("Location", "/api/v1/sensors/" + created.id()).status(201).json(created);
  }

  /** {@code PATCH}: the fields given replace the stored ones; {@code null} empties a field. */
  void change(Context ctx) {
    String id = id(ctx);
    var body = Json.read(ctx, json, SensorBody.class);
    if (body.id() != null && !id.equals(JsonFields.text(body.id(), "id"))) {
      throw InvalidInputException.field(
          "id", "a sensor's id cannot be changed; retire it and register the new id");
    }
    if (body.name() == null
        && body.manufacturer() == null
        && body.locationId() == null
        && body.status() == null
        && body.metadata() == null) {
      throw InvalidInputException.field(
          "body", "give at least one of name, manufacturer, location_id, status, metadata");
    }
    var changed =
        sensors.change(
            id,
            s ->
                new Sensor(
                    s.id(),
                    JsonFields.patched(body.name(), "name", s.name(), JsonFields::text),
                    JsonFields.patched(
                        body.manufacturer(), "manufacturer", s.manufacturer(), JsonFields::text),
                    JsonFields.patched(
                        body.locationId(), "location_id", s.locationId(), JsonFields::uuid),
                    JsonFields.patched(body.status(), "status", s.status(), JsonFields::status),
                    JsonFields.patched(
                        body.metadata(), "metadata", s.metadata(), JsonFields::object),
                    s.createdAt(),
                    s.updatedAt()));
    Requests.audit(
        ctx, audit, "sensor.update", "sensor", id, Map.of("changes", changed.differences(json)));
    ctx.json(changed.after());
  }

  /** {@code DELETE}: retires the sensor; it stays readable and ingest refuses it from now on. */
  void retire(Context ctx) {
    String id = id(ctx);
    var changed = sensors.retire(id);
    Requests.audit(
        ctx, audit, "sensor.retire", "sensor", id, Map.of("changes", changed.differences(json)));
    ctx.json(changed.after());
  }

  /** {@code GET /api/v1/sensors/{id}/latest}: the newest reading, with the units of its fields. */
  void latest(Context ctx) {
    String id = id(ctx);
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
    var body = ApiTime.latest(reading);
    body.put("units", LatestReadings.units());
    ctx.json(body);
  }

  private static String id(Context ctx) {
    String id = ctx.pathParam("id");
    if (id.length() > Sensor.MAX_ID_LENGTH) {
      throw InvalidInputException.field(
          "id", "a sensor id has at most " + Sensor.MAX_ID_LENGTH + " characters");
    }
    return id;
  }

  /** {@code status=a,b}: those statuses; none given means every status but retired. */
  private static EnumSet<SensorStatus> statuses(String raw) {
    var statuses = EnumSet.noneOf(SensorStatus.class);
    if (raw == null) {
      return statuses;
    }
    for (String part : raw.split(",", -1)) {
      statuses.add(
          SensorStatus.parse(part.strip())
              .orElseThrow(
                  () ->
                      InvalidInputException.field(
                          "status",
                          "unknown status '"
                              + part.strip()
                              + "' in query parameter 'status': use one or more of "
                              + SensorStatus.allowed()
                              + ", separated by commas")));
    }
    return statuses;
  }
}
