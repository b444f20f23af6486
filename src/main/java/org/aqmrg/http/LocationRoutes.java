package org.aqmrg.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.error.NotFoundException;
import org.aqmrg.ingest.LatestReadings;
import org.aqmrg.registry.Changed;
import org.aqmrg.registry.Location;
import org.aqmrg.registry.Locations;
import org.aqmrg.registry.Sensors;

/**
 * {@code /api/v1/locations}: the monitoring sites, read by anyone and changed by admins (every
 * change audited), and the latest reading of each sensor of a site.
 */
final class LocationRoutes {
  private static final List<String> LIST_PARAMETERS =
      List.of("city", "country", "bbox", "limit", "offset");

  private final Locations locations;
  private final Sensors sensors;
  private final LatestReadings latest;
  private final AuditLog audit;
  private final ObjectMapper json;

  LocationRoutes(
      Locations locations,
      Sensors sensors,
      LatestReadings latest,
      AuditLog audit,
      ObjectMapper json) {
    this.locations = locations;
    this.sensors = sensors;
    this.latest = latest;
    this.audit = audit;
    this.json = json;
  }

  /** A location as a client sends it; every field may be missing or null. */
  record LocationBody(
      JsonNode name,
      JsonNode city,
      JsonNode country,
      JsonNode latitude,
      JsonNode longitude,
      JsonNode timezone,
      JsonNode metadata) {}

  void list(Context ctx) {
    Params.allowOnly(ctx, LIST_PARAMETERS);
    var paging = Paging.of(ctx);
    var query =
        new Locations.Query(Params.text(ctx, "city", 100), Params.country(ctx), Params.bbox(ctx));
    ctx.json(
        Map.of(
            "locations",
            locations.list(query, paging.limit(), paging.offset()),
            "limit",
            paging.limit(),
            "offset",
            paging.offset()));
  }

  void get(Context ctx) {
    UUID id = Params.uuidPath(ctx, "id");
    ctx.json(find(id));
  }

  void create(Context ctx) {
    var body = Json.read(ctx, json, LocationBody.class);
    Location created =
        locations.create(
            new Location(
                null,
                JsonFields.text(body.name(), "name"),
                JsonFields.text(body.city(), "city"),
                JsonFields.text(body.country(), "country"),
                JsonFields.number(body.latitude(), "latitude"),
                JsonFields.number(body.longitude(), "longitude"),
                JsonFields.text(body.timezone(), "timezone"),
                JsonFields.object(body.metadata(), "metadata"),
                null,
                null));
    String id = created.id().toString();
    Requests.audit(ctx, audit, "location.create", "location", id, Changed.fields(json, created));
    ctx.header("Location", "/api/v1/locations/" + id).status(201).json(created);
  }

  /** {@code PATCH}: the fields given replace the stored ones; {@code null} empties a field. */
  void change(Context ctx) {
    UUID id = Params.uuidPath(ctx, "id");
    var body = Json.read(ctx, json, LocationBody.class);
    if (body.equals(new LocationBody(null, null, null, null, null, null, null))) {
      throw InvalidInputException.field(
          "body",
          "give at least one of name, city, country, latitude, longitude, timezone, metadata");
    }
    var changed =
        locations.change(
            id,
            l ->
                new Location(
                    l.id(),
                    JsonFields.patched(body.name(), "name", l.name(), JsonFields::text),
                    JsonFields.patched(body.city(), "city", l.city(), JsonFields::text),
                    JsonFields.patched(body.country(), "country", l.country(), JsonFields::text),
                    JsonFields.patched(
                        body.latitude(), "latitude", l.latitude(), JsonFields::number),
                    JsonFields.patched(
                        body.longitude(), "longitude", l.longitude(), JsonFields::number),
                    JsonFields.patched(body.timezone(), "timezone", l.timezone(), JsonFields::text),
                    JsonFields.patched(
                        body.metadata(), "metadata", l.metadata(), JsonFields::object),
                    l.createdAt(),
                    l.updatedAt()));
    Requests.audit(
        ctx,
        audit,
        "location.update",
        "location",
        id.toString(),
        Map.of("changes", changed.differences(json)));
    ctx.json(changed.after());
  }

  /** {@code DELETE}: only a location nothing refers to; 409 while sensors are placed there. */
  void delete(Context ctx) {
    UUID id = Params.uuidPath(ctx, "id");
    Location deleted = locations.delete(id);
    Requests.audit(
        ctx, audit, "location.delete", "location", id.toString(), Changed.fields(json, deleted));
    ctx.status(204);
  }

  /**
   * {@code GET /api/v1/locations/{id}/latest}: the newest reading of each sensor of the location
   * that is not retired, in one cache round trip; sensors without a reading are left out.
   */
  void latest(Context ctx) {
    UUID id = Params.uuidPath(ctx, "id");
    find(id);
    var body = new LinkedHashMap<String, Object>();
    body.put("location_id", id);
    body.put("readings", latest.getAll(sensors.idsAt(id)).stream().map(ApiTime::latest).toList());
    body.put("units", LatestReadings.units());
    ctx.json(body);
  }

  private Location find(UUID id) {
    return locations.find(id).orElseThrow(() -> NotFoundException.of("location", id.toString()));
  }
}
