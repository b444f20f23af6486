package org.aqmrg.ingest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.function.IntFunction;
import org.aqmrg.ingest.IngestService.Numbered;
import org.aqmrg.ingest.IngestService.Rejection;
import org.aqmrg.ingest.lineprotocol.LinePart;

/** How a refused point is reported: its line, the column of what is wrong, the line as sent. */
final class Refusals {
  private Refusals() {}

  /**
   * The text of a line of the body between {@code from} and {@code to}, counted from 1 at {@code
   * from}; found only when a line is refused, so the good path pays nothing.
   */
  static final class LineTexts implements IntFunction<String> {
    private final byte[] body;
    private final int from;
    private final int to;
    private int[] starts;

    LineTexts(byte[] body, int from, int to) {
      this.body = body;
      this.from = from;
      this.to = to;
    }

    @Override
    public String apply(int line) {
      if (starts == null) {
        var found = new ArrayList<Integer>();
        found.add(from);
        for (int i = from; i < to; i++) {
          if (body[i] == '\n') {
            found.add(i + 1);
          }
        }
        starts = found.stream().mapToInt(Integer::intValue).toArray();
      }
      int start = starts[line - 1];
      int end = line < starts.length ? starts[line] - 1 : to;
      if (end > start && body[end - 1] == '\r') {
        end--;
      }
      return new String(body, start, end - start, StandardCharsets.UTF_8);
    }
  }

  /** The refusal of a point for its sensor: the column is that of its {@code sensor_id}. */
  static Rejection ofSensor(Numbered numbered, String reason, IntFunction<String> lineText) {
    return reject(numbered, reason, LinePart.TAG_VALUE, "sensor_id", lineText);
  }

  /**
   * The refusal of a point that parsed: its line and, when the point came as line protocol, the
   * column of the {@code part} it is about (the tag or field {@code key}), found in the line as
   * sent.
   */
  static Rejection reject(
      Numbered numbered, String reason, LinePart part, String key, IntFunction<String> lineText) {
    int column = 1;
    String text = numbered.text();
    if (text == null) {
      text = lineText.apply(numbered.line());
      if (text != null) {
        column = part.column(text, key);
      }
    }
    if (text == null) {
      text = numbered.point().toLineProtocol();
    }
    if (text.length() > 200) {
      text = text.substring(0, 200) + "…";
    }
    return new Rejection(numbered.line(), column, reason, text);
  }
}
