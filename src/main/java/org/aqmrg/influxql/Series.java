package org.aqmrg.influxql;

import java.util.List;
import java.util.Map;

/**
 * One series of a statement's answer, as InfluxDB 1.x gives it.
 *
 * @param name the measurement, or what a SHOW lists ({@code databases}); null for none
 * @param tags the series' tags (its GROUP BY keys); empty for none
 * @param timed true when the first column is {@code time}, in nanoseconds since the epoch (a {@link
 *     Long}), which the writers show as RFC 3339 or in the asked epoch unit
 * @param values rows of {@link Long}, {@link Double}, {@link String}, {@link Boolean} or null
 */
public record Series(
    String name,
    Map<String, String> tags,
    List<String> columns,
    boolean timed,
    List<List<Object>> values) {
  public Series {
    tags = Map.copyOf(tags);
    columns = List.copyOf(columns);
  }
}
