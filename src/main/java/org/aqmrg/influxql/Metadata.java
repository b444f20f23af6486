package org.aqmrg.influxql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.SeedBucket;

/**
 * The answers to the {@code SHOW} statements, from the platform's own definitions: one database
 * (INFLUXDB_DATABASE), one measurement ({@code air_quality}) with its three tags and seven float
 * fields, the seed's buckets as retention policies, and tag values from the registry.
 */
final class Metadata {
  private static final String MEASUREMENT = "air_quality";

  private Metadata() {}

  static List<Series> answer(Statement.Show show, String database, List<SeriesTags> sensors) {
    if (show.measurement().isPresent() && !show.measurement().get().equals(MEASUREMENT)) {
      return List.of();
    }
    List<List<Object>> rows = new ArrayList<>();
    String name = MEASUREMENT;
    List<String> columns;
    switch (show.what()) {
      case DATABASES -> {
        name = "databases";
        columns = List.of("name");
        rows.add(List.of(database));
      }
      case MEASUREMENTS -> {
        name = "measurements";
        columns = List.of("name");
        rows.add(List.of(MEASUREMENT));
      }
      case TAG_KEYS -> {
        columns = List.of("tagKey");
        SeriesTags.KEYS.forEach(key -> rows.add(List.of(key)));
      }
      case TAG_VALUES -> {
        columns = List.of("key", "value");
        var values = new TreeSet<String>();
        for (SeriesTags sensor : sensors) {
          String value = sensor.get(show.tagKey());
          if (!value.isEmpty()) {
            values.add(value);
          }
        }
        values.forEach(value -> rows.add(List.of(show.tagKey(), value)));
      }
      case FIELD_KEYS -> {
        columns = List.of("fieldKey", "fieldType");
        var keys = new TreeSet<String>();
        for (Field field : Field.values()) {
          keys.add(field.key());
        }
        keys.forEach(key -> rows.add(List.of(key, "float")));
      }
      case RETENTION_POLICIES -> {
        name = null;
        columns = List.of("name", "duration", "shardGroupDuration", "replicaN", "default");
        for (SeedBucket bucket : SeedBucket.values()) {
          rows.add(
              List.of(
                  bucket.bucket(),
                  goDuration(bucket.retentionDays() * 24L),
                  goDuration(shardDays(bucket) * 24L),
                  1L,
                  bucket == SeedBucket.RAW));
        }
      }
      default -> throw new IllegalStateException("unknown SHOW " + show.what());
    }
    if (rows.isEmpty()) {
      return List.of();
    }
    List<List<Object>> limited =
        show.limit().isPresent() && rows.size() > show.limit().getAsInt()
            ? rows.subList(0, show.limit().getAsInt())
            : rows;
    return List.of(new Series(name, Map.of(), columns, false, List.copyOf(limited)));
  }

  /**
   * The shard duration of each bucket, as databases/influxdb/schemas/buckets_v1.influxql sets it.
   */
  private static int shardDays(SeedBucket bucket) {
    return switch (bucket) {
      case RAW -> 1;
      case HOURLY, PREDICTIONS -> 7;
      case DAILY -> 30;
    };
  }

  /** A duration as InfluxDB shows one: {@code 720h0m0s}; {@code 0s} for infinite. */
  private static String goDuration(long hours) {
    return hours == 0 ? "0s" : hours + "h0m0s";
  }
}
