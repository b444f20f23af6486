package org.aqmrg.http;

import java.io.IOException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Row;
import org.aqmrg.rollups.AqiReport;
import org.aqmrg.rollups.RollupWindow;

/**
 * Writes a history answer as its rows come: raw rows as the store yields them, or the windows or
 * AQI reports read from rollups. Nothing is written before the first row or {@link #finish}, so a
 * store that fails at once still gets a proper error answer.
 */
interface HistoryWriter {
  /**
   * What the answer is about.
   *
   * @param kind {@code sensor} or {@code location}
   * @param sensorIds the sensors whose readings it holds
   * @param zone the zone of its local days: its location's
   */
  record Subject(String kind, String id, List<String> sensorIds, ZoneId zone) {}

  void row(Row row) throws IOException;

  void window(RollupWindow window) throws IOException;

  void report(AqiReport report) throws IOException;

  /** Ends the answer; {@code next} is where the next raw page starts, if there is one. */
  void finish(Optional<Query.Position> next) throws IOException;

  /** True once something has been written: an error can then no longer be answered. */
  boolean started();
}
