package org.aqmrg.predictions.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.aqmrg.error.Store;
import org.aqmrg.error.StoreUnavailableException;
import org.aqmrg.predictions.Forecast;
import org.aqmrg.predictions.ForecastQuery;
import org.aqmrg.predictions.ForecastStore;
import org.aqmrg.readings.Decimals;
import org.aqmrg.readings.LineProtocolNames;
import org.aqmrg.readings.SeedBucket;
import org.aqmrg.readings.influx.InfluxHttp;
import org.aqmrg.readings.influx.InfluxQl;
import org.aqmrg.readings.influx.InfluxReadingStore;

/**
 * Forecasts in InfluxDB, in the database of the raw readings: retention policy {@code predictions}
 * (365 days), measurement {@code predictions}, one point per forecast at its target time, spoken to
 * through the readings adapter's HTTP client:
 *
 * <pre>
 * predictions,lead_s=3300,location_id=…,model_version=2026.12.1,pollutant=pm25 value=35.25,lower=30.5,upper=40.125,interval_level=0.9,has_lower=true,has_upper=true,has_interval_level=true,model_name="xgb",issued_at=1764068700123000000i 1764072000000000000
 * </pre>
 *
 * <p>The tags are the key but for the issue time, which {@code lead_s} stands for: the target time
 * less the issue time in seconds, exact (a decimal fraction when the issue time has one, negative
 * when it is after the target). Each issue of the same target is so a point of its own, while the
 * series of a location, pollutant and version are as many as the distinct lead times, not as the
 * issues. The issue time itself is the integer field {@code issued_at} (epoch nanoseconds); values
 * are floats that read back as the same double.
 *
 * <p>A forecast sent again is a point of the same series and time, whose fields overwrite the
 * stored ones; within one batch the last of a key wins. Line protocol cannot remove a field, so
 * each of {@code lower}, {@code upper} and {@code interval_level} has a boolean {@code has_…} field
 * that is always written, and a reader takes the value only where its flag is true. A model version
 * that is empty, holds a newline or ends with a backslash cannot be a tag value: the whole batch is
 * then refused before anything is sent.
 *
 * <p>A read is {@code SELECT *} without {@code GROUP BY}, so that InfluxDB's {@code LIMIT} counts
 * points over all series in time order; the points of the last target time read are then read whole
 * (at most {@link #MAX_READ} of them), so the cut in {@link Forecast#ORDER} is exact.
 */
public final class InfluxForecastStore implements ForecastStore {
  /** The most lines sent in one request. */
  static final int MAX_LINES = 5_000;

  static final String MEASUREMENT = "predictions";

  private static final String RETENTION_POLICY = SeedBucket.PREDICTIONS.bucket();

  private final InfluxHttp http;
  private final String database;

  /** The forecasts beside the readings of {@code readings}, on its HTTP client. */
  public InfluxForecastStore(InfluxReadingStore readings) {
    this.http = readings.http();
    this.database = readings.database();
  }

  @Override
  public void write(Collection<Forecast> forecasts) {
    var byKey = new LinkedHashMap<Forecast.Key, Forecast>();
    for (Forecast f : forecasts) {
      check(f);
      byKey.put(f.key(), f);
    }
    var out = new StringBuilder();
    byte[] scratch = new byte[32];
    int lines = 0;
    for (Forecast f : byKey.values()) {
      line(out, f, scratch);
      if (++lines == MAX_LINES) {
        http.writeLines(database, RETENTION_POLICY, out.toString(), lines);
        out.setLength(0);
        lines = 0;
      }
    }
    if (lines > 0) {
      http.writeLines(database, RETENTION_POLICY, out.toString(), lines);
    }
  }

