package org.aqmrg.influxql;

/**
 * What one statement may ask of the stores; past any of them the statement is refused with an error
 * naming the limit.
 *
 * @param maxPoints most raw points one statement answers (max_points)
 * @param maxWindows most windows computed from raw readings (max_windows)
 * @param maxRollupWindows most windows read from hourly rollups (max_windows)
 * @param maxRollups most rollups, one sensor's hour each, one statement reads (max_rollups)
 * @param maxSeries most series one statement answers (max_series)
 * @param rawDays how long raw readings are kept, in days
 * @param hourlyDays how long hourly rollups are kept, in days
 */
public record Limits(
    int maxPoints,
    int maxWindows,
    int maxRollupWindows,
    long maxRollups,
    int maxSeries,
    int rawDays,
    int hourlyDays) {}
