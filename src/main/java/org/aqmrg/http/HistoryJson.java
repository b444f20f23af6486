package org.aqmrg.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Row;
import org.aqmrg.rollups.AqiReport;
import org.aqmrg.rollups.RollupWindow;

/**
 * A history answer as JSON, written row by row: what was asked and where the numbers come from
 * ({@code source}: {@code raw}, {@code hourly}, {@code daily}), the units, then {@code data} with
 * one object per row (the asked fields, {@code null} where absent; for rollup windows also {@code
 * coverage} per field, and {@code complete} for daily ones), and for raw readings {@code
 * next_cursor}. With {@code fn=aqi} each row is an AQI report ({@link AqiJson}).
 */
final class HistoryJson implements HistoryWriter {
  private final JsonGenerator out;
  private final ObjectMapper json;
  private final Subject subject;
  private final HistoryParams params;
  private boolean started;

  HistoryJson(OutputStream stream, ObjectMapper json, Subject subject, HistoryParams params)
      throws IOException {
    this.out = json.getFactory().createGenerator(stream);
    this.json = json;
    this.subject = subject;
    this.params = params;
  }

  private void start() throws IOException {
    started = true;
    HistoryWindow window = params.window();
    out.writeStartObject();
    out.writeStringField(subject.kind() + "_id", subject.id());
    if (subject.kind().equals("location")) {
      out.writeArrayFieldStart("sensor_ids");
      for (String id : subject.sensorIds()) {
        out.writeString(id);
      }
      out.writeEndArray();
    }
    out.writeStringField("from", params.from().toString());
    out.writeStringField("to", params.to().toString());
    out.writeStringField("every", window.text());
    if (!params.raw()) {
      out.writeStringField("fn", window.fn());
    }
    out.writeStringField("source", window.source());
    if (daily()) {
      out.writeStringField("zone", subject.zone().getId());
    }
    if (window.aqi()) {
      out.writeStringField("scale", window.scale().id());
      out.writeStringField("scale_name", window.scale().name());
    } else {
      out.writeArrayFieldStart("fields");
      for (Field field : params.fields()) {
        out.writeString(field.key());
      }
      out.writeEndArray();
      out.writeObjectFieldStart("units");
      for (Field field : params.fields()) {
        out.writeStringField(field.key(), counts() ? "count" : field.unit());
      }
      out.writeEndObject();
    }
    out.writeArrayFieldStart("data");
  }

  private boolean counts() {
    return !params.raw() && params.window().fn().equals("count");
  }

  private boolean daily() {
    return params.window().source().equals("daily");
  }

  @Override
  public void row(Row row) throws IOException {
    if (!started) {
      start();
    }
    out.writeStartObject();
    out.writeStringField("time", ApiTime.format(row.time()));
    if (row.sensorId() != null) {
      out.writeStringField("sensor_id", row.sensorId());
    }
    for (Field field : params.fields()) {
      number(field.key(), row.has(field) ? row.get(field).getAsDouble() : null);
    }
    out.writeEndObject();
  }

  @Override
  public void window(RollupWindow window) throws IOException {
    if (!started) {
      start();
    }
    out.writeStartObject();
    out.writeStringField(
        "time",
        daily() ? ApiTime.local(window.start(), subject.zone()) : ApiTime.format(window.start()));
    for (Field field : params.fields()) {
      number(field.key(), window.cells().get(field).value());
    }
    out.writeObjectFieldStart("coverage");
    for (Field field : params.fields()) {
      out.writeNumberField(field.key(), window.cells().get(field).coverage());
    }
    out.writeEndObject();
    if (daily()) {
      out.writeObjectFieldStart("complete");
      for (Field field : params.fields()) {
        out.writeBooleanField(field.key(), window.cells().get(field).complete());
      }
      out.writeEndObject();
    }
    out.writeEndObject();
  }

  @Override
  public void report(AqiReport report) throws IOException {
    if (!started) {
      start();
    }
    String time =
        daily() ? ApiTime.local(report.start(), subject.zone()) : ApiTime.format(report.start());
    json.writeValue(out, AqiJson.of(report, time));
  }

  private void number(String name, Double value) throws IOException {
    out.writeFieldName(name);
    if (value == null) {
      out.writeNull();
    } else if (counts()) {
      out.writeNumber(value.longValue());
    } else {
      out.writeNumber(value);
    }
  }

  @Override
  public void finish(Optional<Query.Position> next) throws IOException {
    if (!started) {
      start();
    }
    out.writeEndArray();
    if (params.raw()) {
      out.writeFieldName("next_cursor");
      if (next.isPresent()) {
        out.writeString(HistoryParams.cursorOf(next.get()));
      } else {
        out.writeNull();
      }
    }
    out.writeEndObject();
    out.flush();
  }

  @Override
  public boolean started() {
    return started;
  }
}
