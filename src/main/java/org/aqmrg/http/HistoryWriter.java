package org.aqmrg.http;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Row;

/**
 * Writes a history answer as the store yields its rows. Nothing is written before the first row or
 * {@link #finish}, so a store that fails at once still gets a proper error answer.
 */
interface HistoryWriter {
  /**
   * What the answer is about.
   *
   * @param kind {@code sensor} or {@code location}
   * @param sensorIds the sensors whose readings it holds
   */
  record Subject(String kind, String id, List<String> sensorIds) {}

  void row(Row row) throws IOException;

  /** Ends the answer; {@code next} is where the next raw page starts, if there is one. */
  void finish(Optional<Query.Position> next) throws IOException;

  /** True once something has been written: an error can then no longer be answered. */
  boolean started();
}
