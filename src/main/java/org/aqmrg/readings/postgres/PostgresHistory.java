package org.aqmrg.readings.postgres;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Reading;
import org.aqmrg.readings.Row;
import org.jdbi.v3.core.Handle;

/**
 * History queries on {@code sensor_data}: raw pages and windowed aggregates, computed by PostgreSQL
 * and read through a cursor ({@link #FETCH_SIZE} rows at a time), so a long answer is passed on as
 * it comes and never held whole. Every value is bound; the SQL text holds only column names of
 * {@link Field} and fixed words.
 *
 * <p>A window is {@code floor(epoch seconds / every)}, which aligns windows to the epoch as
 * InfluxDB's {@code GROUP BY time()} does and works on every PostgreSQL the platform supports
 * ({@code date_bin} needs 14). The seconds come from {@code date_part}, a double (exact to the
 * microsecond for this era's times, and a third faster than {@code extract}'s numeric on 14+).
 * Sensor ids are ordered {@code COLLATE "C"}: by code point, as {@link Query.Position} orders them.
 */
final class PostgresHistory {
  /** Rows fetched per round trip while streaming. */
  static final int FETCH_SIZE = 1_000;

  private PostgresHistory() {}

  /** Runs {@code query} on {@code handle}, which must be in a transaction for the cursor. */
  static Optional<Query.Position> query(Handle handle, Query query, Consumer<Row> sink) {
    return query instanceof Query.Raw raw
        ? raw(handle, raw, sink)
        : windowed(handle, (Query.Windowed) query, sink);
  }

  private static Optional<Query.Position> raw(Handle handle, Query.Raw query, Consumer<Row> sink) {
    String sql =
        "SELECT time, sensor_id, "
            + columns(query.fields(), "%1$s")
            + " FROM sensor_data WHERE sensor_id = ANY (?) AND time >= ? AND time < ?"
            + (query.after().isPresent()
                ? " AND (time > ? OR (time = ? AND sensor_id COLLATE \"C\" > ?))"
                : "")
            + " AND ("
            + query.fields().stream()
                .map(f -> f.key() + " IS NOT NULL")
                .collect(Collectors.joining(" OR "))
            + ") ORDER BY time, sensor_id COLLATE \"C\" LIMIT ?";
    var select = handle.createQuery(sql).setFetchSize(FETCH_SIZE);
    int i = bindRange(select, query, 0);
    if (query.after().isPresent()) {
      OffsetDateTime after = timestamp(query.after().get().timeNanos());
      select.bind(i++, after).bind(i++, after).bind(i++, query.after().get().sensorId());
    }
    select.bind(i, query.limit() + 1);
    return select
        .map(
            (rows, ctx) ->
                new Row(
                    nanos(rows.getObject(1, OffsetDateTime.class)),
                    rows.getString(2),
                    values(rows, query, 3)))
        .withIterator(
            rows -> {
              int count = 0;
              Row last = null;
              while (rows.hasNext()) {
                Row row = rows.next();
                if (count == query.limit()) {
                  return Optional.of(new Query.Position(last.timeNanos(), last.sensorId()));
                }
                sink.accept(row);
                last = row;
                count++;
              }
              return Optional.<Query.Position>empty();
            });
  }

  private static Optional<Query.Position> windowed(
      Handle handle, Query.Windowed query, Consumer<Row> sink) {
    String aggregate =
        switch (query.fn()) {
          case MEAN -> "avg(%1$s)";
          case MIN -> "min(%1$s)";
          case MAX -> "max(%1$s)";
          case COUNT -> "count(%1$s)";
          // The newest value; among equal times the greatest, as InfluxDB's last() picks.
          case LAST ->
              "(array_agg(%1$s ORDER BY time DESC, %1$s DESC) FILTER (WHERE %1$s IS NOT NULL))[1]";
          case SUM -> "sum(%1$s)";
          // The mean of the two middle values for an even count, as InfluxDB's median().
          case MEDIAN -> "percentile_cont(0.5) WITHIN GROUP (ORDER BY %1$s)";
          // The oldest value; among equal times the greatest, as InfluxDB's first() picks.
          case FIRST ->
              "(array_agg(%1$s ORDER BY time, %1$s DESC) FILTER (WHERE %1$s IS NOT NULL))[1]";
        };
    String sql =
        "SELECT floor(date_part('epoch', time) / ?)::bigint AS w, "
            + columns(query.fields(), aggregate)
            + " FROM sensor_data WHERE sensor_id = ANY (?) AND time >= ? AND time < ?"
            + " GROUP BY w HAVING "
            + query.fields().stream()
                .map(f -> "count(" + f.key() + ") > 0")
                .collect(Collectors.joining(" OR "))
            + " ORDER BY w";
    long everySeconds = query.every().getSeconds();
    var select = handle.createQuery(sql).setFetchSize(FETCH_SIZE).bind(0, everySeconds);
    bindRange(select, query, 1);
    select
        .map(
            (rows, ctx) ->
                new Row(
                    rows.getLong(1) * everySeconds * 1_000_000_000L, null, values(rows, query, 2)))
        .forEach(sink);
    return Optional.empty();
  }

  /** Binds sensors, from and to from position {@code first}; returns the next position. */
  private static int bindRange(org.jdbi.v3.core.statement.Query select, Query query, int first) {
    select
        .bind(first, query.sensorIds().toArray(String[]::new))
        .bind(first + 1, OffsetDateTime.ofInstant(query.from(), ZoneOffset.UTC))
        .bind(first + 2, OffsetDateTime.ofInstant(query.to(), ZoneOffset.UTC));
    return first + 3;
  }

  /** The asked fields' columns, each put through {@code format} ({@code %1$s} is the column). */
  private static String columns(List<Field> fields, String format) {
    return fields.stream()
        .map(field -> String.format(format, field.key()))
        .collect(Collectors.joining(", "));
  }

  private static double[] values(ResultSet rows, Query query, int firstColumn) throws SQLException {
    double[] values = Row.noValues();
    int column = firstColumn;
    for (Field field : query.fields()) {
      double value = rows.getDouble(column++);
      if (!rows.wasNull()) {
        values[field.ordinal()] = value;
      }
    }
    return values;
  }

  private static OffsetDateTime timestamp(long nanos) {
    return OffsetDateTime.ofInstant(Reading.instant(nanos), ZoneOffset.UTC);
  }

  private static long nanos(OffsetDateTime time) {
    return time.toEpochSecond() * 1_000_000_000L + time.getNano();
  }
}
