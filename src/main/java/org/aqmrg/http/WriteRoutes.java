package org.aqmrg.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.ingest.IngestService;
import org.aqmrg.ingest.Validator;
import org.aqmrg.ingest.lineprotocol.FieldValue;
import org.aqmrg.ingest.lineprotocol.Point;
import org.aqmrg.ingest.lineprotocol.Precision;

/**
 * The doors readings come in by: {@code POST /api/v2/write} (InfluxDB 2.x), {@code POST /write}
 * (InfluxDB 1.x), and {@code POST /api/v1/readings} (JSON). InfluxDB's semantics: 204 when all is
 * written; when some lines are bad, the good ones are written and a 400 lists each bad one.
 */
final class WriteRoutes {
  /** Refused lines listed in one answer; the count says how many there were in all. */
  static final int MAX_LISTED_ERRORS = 100;

  private final IngestService ingest;
  private final Bodies bodies;
  private final ObjectMapper json;
  private final long maxBodyBytes;
  private final String org;
  private final String database;

  WriteRoutes(
      IngestService ingest,
      Bodies bodies,
      ObjectMapper json,
      long maxBodyBytes,
      String org,
      String database) {
    this.ingest = ingest;
    this.bodies = bodies;
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
    this.org = org;
    this.database = database;
  }

  /** {@code POST /api/v2/write?org=…&bucket=…&precision=…}. */
  void writeV2(Context ctx) {
    String bucket = ctx.queryParam("bucket");
    if (bucket == null || bucket.isBlank()) {
      throw new ApiException(400, "invalid", "bucket is required", Map.of("parameter", "bucket"));
    }
    if (!bucket.equals("sensor_data") && !bucket.equals(database + "/sensor_data")) {
      throw new ApiException(
          404,
          "not found",
          "bucket \"" + bucket + "\" not found; readings go to bucket sensor_data",
          Map.of("parameter", "bucket"));
    }
    String givenOrg = ctx.queryParam("org");
    if (givenOrg != null && !givenOrg.isBlank() && !givenOrg.equals(org)) {
      throw new ApiException(
          404,
          "not found",
          "organization name \"" + givenOrg + "\" not found; the organization is " + org,
          Map.of("parameter", "org"));
    }
    write(ctx, precision(ctx, "ns"));
  }

  /** {@code POST /write?db=…&rp=…&precision=…}. */
  void writeV1(Context ctx) {
    String db = ctx.queryParam("db");
    if (db == null || db.isBlank()) {
      throw new ApiException(
          400, "invalid", "database is required (db=" + database + ")", Map.of("parameter", "db"));
    }
    if (!db.equals(database)) {
      throw new ApiException(
          404, "not found", "database not found: \"" + db + "\"", Map.of("parameter", "db"));
    }
    String rp = ctx.queryParam("rp");
    if (rp != null && !rp.isBlank() && !rp.equals("sensor_data")) {
      throw new ApiException(
          404,
          "not found",
          "retention policy not found: \"" + rp + "\"; readings go to sensor_data",
          Map.of("parameter", "rp"));
    }
    write(ctx, precision(ctx, "ns"));
  }

  private void write(Context ctx, Precision precision) {
    try (var body = body(ctx)) {
      var result = ingest.writeLineProtocol(Requests.principal(ctx), body.bytes(), precision);
      answer(ctx, result, "line");
    }
  }

