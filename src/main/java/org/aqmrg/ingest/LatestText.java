package org.aqmrg.ingest;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Reading;

/** The text of a latest value as the cache keeps it, under {@code sensor:{sensor_id}:latest}. */
final class LatestText {
  /** Nine fractional digits always, so that the times compare as strings. */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'");

  private static final Field[] FIELDS = Field.values();

  private LatestText() {}

  /**
   * A reading's time as the cache keeps it: UTC, always nine fractional digits. Written digit by
   * digit for the years 0 to 9999 (ingest writes one per sensor per batch); others through the
   * formatter, which gives them a sign.
   */
  static String time(Reading reading) {
    long seconds = Math.floorDiv(reading.timeNanos(), 1_000_000_000L);
    int nanos = (int) Math.floorMod(reading.timeNanos(), 1_000_000_000L);
    var at = LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
    if (at.getYear() < 0 || at.getYear() > 9999) {
      return TIME.format(at);
    }
    char[] text = new char[30];
    digits(text, 0, at.getYear(), 4);
    text[4] = '-';
    digits(text, 5, at.getMonthValue(), 2);
    text[7] = '-';
    digits(text, 8, at.getDayOfMonth(), 2);
    text[10] = 'T';
    digits(text, 11, at.getHour(), 2);
    text[13] = ':';
    digits(text, 14, at.getMinute(), 2);
    text[16] = ':';
    digits(text, 17, at.getSecond(), 2);
    text[19] = '.';
    digits(text, 20, nanos, 9);
    text[29] = 'Z';
    return new String(text);
  }

  private static void digits(char[] text, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /**
   * The cached value of a reading, written straight into text: the same text as the API's mapper
   * makes of {@link LatestReadings#of} (LatestReadingsTest compares them), without its reflection
   * per value; ingest writes one per sensor per batch.
   */
  static String value(Reading reading) {
    var out = new StringBuilder(192).append("{\"sensor_id\":");
    quoted(out, reading.sensorId()).append(",\"time\":\"").append(time(reading));
    out.append("\",\"location\":");
    if (reading.location() == null) {
      out.append("null");
    } else {
      quoted(out, reading.location());
    }
    out.append(",\"fields\":{");
    char separator = ' ';
    for (Field field : FIELDS) {
      if (reading.has(field)) {
        if (separator == ',') {
          out.append(',');
        }
        out.append('"').append(field.key()).append("\":");
        out.append(NumberOutput.toString(reading.value(field), true));
        separator = ',';
      }
    }
    return out.append("}}").toString();
  }

  private static StringBuilder quoted(StringBuilder out, String text) {
    return out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(text)).append('"');
  }
}
