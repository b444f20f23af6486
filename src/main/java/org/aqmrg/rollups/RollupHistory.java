package org.aqmrg.rollups;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.aqmrg.error.InvalidInputException;
import org.aqmrg.readings.Field;

/**
 * History read from rollups: the hourly or daily rollups of one sensor, or of a location's sensors
 * together, combined into windows of k hours or k local days.
 *
 * <p>Hourly windows are aligned to multiples of k hours since 1970-01-01T00:00:00Z and hold the
 * hours that start in {@code [from, to)}. Daily windows are local days of {@code zone}, aligned to
 * multiples of k days since 1970-01-01, and hold the days whose local midnight lies in {@code
 * [from, to)}. Windows without a rollup are left out.
 *
 * <p>How a window combines its rollups (the hours or days of every sensor in it):
 *
 * <ul>
 *   <li>{@code count}: the sum; 0 for a field without readings in a window that others have.
 *   <li>{@code min}, {@code max}: of the rollups' min and max.
 *   <li>{@code mean}: hourly windows weight each hour's mean by its count, so the mean equals the
 *       mean of the raw readings exactly. A daily rollup's mean is the mean of its hourly means (a
 *       time average, see {@link DailyStatistics}); daily windows weight each day by its hours with
 *       data, so a window's mean is the mean of all its hourly means.
 *   <li>{@code sd}: hourly windows combine the hours' counts, means and sds exactly ({@link
 *       Moments}). A daily rollup does not keep the mean of its readings, which that needs, so a
 *       daily window gives an sd only when it holds one day of one sensor.
 *   <li>{@code median}: a median cannot be combined from medians: only a window of one rollup of
 *       one sensor has one.
 * </ul>
 *
 * Coverage: see {@link RollupWindow.Cell}.
 */
public final class RollupHistory {
  private final RollupStore store;

