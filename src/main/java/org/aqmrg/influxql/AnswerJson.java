package org.aqmrg.influxql;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

/**
 * Answers as InfluxDB 1.x's {@code /query} gives JSON: {@code {"results":[{"statement_id":0,
 * "series":[{"name":…,"tags":{…},"columns":[…],"values":[[…]]}]}]}}, a failed statement as {@code
 * {"statement_id":0,"error":"…"}}.
 */
public final class AnswerJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private AnswerJson() {}

  public static void write(List<Result> results, Epoch epoch, OutputStream out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeArrayFieldStart("results");
      for (Result result : results) {
        json.writeStartObject();
        json.writeNumberField("statement_id", result.statementId());
        if (result.error() != null) {
          json.writeStringField("error", result.error());
        } else if (!result.series().isEmpty()) {
          json.writeArrayFieldStart("series");
          for (Series series : result.series()) {
            series(json, series, epoch);
          }
          json.writeEndArray();
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
  }

  /** A request-level error: {@code {"error":"…"}}. */
  public static void error(String message, OutputStream out) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("error", message);
      json.writeEndObject();
    }
  }

  private static void series(JsonGenerator json, Series series, Epoch epoch) throws IOException {
    json.writeStartObject();
    if (series.name() != null) {
      json.writeStringField("name", series.name());
    }
    if (!series.tags().isEmpty()) {
      json.writeObjectFieldStart("tags");
      for (Map.Entry<String, String> tag : new java.util.TreeMap<>(series.tags()).entrySet()) {
        json.writeStringField(tag.getKey(), tag.getValue());
      }
      json.writeEndObject();
    }
    json.writeArrayFieldStart("columns");
    for (String column : series.columns()) {
      json.writeString(column);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("values");
    for (List<Object> row : series.values()) {
      json.writeStartArray();
      for (int i = 0; i < row.size(); i++) {
        Object value = series.timed() && i == 0 ? epoch.show((Long) row.get(0)) : row.get(i);
        value(json, value);
      }
      json.writeEndArray();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void value(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof Long number) {
      json.writeNumber(number);
    } else if (value instanceof Double number) {
      json.writeNumber(number);
    } else if (value instanceof Boolean flag) {
      json.writeBoolean(flag);
    } else {
      json.writeString(value.toString());
    }
  }
}
