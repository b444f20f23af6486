package org.aqmrg.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.aqmrg.ingest.IngestService;
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
  private final JsonReadings jsonReadings;
  private final long maxBodyBytes;
  private final String org;
  private final String database;

  WriteRoutes(
      IngestService ingest, ObjectMapper json, long maxBodyBytes, String org, String database) {
    this.ingest = ingest;
    this.jsonReadings = new JsonReadings(json);
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
    byte[] body = body(ctx);
    var result = ingest.writeLineProtocol(Requests.principal(ctx), body, precision);
    answer(ctx, result, "line");
  }

  /**
   * {@code POST /api/v1/readings}: one reading or an array of them, e.g. {@code {"sensor_id":
   * "LAG-IKJ-001", "time": "2026-11-25T14:05:00Z", "fields": {"pm25": 35.2}}}, items numbered from
   * 1 in refusals; or, with {@code Content-Type: application/x-ndjson}, one reading a line,
   * numbered by line. A missing time means now. See {@link JsonReadings} for what is refused.
   */
  void writeJson(Context ctx) {
    boolean ndjson = JsonReadings.isNdjson(ctx.contentType());
    var items = jsonReadings.read(body(ctx), ndjson, Instant.now());
    answer(
        ctx,
        ingest.writePoints(Requests.principal(ctx), items.points(), items.rejected()),
        items.unit());
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

  /** The body, gunzipped when sent with {@code Content-Encoding: gzip}, at most the limit. */
  private byte[] body(Context ctx) {
    long declared = ctx.contentLength();
    String encoding = ctx.header("Content-Encoding");
    if (declared > maxBodyBytes) {
      throw new ApiException(
          413,
          "request too large",
          "the body has "
              + declared
              + " bytes, more than "
              + maxBodyBytes
              + "; split it into smaller batches",
          Map.of("limit_bytes", maxBodyBytes));
    }
    boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
    try (InputStream raw = ctx.req().getInputStream()) {
      if (!gzip && declared >= 0) {
        return exactly(raw, (int) declared);
      }
      InputStream in = gzip ? new GZIPInputStream(raw) : raw;
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
      if (body.length > maxBodyBytes) {
        throw new ApiException(
            413,
            "request too large",
            "the body is larger than " + maxBodyBytes + " bytes; split it into smaller batches",
            Map.of("limit_bytes", maxBodyBytes));
      }
      return body;
    } catch (java.util.zip.ZipException e) {
      throw new ApiException(
          400,
          "invalid",
          "the body is not valid gzip: " + e.getMessage(),
          Map.of("header", "Content-Encoding"));
    } catch (IOException e) {
      throw new ApiException(
          400, "invalid", "the body could not be read: " + e.getMessage(), Map.of());
    }
  }

  /**
   * A plain body of the length its {@code Content-Length} declares, read into one array of that
   * size (reading up to the limit in steps copies a 5,000-line body twice).
   */
  private static byte[] exactly(InputStream in, int length) throws IOException {
    byte[] body = new byte[length];
    int read = in.readNBytes(body, 0, length);
    if (read < length) {
      throw new IOException("the body ended after " + read + " of its " + length + " bytes");
    }
    return body;
  }
}
