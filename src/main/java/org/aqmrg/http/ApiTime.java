package org.aqmrg.http;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.aqmrg.ingest.LatestReadings;

/**
 * How the API prints the time of a reading, on the history and the latest-value routes alike:
 * ISO-8601 in UTC as {@link Instant#toString} writes it, with a fraction only when there is one, in
 * groups of three digits ({@code 2026-11-25T14:05:00Z}, {@code 2026-11-25T14:05:00.250Z}).
 */
final class ApiTime {
  private ApiTime() {}

  static String format(Instant time) {
    return time.toString();
  }

  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

  /**
   * A local day's start as RFC 3339 with its offset: {@code 2026-11-25T00:00:00+01:00} for midnight
   * in Lagos ({@code Z} in UTC), so the day's date reads as the location's.
   */
  static String local(Instant start, ZoneId zone) {
    return LOCAL.format(start.atZone(zone).toOffsetDateTime());
  }

  /** A latest reading as the latest-value routes answer it, its time printed by {@link #format}. */
  static Map<String, Object> latest(LatestReadings.Latest latest) {
    var body = new LinkedHashMap<String, Object>();
    body.put("sensor_id", latest.sensorId());
    body.put("time", format(Instant.parse(latest.time())));
    body.put("location", latest.location());
    body.put("fields", latest.fields());
    return body;
  }
}
