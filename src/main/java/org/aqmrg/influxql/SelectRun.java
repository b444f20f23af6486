package org.aqmrg.influxql;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.ReadingStore;
import org.aqmrg.readings.Row;
import org.aqmrg.rollups.RollupStore;

/** One SELECT, translated into store queries and answered as series. */
final class SelectRun {
  static final Duration GRACE = Duration.ofDays(1);
  static final long SECOND = 1_000_000_000L;

  private final Statement.Select select;
  private final ReadingStore store;
  private final RollupStore rollups;
  private final Limits limits;
  private final Instant now;

  SelectRun(
      Statement.Select select,
      ReadingStore store,
      RollupStore rollups,
      Limits limits,
      Instant now) {
    this.select = select;
    this.store = store;
    this.rollups = rollups;
    this.limits = limits;
    this.now = now;
  }

  /** The sensors of one series, and the series' tags. */
  record Group(Map<String, String> tags, List<String> sensorIds) {}

  List<Series> run(List<SeriesTags> sensors) {
    boolean raw = select.fn().isEmpty();
    Instant to = select.to().orElse(raw ? now.plusNanos(1) : now);
    Instant from =
        select
            .from()
            .orElseGet(
                () -> {
                  if (!raw) {
                    throw Executor.bound(
                        "time_range",
                        "GROUP BY time(…) needs a lower bound on time, such as WHERE time > now() -"
                            + " 1d",
                        "lower bound");
                  }
                  return now.minus(Duration.ofDays(limits.rawDays())).minus(GRACE);
                });
    if (!from.isBefore(to)) {
      return List.of();
    }
    var bySensor = new HashMap<String, SeriesTags>();
    List<Group> groups = groups(sensors, bySensor);
    if (groups.isEmpty()) {
      return List.of();
    }
    return raw
        ? raw(groups, bySensor, from, to)
        : new WindowedRun(select, store, rollups, limits, now).run(groups, from, to);
  }

  private List<Group> groups(List<SeriesTags> sensors, Map<String, SeriesTags> bySensor) {
    var groups = new TreeMap<List<String>, List<String>>(SelectRun::compareKeys);
    for (SeriesTags sensor : sensors) {
      if (select.where().test(sensor)) {
        var key = new ArrayList<String>();
        select.groupBy().forEach(tag -> key.add(sensor.get(tag)));
        groups.computeIfAbsent(key, k -> new ArrayList<>()).add(sensor.sensorId());
        bySensor.put(sensor.sensorId(), sensor);
      }
    }
    if (groups.size() > limits.maxSeries()) {
      throw Executor.bound(
          "max_series",
          "the statement selects "
              + groups.size()
              + " series; at most "
              + limits.maxSeries()
              + ": narrow the WHERE or the GROUP BY",
          limits.maxSeries());
    }
    var result = new ArrayList<Group>();
    groups.forEach(
        (key, ids) -> {
          if (ids.size() > Query.MAX_SENSORS) {
            throw Executor.bound(
                "max_sensors",
                "a series combines " + ids.size() + " sensors; at most " + Query.MAX_SENSORS,
                Query.MAX_SENSORS);
          }
          var tags = new TreeMap<String, String>();
          for (int i = 0; i < key.size(); i++) {
            tags.put(select.groupBy().get(i), key.get(i));
          }
          result.add(new Group(tags, ids));
        });
    return result;
  }

  private static int compareKeys(List<String> a, List<String> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Refuses, naming {@code retention}, a range that starts before what a tier keeps. */
  static void retention(Instant now, Instant from, int days, String tier, String advice) {
    Instant oldest = now.minus(Duration.ofDays(days)).minus(GRACE);
    if (from.isBefore(oldest)) {
      throw Executor.bound(
          "retention",
          tier
              + " are kept "
              + days
              + " days: the lower bound on time ("
              + from
              + ") is before "
              + oldest
              + advice,
          days);
    }
  }

  private List<Series> raw(
      List<Group> groups, Map<String, SeriesTags> bySensor, Instant from, Instant to) {
    retention(
        now,
        from,
        limits.rawDays(),
        "raw readings",
        "; for older data ask GROUP BY time(1h) or longer (hourly rollups, kept "
            + limits.hourlyDays()
            + " days)");
    List<String> columns = rawColumns();
    int wanted = select.limit().orElse(limits.maxPoints());
    if (wanted > limits.maxPoints()) {
      throw tooManyPoints();
    }
    var series = new ArrayList<Series>();
    int total = 0;
    for (Group group : groups) {
      var rows = new ArrayList<Row>();
      boolean newest = select.descending();
      int pageSize = newest ? limits.maxPoints() : wanted;
      Optional<Query.Position> more =
          store.query(
              new Query.Raw(
                  group.sensorIds(), from, to, select.fields(), pageSize, Optional.empty()),
              rows::add);
      if (more.isPresent() && (newest || select.limit().isEmpty())) {
        throw tooManyPoints();
      }
      if (newest) {
        Collections.reverse(rows);
      }
      List<Row> kept = rows.size() > wanted ? rows.subList(0, wanted) : rows;
      total += kept.size();
      if (total > limits.maxPoints()) {
        throw tooManyPoints();
      }
      if (kept.isEmpty()) {
        continue;
      }
      var values = new ArrayList<List<Object>>(kept.size());
      for (Row row : kept) {
        var value = new ArrayList<Object>(columns.size());
        value.add(row.timeNanos());
        for (int c = 1; c < columns.size(); c++) {
          Optional<Field> field =
              select.all() ? Field.of(columns.get(c)) : Optional.of(select.fields().get(c - 1));
          if (field.isPresent()) {
            value.add(row.has(field.get()) ? row.get(field.get()).getAsDouble() : null);
          } else {
            SeriesTags tags = bySensor.get(row.sensorId());
            value.add(tags == null ? "" : tags.get(columns.get(c)));
          }
        }
        values.add(value);
      }
      series.add(new Series(Executor.MEASUREMENT, group.tags(), columns, true, values));
    }
    return series;
  }

  /** {@code time} and the asked fields; for {@code *} every field and ungrouped tag, sorted. */
  private List<String> rawColumns() {
    var columns = new ArrayList<String>();
    columns.add("time");
    if (select.all()) {
      var sorted = new TreeSet<String>();
      select.fields().forEach(field -> sorted.add(field.key()));
      for (String tag : SeriesTags.KEYS) {
        if (!select.groupBy().contains(tag)) {
          sorted.add(tag);
        }
      }
      columns.addAll(sorted);
    } else {
      columns.addAll(select.names());
    }
    return columns;
  }

  private RuntimeException tooManyPoints() {
    return Executor.bound(
        "max_points",
        "the statement selects more than "
            + limits.maxPoints()
            + " raw points; add LIMIT, narrow the range or the WHERE, or ask GROUP BY time(…)",
        limits.maxPoints());
  }

  static long nanos(Instant at) {
    return Math.addExact(Math.multiplyExact(at.getEpochSecond(), SECOND), at.getNano());
  }
}