  /** Refuses a forecast that line protocol cannot carry as it is. */
  private static void check(Forecast f) {
    tagValue("model version", f.modelVersion());
    tagValue("pollutant", f.pollutant());
    try {
      nanos(f.targetTime());
      nanos(f.issuedAt());
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "forecast times "
              + f.issuedAt()
              + " and "
              + f.targetTime()
              + " must lie within the years 1677 to 2262, which InfluxDB can store",
          e);
    }
  }

  private static void tagValue(String what, String value) {
    String problem = value.isEmpty() ? "is empty" : LineProtocolNames.unwritableTagValue(value);
    if (problem != null) {
      throw new IllegalArgumentException(
          what
              + " '"
              + value.replace("\n", "\\n")
              + "' "
              + problem
              + ", which InfluxDB line protocol cannot carry as a tag value");
    }
  }

  private static void line(StringBuilder out, Forecast f, byte[] scratch) {
    long target = nanos(f.targetTime());
    long issued = nanos(f.issuedAt());
    out.append(MEASUREMENT).append(",lead_s=").append(leadSeconds(target, issued));
    out.append(",location_id=").append(f.locationId());
    LineProtocolNames.append(out.append(",model_version="), f.modelVersion(), false);
    LineProtocolNames.append(out.append(",pollutant="), f.pollutant(), false);
    out.append(" value=");
    Decimals.append(out, f.value(), scratch);
    optional(out, "lower", f.lower(), scratch);
    optional(out, "upper", f.upper(), scratch);
    optional(out, "interval_level", f.intervalLevel(), scratch);
    out.append(",has_lower=").append(f.lower() != null);
    out.append(",has_upper=").append(f.upper() != null);
    out.append(",has_interval_level=").append(f.intervalLevel() != null);
    LineProtocolNames.appendString(out.append(",model_name="), f.modelName());
    out.append(",issued_at=").append(issued).append('i');
    out.append(' ').append(target).append('\n');
  }

  private static void optional(StringBuilder out, String key, Double value, byte[] scratch) {
    if (value != null) {
      out.append(',').append(key).append('=');
      Decimals.append(out, value, scratch);
    }
  }

  /** The lead time in seconds, exact: {@code 3300}, {@code -300}, {@code 3299.999877}. */
  static String leadSeconds(long target, long issued) {
    long lead = Math.subtractExact(target, issued);
    return BigDecimal.valueOf(lead, 9).stripTrailingZeros().toPlainString();
  }

  /** Nanoseconds since the epoch; an ArithmeticException beyond what a long holds. */
  private static long nanos(Instant time) {
    return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000_000L), time.getNano());
  }

  @Override
  public List<Forecast> find(ForecastQuery query, int limit) {
    if (limit <= 0 || !query.from().isBefore(query.to())) {
      return List.of();
    }
    int bound = Math.min(limit, MAX_READ);
    String conditions = conditions(query);
    List<Forecast> first =
        select(query.from(), query.to(), conditions + " ORDER BY time ASC LIMIT " + bound);
    var found = new ArrayList<Forecast>(first);
    if (first.size() >= bound) {
      Instant last = first.get(first.size() - 1).targetTime();
      found.removeIf(f -> f.targetTime().equals(last));
      found.addAll(select(last, last.plusNanos(1), conditions + " LIMIT " + MAX_READ));
    }
    found.sort(Forecast.ORDER);
    return found.size() > bound ? new ArrayList<>(found.subList(0, bound)) : found;
  }

  /** {@code AND "location_id" = '…'} and the like, for what the query asks besides its range. */
  private static String conditions(ForecastQuery query) {
    var conditions = new StringBuilder();
    query.location().ifPresent(id -> equal(conditions, "location_id", id.toString()));
    query.pollutant().ifPresent(p -> equal(conditions, "pollutant", p));
    query.modelVersion().ifPresent(v -> equal(conditions, "model_version", v));
    query.modelName().ifPresent(n -> equal(conditions, "model_name", n));
    return conditions.toString();
  }

  private static void equal(StringBuilder conditions, String key, String value) {
    conditions
        .append(" AND ")
        .append(InfluxQl.identifier(key))
        .append(" = ")
        .append(InfluxQl.string(value));
  }

  /**
   * The forecasts of {@code SELECT * … WHERE from <= time < to} and {@code tail}, in InfluxDB's
   * order (by target time).
   */
  private List<Forecast> select(Instant from, Instant to, String tail) {
    String statement =
        "SELECT * FROM "
            + InfluxQl.identifier(database)
            + "."
            + InfluxQl.identifier(RETENTION_POLICY)
            + "."
            + InfluxQl.identifier(MEASUREMENT)
            + " WHERE time >= "
            + InfluxQl.nanos(from)
            + " AND time < "
            + InfluxQl.nanos(to)
            + tail;
    JsonNode result = http.query(database, statement);
    var forecasts = new ArrayList<Forecast>();
    for (JsonNode series : result.path("series")) {
      if (series.path("partial").asBoolean(false)) {
        throw new StoreUnavailableException(
            Store.TIMESERIES,
            "InfluxDB cut short its answer to a query of forecasts (its max-row-limit);"
                + " set [http] max-row-limit to 0 or above "
                + MAX_READ,
            null);
      }
      var columns = new HashMap<String, Integer>();
      JsonNode names = series.path("columns");
      for (int i = 0; i < names.size(); i++) {
        columns.put(names.get(i).asText(), i);
      }
      for (JsonNode row : series.path("values")) {
        forecasts.add(forecast(new Row(columns, row)));
      }
    }
    return forecasts;
  }

  /** One row of an answer, its cells by column name. */
  private record Row(Map<String, Integer> columns, JsonNode values) {
    JsonNode get(String column) {
      Integer i = columns.get(column);
      return i == null ? NullNode.getInstance() : values.path(i);
    }

    String text(String column) {
      return get(column).asText();
    }

    Instant time(String column) {
      long nanos = get(column).longValue();
      return Instant.ofEpochSecond(
          Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    /** The float of {@code column} where its {@code has_} flag is true, else null. */
    Double optional(String column) {
      JsonNode value = get(column);
      return get("has_" + column).asBoolean(false) && value.isNumber() ? value.doubleValue() : null;
    }
  }

  private static Forecast forecast(Row row) {
    return new Forecast(
        UUID.fromString(row.text("location_id")),
        row.text("pollutant"),
        row.time("time"),
        row.get("value").doubleValue(),
        row.optional("lower"),
        row.optional("upper"),
        row.optional("interval_level"),
        row.text("model_name"),
        row.text("model_version"),
        row.time("issued_at"));
  }
}
