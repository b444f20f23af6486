package org.aqmrg.readings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a history query asks of the {@link ReadingStore}: the raw readings, or windowed aggregates,
 * of one or more sensors with {@code from <= time < to}. The constructors refuse what no store can
 * answer with an {@link IllegalArgumentException} naming the part; limits that are a matter of
 * policy (how long a range, how many windows) belong to the caller.
 */
public sealed interface Query permits Query.Raw, Query.Windowed {
  /** Most sensors one query covers (a location's sensors). */
  int MAX_SENSORS = 1_000;

  /** The sensors, distinct, at least one. */
  List<String> sensorIds();

  /** Start of the range, inclusive. */
  Instant from();

  /** End of the range, exclusive; after {@link #from}. */
  Instant to();

  /** The fields asked for, distinct, in the measurement's order, at least one. */
  List<Field> fields();

  /**
   * Raw readings, oldest first and, at the same time, by sensor id (Unicode code point order), a
   * page of at most {@code limit}. A reading none of whose {@code fields} is present is left out.
   *
   * @param after where the previous page ended: only readings after this place in that order
   */
  record Raw(
      List<String> sensorIds,
      Instant from,
      Instant to,
      List<Field> fields,
      int limit,
      Optional<Position> after)
      implements Query {
    public Raw {
      sensorIds = checkSensors(sensorIds);
      checkRange(from, to);
      fields = checkFields(fields);
      if (limit < 1) {
        throw new IllegalArgumentException("limit must be at least 1, got " + limit);
      }
      Objects.requireNonNull(after, "after");
    }
  }

  /**
   * One aggregate per window and field over the points of all {@code sensorIds} together: windows
   * are {@code every} long, aligned to multiples of {@code every} since 1970-01-01T00:00:00Z (so
   * {@code 1d} windows are UTC days), and named by their start. A window is cut to {@code [from,
   * to)}: the first and last may hold only part of their span. Windows without any value of the
   * asked fields are left out, not given as empty rows.
   *
   * @param every window length, whole seconds, at least one second
   */
  record Windowed(
      List<String> sensorIds,
      Instant from,
      Instant to,
      List<Field> fields,
      Duration every,
      Aggregate fn)
      implements Query {
    public Windowed {
      sensorIds = checkSensors(sensorIds);
      checkRange(from, to);
      fields = checkFields(fields);
      if (every.isNegative() || every.getSeconds() < 1 || every.getNano() != 0) {
        throw new IllegalArgumentException("every must be whole seconds, at least 1, got " + every);
      }
      Objects.requireNonNull(fn, "fn");
    }

    /** Start of the window that holds {@code timeNanos}, in nanoseconds since the epoch. */
    public long windowStart(long timeNanos) {
      long everyNanos = every.toNanos();
      return Math.floorDiv(timeNanos, everyNanos) * everyNanos;
    }
  }

  /**
   * What each window gives for each field, over the points that have that field. When several
   * points share the newest time (several sensors of a location), {@code LAST} is the greatest of
   * their values, as InfluxDB's {@code last()} chooses; when several share the oldest time, {@code
   * FIRST} is likewise the greatest of them, as InfluxDB's {@code first()} chooses (its reducer
   * keeps the greater value on a tie for both). {@code MEDIAN} is the middle value, or the mean of
   * the two middle values for an even count, as InfluxDB's {@code median()}. {@code COUNT} is 0 in
   * a window where other fields have values but this one has none; the others are then absent.
   */
  enum Aggregate {
    MEAN,
    MIN,
    MAX,
    COUNT,
    LAST,
    SUM,
    MEDIAN,
    FIRST;

    /** The name in the API and in InfluxQL: {@code mean}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Aggregate> of(String key) {
      for (Aggregate fn : values()) {
        if (fn.key().equals(key)) {
          return Optional.of(fn);
        }
      }
      return Optional.empty();
    }
  }

  /**
   * A raw reading's place in the order of {@link Raw}: time, then sensor id by code point; the
   * cursor of paging.
   */
  record Position(long timeNanos, String sensorId) implements Comparable<Position> {
    public Position {
      Objects.requireNonNull(sensorId, "sensorId");
    }

    @Override
    public int compareTo(Position other) {
      int byTime = Long.compare(timeNanos, other.timeNanos);
      return byTime != 0 ? byTime : compareIds(sensorId, other.sensorId);
    }

    /** Sensor ids by Unicode code point, as PostgreSQL's {@code COLLATE "C"} orders UTF-8. */
    public static int compareIds(String a, String b) {
      int i = 0;
      int j = 0;
      while (i < a.length() && j < b.length()) {
        int ca = a.codePointAt(i);
        int cb = b.codePointAt(j);
        if (ca != cb) {
          return Integer.compare(ca, cb);
        }
        i += Character.charCount(ca);
        j += Character.charCount(cb);
      }
      return Integer.compare(a.length() - i, b.length() - j);
    }
  }

  private static List<String> checkSensors(List<String> sensorIds) {
    var distinct = new LinkedHashSet<String>();
    for (String id : sensorIds) {
      distinct.add(Objects.requireNonNull(id, "sensor id"));
    }
    if (distinct.isEmpty() || distinct.size() > MAX_SENSORS) {
      throw new IllegalArgumentException(
          "a query covers 1 to " + MAX_SENSORS + " sensors, got " + distinct.size());
    }
    return List.copyOf(distinct);
  }

  private static void checkRange(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw new IllegalArgumentException("from must be before to, got " + from + " and " + to);
    }
  }

  private static List<Field> checkFields(List<Field> fields) {
    var set = EnumSet.noneOf(Field.class);
    fields.forEach(field -> set.add(Objects.requireNonNull(field, "field")));
    if (set.isEmpty()) {
      throw new IllegalArgumentException("a query asks for at least one field");
    }
    return List.copyOf(new ArrayList<>(set));
  }
}
