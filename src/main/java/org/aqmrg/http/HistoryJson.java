package org.aqmrg.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import org.aqmrg.readings.Field;
import org.aqmrg.readings.Query;
import org.aqmrg.readings.Row;

/**
 * A history answer as JSON, written row by row: what was asked, the units, then {@code data} with
 * one object per row (the asked fields, {@code null} where absent), and for raw readings {@code
 * next_cursor}.
 */
final class HistoryJson implements HistoryWriter {
  private final JsonGenerator out;
  private final Subject subject;
  private final HistoryParams params;
  private boolean started;

  HistoryJson(OutputStream stream, ObjectMapper json, Subject subject, HistoryParams params)
      throws IOException {
    this.out = json.getFactory().createGenerator(stream);
    this.subject = subject;
    this.params = params;
  }

  private void start() throws IOException {
    started = true;
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
    out.writeStringField("every", HistoryParams.text(params.every()));
    if (!params.raw()) {
      out.writeStringField("fn", params.fn().key());
    }
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
    out.writeArrayFieldStart("data");
  }

  private boolean counts() {
    return !params.raw() && params.fn() == Query.Aggregate.COUNT;
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
      out.writeFieldName(field.key());
      if (!row.has(field)) {
        out.writeNull();
      } else if (counts()) {
        out.writeNumber((long) row.get(field).getAsDouble());
      } else {
        out.writeNumber(row.get(field).getAsDouble());
      }
    }
    out.writeEndObject();
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
