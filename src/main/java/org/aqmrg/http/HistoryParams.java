package org.aqmrg.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;

/**
 * The query parameters of the history routes, checked: each wrong one is a 400 that names it and
 * says what is allowed. Until hourly and daily rollups arrive, history comes from raw readings,
 * which are kept 30 days; the limits below keep one request's work bounded.
 *
 * @param every the window, or empty for raw readings
 * @param limit page size of raw readings
 * @param cursor where the previous raw page ended
 */
record HistoryParams(
    Instant from,
    Instant to,
    List<Field> fields,
    Optional<Duration> every,
    Query.Aggregate fn,
    Format format,
    int limit,
    Optional<Query.Position> cursor) {

  /** The range when {@code from} is not given: the last 24 hours before {@code to}. */
  static final Duration DEFAULT_SPAN = Duration.ofHours(24);

  /** Longest range: the 30-day raw retention and a day's margin. */
  static final Duration MAX_SPAN = Duration.ofDays(31);

  /** Most windows one request may ask for. */
  static final int MAX_WINDOWS = 10_000;

  static final Duration MIN_EVERY = Duration.ofMinutes(1);
  static final int DEFAULT_LIMIT = 1_000;
  static final int MAX_LIMIT = 10_000;

  enum Format {
    JSON,
    CSV
  }

  private static final Set<String> PARAMETERS =
      Set.of("from", "to", "fields", "every", "fn", "format", "limit", "cursor");
  private static final Pattern EVERY = Pattern.compile("([1-9][0-9]{0,5})([mhd])");
  private static final String TIMES =
      "an ISO-8601 time such as 2026-11-25T14:00:00Z (an offset such as +01:00 is converted to"
          + " UTC) or a date such as 2026-11-25 (midnight UTC)";

  static HistoryParams of(Context ctx, Clock clock) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (!PARAMETERS.contains(name)) {
        throw invalid(
            name,
            "unknown query parameter '" + name + "'; allowed: " + String.join(", ", sorted()),
            Map.of());
      }
    }
    Instant to = time(ctx, "to").orElseGet(clock::instant);
    Instant from = time(ctx, "from").orElse(to.minus(DEFAULT_SPAN));
    if (!from.isBefore(to)) {
      throw invalid("from", "from (" + from + ") must be before to (" + to + ")", Map.of());
    }
    Duration span = Duration.between(from, to);
    if (span.compareTo(MAX_SPAN) > 0) {
      throw invalid(
          "from",
          "the range from "
              + from
              + " to "
              + to
              + " is longer than "
              + MAX_SPAN.toDays()
              + " days; history comes from raw readings, kept 30 days, until hourly and daily"
              + " rollups are available",
          Map.<String, Object>of("max_days", MAX_SPAN.toDays()));
    }
    Optional<Duration> every = every(ctx.queryParam("every"));
    String fnText = ctx.queryParam("fn");
    String limitText = ctx.queryParam("limit");
    String cursorText = ctx.queryParam("cursor");
    if (every.isEmpty()) {
      if (fnText != null) {
        throw invalid("fn", "fn applies to windows; with every=raw leave it out", Map.of());
      }
    } else {
      if (limitText != null || cursorText != null) {
        String name = limitText != null ? "limit" : "cursor";
        throw invalid(
            name, name + " applies to raw readings (every=raw); windows are not paged", Map.of());
      }
      long windows = ceilDiv(span.toNanos(), every.get().toNanos());
      if (windows > MAX_WINDOWS) {
        throw invalid(
            "every",
            "every="
                + text(every)
                + " over "
                + describe(span)
                + " gives "
                + windows
                + " windows; at most "
                + MAX_WINDOWS
                + " per request: choose a longer window or a shorter range",
            Map.<String, Object>of("max_windows", MAX_WINDOWS, "windows", windows));
      }
    }
    return new HistoryParams(
        from,
        to,
        fields(ctx.queryParam("fields")),
        every,
        fn(fnText),
        format(ctx.queryParam("format")),
        limit(limitText),
        cursor(cursorText));
  }

  boolean raw() {
    return every.isEmpty();
  }

  /** The store query for these sensors. */
  Query query(List<String> sensorIds) {
    return every
        .<Query>map(window -> new Query.Windowed(sensorIds, from, to, fields, window, fn))
        .orElseGet(() -> new Query.Raw(sensorIds, from, to, fields, limit, cursor));
  }

  /** {@code raw}, or the window in its largest whole unit: {@code 90m}, {@code 2h}, {@code 1d}. */
  static String text(Optional<Duration> every) {
    if (every.isEmpty()) {
      return "raw";
    }
    long minutes = every.get().toMinutes();
    if (minutes % 1440 == 0) {
      return minutes / 1440 + "d";
    }
    return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
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

  private static Optional<Instant> time(Context ctx, String name) {
    String text = ctx.queryParam(name);
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

  private static Optional<Duration> every(String text) {
    if (text == null || text.equals("raw")) {
      return text == null ? Optional.of(Duration.ofHours(1)) : Optional.empty();
    }
    var matcher = EVERY.matcher(text.trim());
    if (matcher.matches()) {
      long n = Long.parseLong(matcher.group(1));
      Duration every =
          switch (matcher.group(2)) {
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          };
      if (every.compareTo(MAX_SPAN) <= 0) {
        return Optional.of(every);
      }
    }
    throw invalid(
        "every",
        "every must be raw or a window of whole minutes, hours or days from 1m to "
            + MAX_SPAN.toDays()
            + "d, such as 5m, 1h or 1d; got '"
            + text
            + "'",
        Map.of());
  }

  private static Query.Aggregate fn(String text) {
    if (text == null) {
      return Query.Aggregate.MEAN;
    }
    return Query.Aggregate.of(text.trim())
        .orElseThrow(
            () ->
                invalid(
                    "fn",
                    "fn must be one of mean, min, max, count, last; got '" + text + "'",
                    Map.of()));
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

  /** {@code 3 days}, {@code 36 hours}, {@code 90 minutes} or {@code 12 s}. */
  private static String describe(Duration span) {
    if (span.toSeconds() % 86_400 == 0) {
      return span.toDays() + " days";
    }
    if (span.toSeconds() % 3600 == 0) {
      return span.toHours() + " hours";
    }
    return span.toSeconds() % 60 == 0 ? span.toMinutes() + " minutes" : span.toSeconds() + " s";
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  private static TreeSet<String> sorted() {
    return new TreeSet<>(PARAMETERS);
  }

  private static ApiException invalid(String parameter, String message, Map<String, Object> more) {
    var details = new java.util.LinkedHashMap<String, Object>(more);
    details.put("parameter", parameter);
    return new ApiException(400, "invalid", message, details);
  }
}
