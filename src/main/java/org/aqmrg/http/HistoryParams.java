package org.aqmrg.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;

/**
 * The query parameters of the history routes, checked: each wrong one is a 400 that names it and
 * says what is allowed. {@link HistoryWindow} decides where the answer comes from; {@link
 * HistoryLimits} refuses a range past what that tier keeps (never clipping it without saying so)
 * and more work than one request may ask for.
 *
 * @param window the window, the function and where they are read from
 * @param limit page size of raw readings
 * @param cursor where the previous raw page ended
 */
record HistoryParams(
    Instant from,
    Instant to,
    List<Field> fields,
    HistoryWindow window,
    Format format,
    int limit,
    Optional<Query.Position> cursor) {

  /** The range when {@code from} is not given: the last 24 hours before {@code to}. */
  static final Duration DEFAULT_SPAN = Duration.ofHours(24);

  static final int DEFAULT_LIMIT = 1_000;
  static final int MAX_LIMIT = 10_000;

  enum Format {
    JSON,
    CSV
  }

  private static final Set<String> PARAMETERS =
      Set.of("from", "to", "fields", "every", "fn", "scale", "format", "limit", "cursor");
  private static final String TIMES =
      "an ISO-8601 time such as 2026-11-25T14:00:00Z (an offset such as +01:00 is converted to"
          + " UTC) or a date such as 2026-11-25 (midnight UTC)";

  static HistoryParams of(Context ctx, Clock clock) {
    return of(ctx.queryParamMap(), clock);
  }

  /**
   * The parameters of a query string, by name, each with its values in order (the first counts).
   */
  static HistoryParams of(Map<String, List<String>> query, Clock clock) {
    Function<String, String> param =
        name -> {
          List<String> values = query.get(name);
          return values == null || values.isEmpty() ? null : values.get(0);
        };
    for (String name : query.keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw invalid(
            name,
            "unknown query parameter '" + name + "'; allowed: " + String.join(", ", sorted()),
            Map.of());
      }
    }
    Instant to = time(param.apply("to"), "to").orElseGet(clock::instant);
    Instant from = time(param.apply("from"), "from").orElse(to.minus(DEFAULT_SPAN));
    if (!from.isBefore(to)) {
      throw invalid("from", "from (" + from + ") must be before to (" + to + ")", Map.of());
    }
    Duration span = Duration.between(from, to);
    HistoryWindow window =
        HistoryWindow.of(param.apply("every"), param.apply("fn"), param.apply("scale"));
    HistoryLimits.retention(window, from, clock.instant());
    String limitText = param.apply("limit");
    String cursorText = param.apply("cursor");
    if (window.every().isPresent()) {
      if (limitText != null || cursorText != null) {
        String name = limitText != null ? "limit" : "cursor";
        throw invalid(
            name, name + " applies to raw readings (every=raw); windows are not paged", Map.of());
      }
      HistoryLimits.windows(window, span);
    }
    return new HistoryParams(
        from,
        to,
        fields(param.apply("fields")),
        window,
        format(param.apply("format")),
        limit(limitText),
        cursor(cursorText));
  }

  /** True for raw readings ({@code every=raw}), not windows. */
  boolean raw() {
    return window.every().isEmpty();
  }

  /** The window; empty for raw readings. */
  Optional<Duration> every() {
    return window.every();
  }

  /** The store query for these sensors, when raw readings answer. */
  Query query(List<String> sensorIds) {
    return window
        .every()
        .<Query>map(
            every -> new Query.Windowed(sensorIds, from, to, fields, every, window.aggregate()))
        .orElseGet(() -> new Query.Raw(sensorIds, from, to, fields, limit, cursor));
  }

  /**
   * These parameters for the subject's local days: for daily windows and the daily AQI, a {@code
   * from} or {@code to} given as a bare date means that date's midnight in {@code zone}, so {@code
   * from=2026-11-01} starts with 1 November in Lagos, not at 01:00 local time.
   */
  HistoryParams inZone(Context ctx, ZoneId zone) {
    if (!window.source().equals("daily")) {
      return this;
    }
    Instant localFrom = date(ctx, "from").map(d -> d.atStartOfDay(zone).toInstant()).orElse(from);
    Instant localTo = date(ctx, "to").map(d -> d.atStartOfDay(zone).toInstant()).orElse(to);
    return new HistoryParams(localFrom, localTo, fields, window, format, limit, cursor);
  }

  private static Optional<LocalDate> date(Context ctx, String name) {
    String text = ctx.queryParam(name);
    return text != null && text.trim().length() == 10
        ? Optional.of(LocalDate.parse(text.trim()))
        : Optional.empty();
  }

  /** The opaque cursor of the page after {@code position}. */
  static String cursorOf(Query.Position position) {
    String text = position.timeNanos() + ":" + position.sensorId();
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<Query.Position> cursor(String text) {
    if (text == null) {
      return Optional.empty();
    }
    try {
      String decoded =
          new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon > 0 && colon < decoded.length() - 1) {
        return Optional.of(
            new Query.Position(
                Long.parseLong(decoded.substring(0, colon)), decoded.substring(colon + 1)));
      }
    } catch (IllegalArgumentException e) {
      // answered below (NumberFormatException is one too)
    }
    throw invalid(
        "cursor",
        "cursor must be a next_cursor that this API gave out, got '" + text + "'",
        Map.of());
  }

  /** A time parameter (RFC 3339, or a UTC date); empty when absent; a 400 naming it if bad. */
  static Optional<Instant> time(Context ctx, String name) {
    return time(ctx.queryParam(name), name);
  }

  /** The time {@code text} of parameter {@code name}; empty when null; a 400 naming it if bad. */
  static Optional<Instant> time(String text, String name) {
    if (text == null) {
      return Optional.empty();
    }
    // A '+' of an offset that was not URL-encoded arrives as a space.
    String value = text.trim().replace(' ', '+');
    try {
      if (value.length() == 10) {
        return Optional.of(LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC));
      }
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      throw invalid(name, name + " must be " + TIMES + ", got '" + text + "'", Map.of());
    }
  }

  private static List<Field> fields(String text) {
    if (text == null) {
      return List.of(Field.values());
    }
    var fields = new ArrayList<Field>();
    for (String key : text.split(",", -1)) {
      Field field =
          Field.of(key.trim())
              .orElseThrow(
                  () ->
                      invalid(
                          "fields",
                          "unknown field '"
                              + key.trim()
                              + "' in fields; allowed: "
                              + allowedFields()
                              + ", separated by commas",
                          Map.<String, Object>of("allowed", allowedFields())));
      if (fields.contains(field)) {
        throw invalid(
            "fields",
            "field '" + field.key() + "' is given twice in fields; name each field once",
            Map.<String, Object>of("field", field.key()));
      }
      fields.add(field);
    }
    return fields;
  }

  private static Format format(String text) {
    if (text == null || text.equals("json")) {
      return Format.JSON;
    }
    if (text.equals("csv")) {
      return Format.CSV;
    }
    throw invalid("format", "format must be json or csv; got '" + text + "'", Map.of());
  }

  private static int limit(String text) {
    if (text != null) {
      try {
        int limit = Integer.parseInt(text.trim());
        if (limit >= 1 && limit <= MAX_LIMIT) {
          return limit;
        }
      } catch (NumberFormatException e) {
        // answered below
      }
      throw invalid(
          "limit",
          "limit must be a whole number from 1 to " + MAX_LIMIT + ", got '" + text + "'",
          Map.<String, Object>of("max", MAX_LIMIT));
    }
    return DEFAULT_LIMIT;
  }

  private static String allowedFields() {
    var keys = new ArrayList<String>();
    for (Field field : Field.values()) {
      keys.add(field.key());
    }
    return String.join(", ", keys);
  }

  private static TreeSet<String> sorted() {
    return new TreeSet<>(PARAMETERS);
  }

  static ApiException invalid(String parameter, String message) {
    return invalid(parameter, message, Map.of());
  }

  static ApiException invalid(String parameter, String message, Map<String, Object> more) {
    var details = new java.util.LinkedHashMap<String, Object>(more);
    details.put("parameter", parameter);
    return new ApiException(400, "invalid", message, details);
  }
}
