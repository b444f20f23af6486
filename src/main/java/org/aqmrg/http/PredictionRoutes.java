package org.aqmrg.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.aqmrg.predictions.ForecastParser;
import org.aqmrg.predictions.ForecastQuery;
import org.aqmrg.predictions.Predictions;
import org.aqmrg.predictions.Skill;

/**
 * The forecasting pipeline's routes: {@code POST /api/v1/predictions} (a JSON array of forecasts;
 * 204 when all were stored, 400 listing the refused ones by index with the good ones stored),
 * {@code GET /api/v1/locations/{id}/forecast} (the latest issue of each target time, from the
 * cache), {@code GET /api/v1/predictions} (every stored forecast, filtered and paged, JSON or CSV)
 * and {@code GET /api/v1/predictions/skill}. See docs/API.md.
 */
final class PredictionRoutes {
  /** The forecast's default span from now, and the longest span of any read. */
  static final Duration DEFAULT_SPAN = Duration.ofHours(72);

  static final Duration MAX_SPAN = Duration.ofDays(366);
  private static final int MAX_LISTED = 100;
  private static final int MAX_CSV = 100_000;

  private final Predictions predictions;
  private final Bodies bodies;
  private final ObjectMapper json;
  private final long maxBodyBytes;
  private final Clock clock;

  PredictionRoutes(
      Predictions predictions, Bodies bodies, ObjectMapper json, long maxBodyBytes, Clock clock) {
    this.predictions = predictions;
    this.bodies = bodies;
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
    this.clock = clock;
  }

  void write(Context ctx) {
    JsonNode array;
    try (var body = bodies.read(ctx, maxBodyBytes, size -> Bodies.tooLarge(size, maxBodyBytes))) {
      array = json.readTree(body.bytes());
    } catch (IOException e) {
      throw new ApiException(
          400,
          "invalid_json",
          "the body could not be read as JSON: " + e.getMessage() + "; nothing was stored",
          Map.of("written", 0));
    }
    var result = predictions.write(array);
    if (result.refused().isEmpty()) {
      ctx.status(204);
      return;
    }
    var errors = new ArrayList<Map<String, Object>>();
    for (var refusal : result.refused().subList(0, Math.min(MAX_LISTED, result.refused().size()))) {
      var error = new LinkedHashMap<String, Object>();
      error.put("index", refusal.index());
      if (refusal.field() != null) {
        error.put("field", refusal.field());
      }
      error.put("reason", refusal.reason());
      errors.add(error);
    }
    var first = result.refused().get(0);
    String outcome =
        result.written() == 0
            ? "nothing was written: %d forecast(s) refused".formatted(result.refused().size())
            : "partial write: %d forecast(s) refused, %d written"
                .formatted(result.refused().size(), result.written());
    throw new ApiException(
        400,
        "invalid",
        outcome + "; first: index %d: %s".formatted(first.index(), first.reason()),
        Map.of("written", result.written(), "refused", result.refused().size(), "errors", errors));
  }

  void forecast(Context ctx) {
    Params.allowOnly(ctx, List.of("pollutant", "from", "to", "model"));
    UUID location = Params.uuidPath(ctx, "id");
    Instant from =
        HistoryParams.time(ctx, "from")
            .orElseGet(() -> clock.instant().truncatedTo(ChronoUnit.HOURS));
    Instant to = HistoryParams.time(ctx, "to").orElse(from.plus(DEFAULT_SPAN));
    checkSpan(from, to);
    Optional<String> pollutant = pollutant(ctx);
    Optional<String> model = Optional.ofNullable(ctx.queryParam("model"));
    var forecasts = predictions.forecast(location, pollutant, from, to, model);
    var body = new LinkedHashMap<String, Object>();
    body.put("location_id", location);
    body.put("from", ApiTime.format(from));
    body.put("to", ApiTime.format(to));
    body.put("forecasts", forecasts.stream().map(ForecastJson::of).toList());
    ctx.json(body);
  }