  /**
   * {@code POST /api/v1/readings}: one reading or an array of them, e.g. {@code {"sensor_id":
   * "LAG-IKJ-001", "time": "2026-11-25T14:05:00Z", "fields": {"pm25": 35.2}}}. Items are numbered
   * from 1 in refusals; a missing time means now.
   */
  void writeJson(Context ctx) {
    JsonNode root;
    try (var body = body(ctx)) {
      root = json.readTree(body.bytes());
    } catch (IOException e) {
      throw new ApiException(
          400, "invalid_json", "the body is not valid JSON: " + e.getMessage(), Map.of());
    }
    if (root == null || !(root.isObject() || root.isArray())) {
      throw new ApiException(
          400, "invalid_json", "the body must be a reading object or an array of them", Map.of());
    }
    List<JsonNode> items = new ArrayList<>();
    if (root.isArray()) {
      root.forEach(items::add);
    } else {
      items.add(root);
    }
    var points = new ArrayList<IngestService.Numbered>();
    var rejected = new ArrayList<IngestService.Rejection>();
    Instant now = Instant.now();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      try {
        points.add(new IngestService.Numbered(i + 1, point(item, now), item.toString()));
      } catch (IllegalArgumentException e) {
        String text = item.toString();
        rejected.add(
            new IngestService.Rejection(
                i + 1,
                1,
                e.getMessage(),
                text.length() > 200 ? text.substring(0, 200) + "…" : text));
      }
    }
    answer(ctx, ingest.writePoints(Requests.principal(ctx), points, rejected), "item");
  }

  private static Point point(JsonNode item, Instant now) {
    if (!item.isObject()) {
      throw new IllegalArgumentException("an item must be an object");
    }
    var tags = new LinkedHashMap<String, String>();
    var fields = new LinkedHashMap<String, FieldValue>();
    long time = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    var names = item.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      JsonNode value = item.get(name);
      switch (name) {
        case "sensor_id", "location", "manufacturer" -> {
          if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + name + "' must be a string");
          }
          tags.put(name, value.asText());
        }
        case "time" -> time = time(value);
        case "fields" -> {
          if (!value.isObject() || value.isEmpty()) {
            throw new IllegalArgumentException(
                "'fields' must be an object with at least one field");
          }
          var fieldNames = value.fieldNames();
          while (fieldNames.hasNext()) {
            String field = fieldNames.next();
            JsonNode number = value.get(field);
            if (!number.isNumber()) {
              throw new IllegalArgumentException("field '" + field + "' must be a number");
            }
            fields.put(field, FieldValue.ofFloat(number.doubleValue()));
          }
        }
        default ->
            throw new IllegalArgumentException(
                "unknown property '"
                    + name
                    + "': use sensor_id, time, location, manufacturer, fields");
      }
    }
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("'fields' is required");
    }
    return Point.of(Validator.MEASUREMENT, tags, fields, time);
  }

  private static long time(JsonNode value) {
    if (!value.isTextual()) {
      throw new IllegalArgumentException(
          "'time' must be an ISO-8601 UTC string such as 2026-11-25T14:05:00Z");
    }
    try {
      Instant time = Instant.parse(value.asText());
      return Math.addExact(
          Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "'time' must be an ISO-8601 UTC time such as 2026-11-25T14:05:00Z, got '"
              + value.asText()
              + "'");
    }
  }

  private void answer(Context ctx, IngestService.Result result, String unit) {
    if (result.complete()) {
      ctx.status(204);
      return;
    }
    var listed =
        result.rejected().subList(0, Math.min(MAX_LISTED_ERRORS, result.rejected().size()));
    var errors = new ArrayList<Map<String, Object>>();
    for (var rejection : listed) {
      var error = new LinkedHashMap<String, Object>();
      error.put(unit, rejection.line());
      if ("line".equals(unit)) {
        error.put("column", rejection.column());
      }
      error.put("reason", rejection.reason());
      error.put("text", rejection.text());
      errors.add(error);
    }
    var first = result.rejected().get(0);
    var details = new LinkedHashMap<String, Object>();
    details.put("written", result.written());
    details.put("refused", result.rejected().size());
    details.put("errors", errors);
    throw new ApiException(
        400,
        "invalid",
        "partial write: %d %s(s) refused, %d reading(s) written; first: %s %d: %s"
            .formatted(
                result.rejected().size(),
                unit,
                result.written(),
                unit,
                first.line(),
                first.reason()),
        details);
  }

  private static Precision precision(Context ctx, String fallback) {
    String raw = ctx.queryParam("precision");
    try {
      return Precision.parse(raw == null || raw.isBlank() ? fallback : raw);
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          400,
          "invalid",
          "precision must be ns, us, ms or s (1.x also n, u, m, h), got '" + raw + "'",
          Map.of("parameter", "precision"));
    }
  }

  /**
   * The body, gunzipped when sent with {@code Content-Encoding: gzip}, at most the limit; closing
   * it gives its memory back (see {@link Bodies}).
   */
  private Bodies.Body body(Context ctx) {
    return bodies.read(
        ctx,
        maxBodyBytes,
        size ->
            new ApiException(
                413,
                "request too large",
                (size < 0
                        ? "the body is larger than "
                        : "the body has " + size + " bytes, more than ")
                    + maxBodyBytes
                    + (size < 0 ? " bytes" : "")
                    + "; split it into smaller batches",
                Map.of("limit_bytes", maxBodyBytes)));
  }
}
