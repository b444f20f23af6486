package org.aqmrg.readings.influx;

import java.time.Instant;
import java.util.List;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;

/**
 * The InfluxQL statements the store sends, with every identifier double-quoted and every string
 * single-quoted, so no sensor id or name can end a quote early: inside quotes InfluxQL reads {@code
 * \\}, {@code \"}, {@code \'} and {@code \n} as escapes, and those are the characters escaped here.
 */
public final class InfluxQl {
  /** The earliest and latest times InfluxDB can store, in nanoseconds. */
  static final long MIN_TIME = -9_223_372_036_854_775_806L;

  static final long MAX_TIME = 9_223_372_036_854_775_806L;

  private InfluxQl() {}

  /** {@code "name"}, with {@code "}, {@code \} and newlines escaped. */
  public static String identifier(String name) {
    return quote(name, '"');
  }

  /** {@code 'text'}, with {@code '}, {@code \} and newlines escaped. */
  public static String string(String text) {
    return quote(text, '\'');
  }

  private static String quote(String text, char quote) {
    var out = new StringBuilder(text.length() + 8).append(quote);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c == quote) {
            out.append('\\');
          }
          out.append(c);
        }
      }
    }
    return out.append(quote).toString();
  }

  /** {@code "db"."rp"."air_quality"}. */
  public static String measurement(String database, String retentionPolicy) {
    return identifier(database)
        + "."
        + identifier(retentionPolicy)
        + "."
        + identifier(LineWriter.MEASUREMENT);
  }

  /**
   * The newest point of each series of one sensor. {@code GROUP BY *} keeps the series apart, so
   * points of the same time under other tags are all seen and can be merged.
   */
  static String latest(String database, String retentionPolicy, String sensorId) {
    return ofSensor(database, retentionPolicy, sensorId) + " GROUP BY * ORDER BY time DESC LIMIT 1";
  }

  /** Every point of one sensor: {@code SELECT * FROM … WHERE "sensor_id" = '…'}. */
  private static String ofSensor(String database, String retentionPolicy, String sensorId) {
    return "SELECT * FROM "
        + measurement(database, retentionPolicy)
        + " WHERE "
        + identifier("sensor_id")
        + " = "
        + string(sensorId);
  }

  /**
   * The oldest {@code limit} points of each series of one sensor with {@code from <= time < to}.
   * The limit applies per series, so the first {@code limit} times over all series are among them.
   */
  static String raw(
      String database,
      String retentionPolicy,
      String sensorId,
      Instant from,
      Instant to,
      int limit) {
    return ofSensor(database, retentionPolicy, sensorId)
        + " AND time >= "
        + nanos(from)
        + " AND time < "
        + nanos(to)
        + " GROUP BY * ORDER BY time ASC LIMIT "
        + limit;
  }

  /**
   * One aggregate per window and asked field over all the sensors' points together, each aliased to
   * its field key; windows without any value are left out ({@code fill(none)}). {@code GROUP BY
   * time()} aligns windows to the epoch.
   */
  static String windowed(String database, String retentionPolicy, Query.Windowed query) {
    var select = new StringBuilder("SELECT ");
    for (Field field : query.fields()) {
      select
          .append(select.length() == 7 ? "" : ", ")
          .append(query.fn().key())
          .append('(')
          .append(identifier(field.key()))
          .append(") AS ")
          .append(identifier(field.key()));
    }
    return select
        + " FROM "
        + measurement(database, retentionPolicy)
        + " WHERE "
        + sensors(query.sensorIds())
        + range(query.from(), query.to())
        + " GROUP BY time("
        + query.every().getSeconds()
        + "s) fill(none)";
  }

  /**
   * The asked fields of the oldest {@code limitPerSeries} points of each series of the sensors with
   * {@code from <= time < to}; a point without any asked field is not among them.
   */
  static String rawPage(
      String database,
      String retentionPolicy,
      List<String> sensorIds,
      List<Field> fields,
      Instant from,
      Instant to,
      int limitPerSeries) {
    var select = new StringBuilder("SELECT ");
    for (Field field : fields) {
      select.append(select.length() == 7 ? "" : ", ").append(identifier(field.key()));
    }
    return select
        + " FROM "
        + measurement(database, retentionPolicy)
        + " WHERE "
        + sensors(sensorIds)
        + range(from, to)
        + " GROUP BY * ORDER BY time ASC LIMIT "
        + limitPerSeries;
  }

  /** {@code ("sensor_id" = 'a' OR "sensor_id" = 'b')}. */
  public static String sensors(List<String> sensorIds) {
    var condition = new StringBuilder("(");
    for (String id : sensorIds) {
      condition
          .append(condition.length() == 1 ? "" : " OR ")
          .append(identifier("sensor_id"))
          .append(" = ")
          .append(string(id));
    }
    return condition.append(')').toString();
  }

  private static String range(Instant from, Instant to) {
    return " AND time >= " + nanos(from) + " AND time < " + nanos(to);
  }

  /** Nanoseconds since the epoch, clamped to the times InfluxDB can hold. */
  public static long nanos(Instant time) {
    if (time.isBefore(Instant.ofEpochSecond(0, MIN_TIME))) {
      return MIN_TIME;
    }
    if (time.isAfter(Instant.ofEpochSecond(0, MAX_TIME))) {
      return MAX_TIME;
    }
    return time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }

  static String createDatabase(String database) {
    return "CREATE DATABASE " + identifier(database);
  }

  static String showRetentionPolicies(String database) {
    return "SHOW RETENTION POLICIES ON " + identifier(database);
  }

  /** {@code CREATE RETENTION POLICY …} or, for one that exists, {@code ALTER …}. */
  static String retentionPolicy(boolean create, String database, BucketSpec bucket) {
    return (create ? "CREATE" : "ALTER")
        + " RETENTION POLICY "
        + identifier(bucket.name())
        + " ON "
        + identifier(database)
        + " DURATION "
        + (bucket.retentionSeconds() == 0 ? "INF" : BucketSpec.format(bucket.retentionSeconds()))
        + (create ? " REPLICATION 1" : "")
        + " SHARD DURATION "
        + BucketSpec.format(bucket.shardSeconds())
        + (bucket.isDefault() ? " DEFAULT" : "");
  }
}
