package org.aqmrg.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.aqmrg.audit.AuditLog;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.flux.AnnotatedCsv;
import org.aqmrg.flux.FluxEngine;
import org.aqmrg.flux.FluxLimits;
import org.aqmrg.flux.UnknownBucketException;
import org.aqmrg.predictions.ForecastStore;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.registry.RegistryLookup;
import org.aqmrg.rollups.RollupStore;

/**
 * {@code POST /api/v2/query}: InfluxDB 2.x's query API over the supported Flux subset (see {@link
 * FluxEngine}), with a body of {@code application/vnd.flux} (the query; answered with a header and
 * no annotations, as InfluxDB does) or {@code application/json} ({@code {"query": …, "dialect":
 * {…}, "now": …}}, as the official clients send it). Answered in annotated CSV; errors in
 * InfluxDB's JSON, {@code {"code": "invalid", "message": "error @1:8-1:20: …"}}, 400, or {@code
 * "not found"}, 404, for an unknown bucket or organisation. Who may read what is the history API's
 * rule ({@link HistoryAccess}).
 */
final class FluxRoutes {
  private static final String RESTRICTED =
      "raw readings, aggregateWindow() shorter than 1h and the predictions bucket need the"
          + " researcher or admin role, or a token with read:all; without them, use"
          + " aggregateWindow(every: 1h, fn: mean) right after range() and the filters, or the"
          + " sensor_data_hourly and sensor_data_daily buckets";

  private final FluxEngine engine;
  private final ObjectMapper json;
  private final String org;
  private final AuditLog audit;

  FluxRoutes(
      ReadingStore store,
      RollupStore rollups,
      ForecastStore forecasts,
      RegistryLookup registry,
      String org,
      AuditLog audit,
      ObjectMapper json,
      Clock clock) {
    var limits =
        new FluxLimits(
            100_000,
            5_000,
            HistoryLimits.MAX_ROLLUP_WINDOWS,
            HistoryLimits.MAX_ROLLUPS,
            500_000,
            HistoryLimits.RAW_DAYS,
            HistoryLimits.HOURLY_DAYS,
            java.time.Duration.ofSeconds(30));
    this.engine =
        new FluxEngine(
            store, rollups, forecasts, () -> InfluxQlRoutes.catalog(registry), limits, clock);
    this.org = org;
    this.audit = audit;
    this.json = json;
  }

  void query(Context ctx) {
    String givenOrg = ctx.queryParam("org");
    if (givenOrg != null && !givenOrg.isBlank() && !givenOrg.equals(org)) {
      fail(ctx, 404, "not found", "organization name \"" + givenOrg + "\" not found");
      return;
    }
    String type = ctx.contentType() == null ? "" : ctx.contentType().toLowerCase(Locale.ROOT);
    String text;
    AnnotatedCsv.Dialect dialect;
    Instant now = null;
    try {
      if (type.startsWith("application/json")) {
        JsonNode body = json.readTree(ctx.bodyAsBytes());
        if (body == null || !body.isObject()) {
          throw new InvalidInputException(
              "the body must be a JSON object with \"query\"", Map.of());
        }
        text = text(body);
        dialect = dialect(body.get("dialect"));
        now = now(body.get("now"));
      } else if (type.startsWith("application/vnd.flux")) {
        text = new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8);
        dialect = AnnotatedCsv.Dialect.PLAIN;
      } else {
        throw new InvalidInputException(
            "Content-Type must be application/json or application/vnd.flux, got \""
                + ctx.contentType()
                + "\"",
            Map.of("header", "Content-Type"));
      }
    } catch (IOException e) {
      fail(ctx, 400, "invalid", "the body is not valid JSON: " + e.getMessage());
      return;
    } catch (InvalidInputException e) {
      fail(ctx, 400, "invalid", e.getMessage());
      return;
    }
    var out = new ByteArrayOutputStream();
    try {
      FluxEngine.Prepared query = engine.prepare(text, now);
      if (query.readsFinerThan(HistoryAccess.PUBLIC_MIN_WINDOW)) {
        HistoryAccess.check(ctx, "query", audit, RESTRICTED);
      }
      engine.run(query, dialect, out);
    } catch (InvalidInputException e) {
      fail(ctx, 400, "invalid", e.getMessage());
      return;
    } catch (UnknownBucketException e) {
      fail(ctx, 404, "not found", e.getMessage());
      return;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ctx.status(200).contentType("text/csv; charset=utf-8").result(out.toByteArray());
  }

  private static String text(JsonNode body) {
    JsonNode type = body.get("type");
    if (type != null && !type.isNull() && !"flux".equals(type.asText())) {
      throw new InvalidInputException(
          "query type \""
              + type.asText()
              + "\" is not supported here: this route reads Flux;"
              + " InfluxQL goes to /query",
          Map.of("field", "type"));
    }
    JsonNode extern = body.get("extern");
    if (extern != null && !extern.isNull()) {
      throw new InvalidInputException(
          "query parameters (extern, params) are not supported; write the values into the query",
          Map.of("field", "extern"));
    }
    JsonNode query = body.get("query");
    if (query == null || !query.isTextual() || query.asText().isBlank()) {
      throw new InvalidInputException(
          "the body needs \"query\": the Flux text", Map.of("field", "query"));
    }
    return query.asText();
  }

  private static AnnotatedCsv.Dialect dialect(JsonNode d) {
    if (d == null || d.isNull()) {
      return AnnotatedCsv.Dialect.CLIENTS;
    }
    String delimiter = d.path("delimiter").asText(",");
    if (!delimiter.equals(",")) {
      throw new InvalidInputException(
          "dialect.delimiter \"" + delimiter + "\" is not supported; only \",\"",
          Map.of("field", "dialect.delimiter"));
    }
    String format = d.path("dateTimeFormat").asText("RFC3339");
    if (!format.equals("RFC3339") && !format.equals("RFC3339Nano")) {
      throw new InvalidInputException(
          "dialect.dateTimeFormat is RFC3339 or RFC3339Nano, got \"" + format + "\"",
          Map.of("field", "dialect.dateTimeFormat"));
    }
    Set<String> annotations = new HashSet<>();
    JsonNode list = d.get("annotations");
    if (list != null && list.isArray()) {
      for (JsonNode a : list) {
        if (!AnnotatedCsv.Dialect.ALL.contains(a.asText())) {
          throw new InvalidInputException(
              "dialect.annotations holds \"" + a.asText() + "\"; they are datatype, group, default",
              Map.of("field", "dialect.annotations"));
        }
        annotations.add(a.asText());
      }
    }
    return new AnnotatedCsv.Dialect(annotations, d.path("header").asBoolean(true));
  }

  private static Instant now(JsonNode now) {
    if (now == null || now.isNull()) {
      return null;
    }
    try {
      return Instant.parse(now.asText());
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "now must be an RFC 3339 time, got \"" + now.asText() + "\"", Map.of("field", "now"));
    }
  }

  private void fail(Context ctx, int status, String code, String message) {
    var body = new LinkedHashMap<String, String>();
    body.put("code", code);
    body.put("message", message);
    try {
      ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