  public RollupHistory(RollupStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  /** What a window gives for each field. */
  public enum Statistic {
    MEAN,
    MIN,
    MAX,
    COUNT,
    SD,
    MEDIAN;

    /** The name in the API: {@code mean}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Statistic> of(String key) {
      for (Statistic statistic : values()) {
        if (statistic.key().equals(key)) {
          return Optional.of(statistic);
        }
      }
      return Optional.empty();
    }
  }

  /** The rollup tier a history reads. */
  public enum Tier {
    HOURLY,
    DAILY;

    /** The name in the API's {@code source}: {@code hourly}, {@code daily}. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A window of {@code amount} hours (hourly tier) or {@code amount} local days (daily tier). */
  public record Every(Tier tier, int amount) {
    public Every {
      Objects.requireNonNull(tier, "tier");
      if (amount < 1) {
        throw new IllegalArgumentException("a window holds at least 1 hour or day, got " + amount);
      }
    }
  }

  /**
   * A history to read.
   *
   * @param sensorIds one sensor, or a location's sensors (at least one)
   * @param zone the zone of the local days: the location's
   */
  public record Request(
      List<String> sensorIds,
      ZoneId zone,
      Instant from,
      Instant to,
      List<Field> fields,
      Every every,
      Statistic fn) {
    public Request {
      sensorIds = List.copyOf(sensorIds);
      fields = List.copyOf(fields);
      if (sensorIds.isEmpty() || fields.isEmpty() || !from.isBefore(to)) {
        throw new IllegalArgumentException("a request needs sensors, fields and from before to");
      }
    }
  }

  /**
   * The windows of this request, oldest first.
   *
   * @throws InvalidInputException naming {@code fn} when the statistic cannot be given exactly for
   *     such windows (a median of several rollups; a daily sd of several)
   */
  public List<RollupWindow> read(Request request) {
    checkExact(request);
    return request.every().tier() == Tier.HOURLY ? hourly(request) : daily(request);
  }

  /** Refuses, before anything is read, a statistic these windows cannot give exactly. */
  static void checkExact(Request request) {
    boolean single = request.sensorIds().size() == 1 && request.every().amount() == 1;
    if (single) {
      return;
    }
    Tier tier = request.every().tier();
    if (request.fn() == Statistic.MEDIAN) {
      throw InvalidInputException.parameter(
          "fn",
          "fn=median is exact only for windows of one rollup of one sensor (every=1h or every=1d"
              + " of a sensor): a median cannot be combined from medians; ask every=1"
              + (tier == Tier.HOURLY ? "h" : "d")
              + " of each sensor, or fn=mean");
    }
    if (request.fn() == Statistic.SD && tier == Tier.DAILY) {
      throw InvalidInputException.parameter(
          "fn",
          "fn=sd of several days or sensors cannot be combined exactly from daily rollups; ask"
              + " every=24h (UTC days, combined exactly from hourly rollups) or every=1d of one"
              + " sensor");
    }
  }

  private List<RollupWindow> hourly(Request request) {
    long step = request.every().amount() * 3600L;
    var windows = new TreeMap<Long, Map<Field, List<HourlyStatistics>>>();
    for (SensorHour hour :
        store.hours(request.sensorIds(), request.from(), request.to(), request.fields())) {
      long start = Math.floorDiv(hour.hour().getEpochSecond(), step) * step;
      var byField = windows.computeIfAbsent(start, s -> new EnumMap<>(Field.class));
      hour.fields().forEach((f, h) -> byField.computeIfAbsent(f, x -> new ArrayList<>()).add(h));
    }
    var result = new ArrayList<RollupWindow>(windows.size());
    windows.forEach(
        (seconds, byField) -> {
          Instant start = Instant.ofEpochSecond(seconds);
          Instant end = start.plusSeconds(step);
          long slots =
              (long) request.sensorIds().size()
                  * DailyStatistics.hoursStartingWithin(
                      later(start, request.from()), earlier(end, request.to()));
          var cells = new EnumMap<Field, RollupWindow.Cell>(Field.class);
          for (Field field : request.fields()) {
            List<HourlyStatistics> hours = byField.getOrDefault(field, List.of());
            double covered = 0;
            for (HourlyStatistics hour : hours) {
              covered += hour.coverage() == null ? 0 : hour.coverage();
            }
            cells.put(
                field, new RollupWindow.Cell(ofHours(hours, request.fn()), covered / slots, null));
          }
          result.add(new RollupWindow(start, ZoneOffset.UTC, cells));
        });
    return result;
  }

  private static Double ofHours(List<HourlyStatistics> hours, Statistic fn) {
    long count = hours.stream().mapToLong(HourlyStatistics::count).sum();
    if (fn == Statistic.COUNT || count == 0) {
      return fn == Statistic.COUNT ? (double) count : null;
    }
    return switch (fn) {
      case MEAN -> hours.stream().mapToDouble(h -> h.mean() * h.count()).sum() / count;
      case MIN -> extreme(hours, HourlyStatistics::min, true);
      case MAX -> extreme(hours, HourlyStatistics::max, false);
      case SD -> Moments.pooled(hours.stream().map(Moments::of).toList()).sampleDeviation();
      case MEDIAN -> hours.get(0).median();
      case COUNT -> throw new IllegalStateException("answered above");
    };
  }

  private List<RollupWindow> daily(Request request) {
    int step = request.every().amount();
    ZoneId zone = request.zone();
    var windows = new TreeMap<LocalDate, Map<Field, List<DailyStatistics>>>();
    for (SensorDay day :
        store.days(request.sensorIds(), request.from(), request.to(), request.fields())) {
      LocalDate start = LocalDate.ofEpochDay(Math.floorDiv(day.day().toEpochDay(), step) * step);
      var byField = windows.computeIfAbsent(start, s -> new EnumMap<>(Field.class));
      day.fields().forEach((f, d) -> byField.computeIfAbsent(f, x -> new ArrayList<>()).add(d));
    }
    var result = new ArrayList<RollupWindow>(windows.size());
    windows.forEach(
        (first, byField) -> {
          long slots = request.sensorIds().size() * hoursOfDaysIn(first, step, request);
          var cells = new EnumMap<Field, RollupWindow.Cell>(Field.class);
          for (Field field : request.fields()) {
            List<DailyStatistics> days =
                byField.getOrDefault(field, List.of()).stream().filter(d -> d.count() > 0).toList();
            long valid = days.stream().mapToLong(DailyStatistics::validHours).sum();
            boolean complete = valid >= DailyStatistics.requiredValidHours((int) slots);
            cells.put(
                field,
                new RollupWindow.Cell(ofDays(days, request.fn()), 100.0 * valid / slots, complete));
          }
          Instant start = first.atStartOfDay(zone).toInstant();
          result.add(new RollupWindow(start, zone.getRules().getOffset(start), cells));
        });
    return result;
  }

  /** The hours of the window's local days whose midnight lies in the request's range. */
  private static long hoursOfDaysIn(LocalDate first, int days, Request request) {
    long hours = 0;
    for (int i = 0; i < days; i++) {
      Instant start = first.plusDays(i).atStartOfDay(request.zone()).toInstant();
      if (!start.isBefore(request.from()) && start.isBefore(request.to())) {
        Instant end = first.plusDays(i + 1L).atStartOfDay(request.zone()).toInstant();
        hours += DailyStatistics.hoursStartingWithin(start, end);
      }
    }
    return hours;
  }

  private static Double ofDays(List<DailyStatistics> days, Statistic fn) {
    long count = days.stream().mapToLong(DailyStatistics::count).sum();
    if (fn == Statistic.COUNT || count == 0) {
      return fn == Statistic.COUNT ? (double) count : null;
    }
    return switch (fn) {
      case MEAN ->
          days.stream().mapToDouble(d -> d.mean() * d.hoursWithData()).sum()
              / days.stream().mapToLong(DailyStatistics::hoursWithData).sum();
      case MIN -> extreme(days, DailyStatistics::min, true);
      case MAX -> extreme(days, DailyStatistics::max, false);
      case SD -> days.get(0).sd();
      case MEDIAN -> days.get(0).median();
      case COUNT -> throw new IllegalStateException("answered above");
    };
  }

  private static <T> double extreme(List<T> parts, ToDoubleFunction<T> value, boolean lowest) {
    var values = parts.stream().mapToDouble(value);
    return (lowest ? values.min() : values.max()).orElseThrow();
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earlier(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