  void list(Context ctx) {
    Params.allowOnly(
        ctx,
        List.of(
            "location",
            "pollutant",
            "model",
            "model_version",
            "from",
            "to",
            "limit",
            "offset",
            "format"));
    Instant to = HistoryParams.time(ctx, "to").orElseGet(() -> clock.instant().plus(DEFAULT_SPAN));
    Instant from = HistoryParams.time(ctx, "from").orElse(to.minus(Duration.ofDays(7)));
    checkSpan(from, to);
    var query =
        new ForecastQuery(
            Optional.ofNullable(Params.uuidQuery(ctx, "location")),
            pollutant(ctx),
            Optional.ofNullable(ctx.queryParam("model")),
            Optional.ofNullable(ctx.queryParam("model_version")),
            from,
            to);
    boolean csv = format(ctx);
    // CSV is an export: up to 100,000 rows by default, JSON pages of Paging's size.
    var paging =
        csv
            ? new Paging(
                Paging.number(ctx, "limit", MAX_CSV, 1, MAX_CSV),
                Paging.number(ctx, "offset", 0, 0, Integer.MAX_VALUE))
            : Paging.of(ctx);
    var page = predictions.list(query, paging.limit(), paging.offset());
    if (csv) {
      ForecastJson.csv(ctx, page.forecasts());
      return;
    }
    var body = new LinkedHashMap<String, Object>();
    body.put("from", ApiTime.format(from));
    body.put("to", ApiTime.format(to));
    body.put("limit", paging.limit());
    body.put("offset", paging.offset());
    body.put("more", page.more());
    body.put("forecasts", page.forecasts().stream().map(ForecastJson::of).toList());
    ctx.json(body);
  }

  void skill(Context ctx) {
    Params.allowOnly(ctx, List.of("location", "pollutant", "model", "from", "to"));
    UUID location = Params.uuidQuery(ctx, "location");
    if (location == null) {
      throw HistoryParams.invalid("location", "location (a location's id) is required", Map.of());
    }
    String pollutant =
        pollutant(ctx)
            .orElseThrow(
                () -> HistoryParams.invalid("pollutant", "pollutant is required", Map.of()));
    Instant to = HistoryParams.time(ctx, "to").orElseGet(clock::instant);
    Instant from = HistoryParams.time(ctx, "from").orElse(to.minus(Duration.ofDays(30)));
    checkSpan(from, to);
    Optional<String> model = Optional.ofNullable(ctx.queryParam("model"));
    Skill.Report report = predictions.skill(location, pollutant, model, from, to);
    var body = new LinkedHashMap<String, Object>();
    body.put("location_id", location);
    body.put("pollutant", pollutant);
    body.put("model", model.orElse(null));
    body.put("from", ApiTime.format(from));
    body.put("to", ApiTime.format(to));
    body.put("observed", "hourly mean of the location's sensors (aqi: hourly US EPA AQI)");
    body.put("overall", report.overall());
    body.put("by_lead", report.byLead());
    ctx.json(body);
  }

  private static Optional<String> pollutant(Context ctx) {
    String key = ctx.queryParam("pollutant");
    if (key == null) {
      return Optional.empty();
    }
    if (!ForecastParser.knownPollutant(key)) {
      throw HistoryParams.invalid(
          "pollutant",
          "pollutant must be one of pm25, pm10, temperature, humidity, co, no2, o3 or aqi, got '"
              + key
              + "'",
          Map.of());
    }
    return Optional.of(key);
  }

  private static boolean format(Context ctx) {
    String format = ctx.queryParam("format");
    if (format == null || format.equals("json")) {
      return false;
    }
    if (format.equals("csv")) {
      return true;
    }
    throw HistoryParams.invalid(
        "format", "format must be json or csv, got '" + format + "'", Map.of());
  }

  private static void checkSpan(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw HistoryParams.invalid("to", "to must be after from", Map.of());
    }
    if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
      throw HistoryParams.invalid("to", "from and to may be at most 366 days apart", Map.of());
    }
  }
}
