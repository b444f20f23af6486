package org.aqmrg.flux;

/**
 * What one Flux query may ask of the stores and of the server; past any of them it is refused with
 * an error naming the limit.
 *
 * @param maxPoints most raw readings (or forecasts) one query reads (max_points)
 * @param maxSeries most series one query reads (max_series)
 * @param maxWindows most windows computed in memory (max_windows)
 * @param maxRollups most rollups, one sensor's hour or day each, one query reads (max_rollups)
 * @param maxRows most rows of the answer (max_rows)
 * @param rawDays how long raw readings are kept, in days
 * @param hourlyDays how long hourly rollups are kept, in days
 * @param maxDuration longest a query runs: one still running when a stage (a read, a step) ends is
 *     stopped there (max_duration)
 */
public record FluxLimits(
    int maxPoints,
    int maxSeries,
    long maxWindows,
    long maxRollups,
    long maxRows,
    int rawDays,
    int hourlyDays,
    java.time.Duration maxDuration) {}
