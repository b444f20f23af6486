package org.aqmrg.rollups;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import org.aqmrg.readings.Field;

/**
 * One window of a history read from rollups: its start (a UTC hour for hourly windows, the local
 * midnight of its first day for daily ones, with that day's UTC {@code offset}) and, for each field
 * asked, its {@link Cell}.
 */
public record RollupWindow(Instant start, ZoneOffset offset, Map<Field, Cell> cells) {
  public RollupWindow {
    cells = Collections.unmodifiableMap(new EnumMap<>(cells));
  }

  /**
   * One field of a window: the statistic asked for (null where the window has no reading of the
   * field), and its coverage in percent. Hourly windows: the mean coverage of the window's hours of
   * every sensor, an hour without a rollup counting 0. Daily windows: valid hours over hours, and
   * {@code complete} when at least 75 % of the window's hours are valid (18 of a 24-hour day);
   * {@code complete} is null for hourly windows.
   */
  public record Cell(Double value, double coverage, Boolean complete) {}
}
