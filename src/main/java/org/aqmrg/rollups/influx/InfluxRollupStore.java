package org.aqmrg.rollups.influx;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.influx.InfluxHttp;
import org.aqmrg.readings.influx.InfluxReadingStore;
import org.aqmrg.rollups.RollupStore;
import org.aqmrg.rollups.SensorDay;
import org.aqmrg.rollups.SensorHour;
import org.aqmrg.rollups.influx.RollupQl.Tier;

/**
 * Rollups in the database of an {@link InfluxReadingStore}, through its HTTP client (with its
 * retries, and its failures as {@link org.aqmrg.error.StoreUnavailableException}): hourly ones in
 * the retention policy {@code sensor_data_hourly}, daily ones in {@code sensor_data_daily},
 * measurement {@code air_quality}, tag {@code sensor_id} only, so that a rollup written again lands
 * on the same point whatever the sensor's location and manufacturer are now. Field names: {@link
 * RollupQl}; how a rewrite replaces a point: {@link RollupLines}.
 *
 * <p>Statements name at most {@value #SENSORS_PER_QUERY} sensors each (more go in several), and
 * answers are read in chunks. Writes go out as requests of at most {@value #LINES_PER_WRITE} lines,
 * one after the other: when one fails, those before it have landed, and writing them again replaces
 * them with themselves. The retention policies expire old rollups; {@link #enforceRetention} has
 * nothing to do.
 */
public final class InfluxRollupStore implements RollupStore {
  static final int SENSORS_PER_QUERY = 100;
  static final int LINES_PER_WRITE = 5_000;
  private static final int CHUNK_ROWS = 1_000;
  private static final List<Field> ALL_FIELDS = List.of(Field.values());
  private static final Comparator<SensorHour> BY_HOUR =
      Comparator.comparing(SensorHour::hour).thenComparing(SensorHour::sensorId);
  private static final Comparator<SensorDay> BY_START =
      Comparator.comparing(SensorDay::start).thenComparing(SensorDay::sensorId);

  private final InfluxHttp http;
  private final String database;

  /** The rollups of the raw readings of {@code readings}, over its connection. */
  public InfluxRollupStore(InfluxReadingStore readings) {
    this.http = readings.http();
    this.database = readings.database();
  }

  @Override
  public List<SensorHour> aggregateRaw(Collection<String> sensorIds, Instant from, Instant to) {
    return read(
        sensorIds,
        from,
        to,
        part -> RollupQl.aggregate(database, part, from, to),
        (result, into) -> RollupRows.hours(result, ALL_FIELDS, into),
        BY_HOUR);
  }

  @Override
  public void writeHours(Collection<SensorHour> hours) {
    write(Tier.HOURLY, hours.stream().map(RollupLines::hour).toList());
  }

  @Override
  public List<SensorHour> hours(
      Collection<String> sensorIds, Instant from, Instant to, Collection<Field> fields) {
    BiConsumer<JsonNode, List<SensorHour>> reader = (r, into) -> RollupRows.hours(r, fields, into);
    return stored(Tier.HOURLY, sensorIds, from, to, fields, reader, BY_HOUR);
  }

  @Override
  public void writeDays(Collection<SensorDay> days) {
    write(Tier.DAILY, days.stream().map(RollupLines::day).toList());
  }

  @Override
  public List<SensorDay> days(
      Collection<String> sensorIds, Instant from, Instant to, Collection<Field> fields) {
    BiConsumer<JsonNode, List<SensorDay>> reader = (r, into) -> RollupRows.days(r, fields, into);
    return stored(Tier.DAILY, sensorIds, from, to, fields, reader, BY_START);
  }

  /** Nothing: the retention policies expire rollups themselves. */
  @Override
  public int enforceRetention(Instant now) {
    return 0;
  }

  /** The stored rollups of one tier, holding only {@code fields}; none for no fields. */
  private <T> List<T> stored(
      Tier tier,
      Collection<String> sensorIds,
      Instant from,
      Instant to,
      Collection<Field> fields,
      BiConsumer<JsonNode, List<T>> reader,
      Comparator<T> order) {
    return read(
        fields.isEmpty() ? List.of() : sensorIds,
        from,
        to,
        part -> RollupQl.select(database, tier, part, from, to, fields),
        reader,
        order);
  }

  /**
   * Runs the statement of each part of at most {@value #SENSORS_PER_QUERY} of the (distinct)
   * sensors and reads each chunk of the answers into one list, sorted; none for no sensors or an
   * empty range.
   */
  private <T> List<T> read(
      Collection<String> sensorIds,
      Instant from,
      Instant to,
      Function<List<String>, String> statement,
      BiConsumer<JsonNode, List<T>> reader,
      Comparator<T> order) {
    if (!from.isBefore(to)) {
      return List.of();
    }
    var rollups = new ArrayList<T>();
    List<String> distinct = List.copyOf(new LinkedHashSet<>(sensorIds));
    for (int start = 0; start < distinct.size(); start += SENSORS_PER_QUERY) {
      List<String> part =
          distinct.subList(start, Math.min(distinct.size(), start + SENSORS_PER_QUERY));
      http.queryChunked(
          database, statement.apply(part), CHUNK_ROWS, chunk -> reader.accept(chunk, rollups));
    }
    rollups.sort(order);
    return List.copyOf(rollups);
  }

  /** Sends the lines (all rendered, so all checked, before the first request) in batches. */
  private void write(Tier tier, List<String> lines) {
    for (int start = 0; start < lines.size(); start += LINES_PER_WRITE) {
      List<String> part = lines.subList(start, Math.min(lines.size(), start + LINES_PER_WRITE));
      byte[] body = String.join("\n", part).getBytes(StandardCharsets.UTF_8);
      http.write(database, tier.bucket.bucket(), body, part.size());
    }
  }
}
