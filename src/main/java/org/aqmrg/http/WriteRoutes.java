package org.aqmrg.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aqmrg.ingest.IngestService;
import org.aqmrg.ingest.lineprotocol.Precision;
import org.aqmrg.readings.SeedBucket;

/**
 * The doors readings come in by: {@code POST /api/v2/write} (InfluxDB 2.x), {@code POST /write}
 * (InfluxDB 1.x), and {@code POST /api/v1/readings} (JSON). InfluxDB's semantics: 204 when all is
 * written; when some lines are bad, the good ones are written and a 400 lists each bad one.
 */
final class WriteRoutes {
  /** Refused lines listed in one answer; the count says how many there were in all. */
  static final int MAX_LISTED_ERRORS = 100;

  private final IngestService ingest;
  private final JsonReadings jsonReadings;
  private final Bodies bodies;
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
    this.jsonReadings = new JsonReadings(json);
    this.bodies = bodies;
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
    String raw = SeedBucket.RAW.bucket();
    if (!bucket.equals(raw) && !bucket.equals(database + "/" + raw)) {
      throw new ApiException(
          404,
          "not_found",
          "bucket \"" + bucket + "\" not found; readings go to bucket sensor_data",
          Map.of("parameter", "bucket"));
    }
    String givenOrg = ctx.queryParam("org");
    if (givenOrg != null && !givenOrg.isBlank() && !givenOrg.equals(org)) {
      throw new ApiException(
          404,
          "not_found",
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
          404, "not_found", "database not found: \"" + db + "\"", Map.of("parameter", "db"));
    }
    String rp = ctx.queryParam("rp");
    if (rp != null && !rp.isBlank() && !rp.equals(SeedBucket.RAW.bucket())) {
      throw new ApiException(
          404,
          "not_found",
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
   * "LAG-IKJ-001", "time": "2026-11-25T14:05:00Z", "fields": {"pm25": 35.2}}}, items numbered from
   * 1 in refusals; or, with {@code Content-Type: application/x-ndjson}, one reading a line,
   * numbered by line. A missing time means now. See {@link JsonReadings} for what is refused.
   */
  void writeJson(Context ctx) {
    boolean ndjson = JsonReadings.isNdjson(ctx.contentType());
    try (var body = body(ctx)) {
      var items = jsonReadings.read(body.bytes(), ndjson, Instant.now());
      answer(
          ctx,
          ingest.writePoints(Requests.principal(ctx), items.points(), items.rejected()),
          items.unit());
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
    String outcome =
        result.written() == 0
            ? "nothing was written: %d %s(s) refused".formatted(result.rejected().size(), unit)
            : "partial write: %d %s(s) refused, %d reading(s) written"
                .formatted(result.rejected().size(), unit, result.written());
    throw new ApiException(
        400,
        "invalid",
        outcome + "; first: %s %d: %s".formatted(unit, first.line(), first.reason()),
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
    return bodies.read(ctx, maxBodyBytes, size -> Bodies.tooLarge(size, maxBodyBytes));
  }
}
