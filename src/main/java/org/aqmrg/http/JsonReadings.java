package org.aqmrg.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aqmrg.ingest.IngestService;

/**
 * Reads the body of {@code POST /api/v1/readings}: one JSON document (a reading object or an array
 * of them), or newline-delimited JSON (one reading object a line) when the request says {@code
 * Content-Type: application/x-ndjson}.
 *
 * <p>A JSON body must be exactly one document: a second document, or anything but white space after
 * the first, refuses the whole body with where it is, and nothing is stored. In newline-delimited
 * JSON each line stands alone: a bad line is refused with its line and column, and the good lines
 * are stored. A property given twice in one object is refused by name. Positions are 1-based lines
 * and columns in code points, as for line protocol.
 */
final class JsonReadings {
  /** The media type of newline-delimited JSON. */
  static final String NDJSON = "application/x-ndjson";

  private static final int MAX_TEXT = 200;

  private final ObjectReader reader;

  JsonReadings(ObjectMapper json) {
    this.reader = json.reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
  }

  /**
   * What a body holds: the points to write and the items refused, numbered by item in a JSON body
   * ({@code unit} "item") and by line in newline-delimited JSON ({@code unit} "line").
   */
  record Items(
      List<IngestService.Numbered> points, List<IngestService.Rejection> rejected, String unit) {}

  /** Whether a {@code Content-Type} header names newline-delimited JSON (parameters aside). */
  static boolean isNdjson(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.strip().equalsIgnoreCase(NDJSON);
  }

  /**
   * The items of a body.
   *
   * @throws ApiException 400 {@code invalid_json} when a JSON body is not one valid document of
   *     readings; nothing of it is then stored
   */
  Items read(byte[] body, boolean ndjson, Instant now) {
    return ndjson ? lines(body, now) : document(body, now);
  }

  private Items document(byte[] body, Instant now) {
    JsonNode root;
    try (JsonParser parser = reader.createParser(body)) {
      root = reader.readTree(parser);
      if (root != null && !root.isMissingNode()) {
        long end = parser.currentLocation().getByteOffset();
        refuseWhatFollows(parser, body, end);
      }
    } catch (JsonProcessingException e) {
      Position at = Position.of(body, 0, offset(e.getLocation(), body.length));
      throw refused(
          "the body is not valid JSON at "
              + at
              + ": "
              + e.getOriginalMessage()
              + "; nothing was stored",
          Map.of("line", at.line(), "column", at.column()));
    } catch (IOException e) {
      throw refused("the body could not be read as JSON: " + e.getMessage(), Map.of());
    }
    if (root == null || !(root.isObject() || root.isArray())) {
      throw refused("the body must be a reading object or an array of them", Map.of());
    }
    var items = new ArrayList<JsonNode>();
    if (root.isArray()) {
      root.forEach(items::add);
    } else {
      items.add(root);
    }
    var points = new ArrayList<IngestService.Numbered>(items.size());
    var rejected = new ArrayList<IngestService.Rejection>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      String text = item.toString();
      try {
        points.add(new IngestService.Numbered(i + 1, ReadingJson.point(item, now), text));
      } catch (IllegalArgumentException e) {
        rejected.add(new IngestService.Rejection(i + 1, 1, e.getMessage(), cut(text)));
      }
    }
    return new Items(points, rejected, "item");
  }

  /**
   * Refuses whatever follows the document that ended at byte {@code end}: white space alone may.
   */
  private static void refuseWhatFollows(JsonParser parser, byte[] body, long end)
      throws IOException {
    JsonToken next;
    try {
      next = parser.nextToken();
    } catch (JsonProcessingException e) {
      throw trailing(body, offset(e.getLocation(), body.length));
    }
    if (next == null) {
      return;
    }
    long start = parser.currentTokenLocation().getByteOffset();
    if (next != JsonToken.START_OBJECT && next != JsonToken.START_ARRAY) {
      throw trailing(body, start);
    }
    Position ended = Position.of(body, 0, end - 1);
    Position second = Position.of(body, 0, start);
    throw refused(
        "the body holds more than one JSON document: the first ends at "
            + ended
            + " and another starts at "
            + second
            + "; nothing was stored. Send one reading, one array of readings, or one reading a"
            + " line with Content-Type: "
            + NDJSON,
        Map.of(
            "first_document_ends",
            ended.asMap(),
            "next_document_starts",
            second.asMap(),
            "written",
            0));
  }

  private static ApiException trailing(byte[] body, long offset) {
    Position at = Position.of(body, 0, offset);
    return refused(
        "unexpected text after the JSON document at " + at + "; nothing was stored",
        Map.of("line", at.line(), "column", at.column(), "written", 0));
  }

  private static ApiException refused(String message, Map<String, Object> details) {
    return new ApiException(400, "invalid_json", message, details);
  }

  /** Newline-delimited JSON: each line that is not blank is one reading object. */
  private Items lines(byte[] body, Instant now) {
    var points = new ArrayList<IngestService.Numbered>();
    var rejected = new ArrayList<IngestService.Rejection>();
    int line = 0;
    int start = 0;
    while (start < body.length) {
      line++;
      int end = start;
      while (end < body.length && body[end] != '\n') {
        end++;
      }
      if (!blank(body, start, end)) {
        String text = new String(body, start, end - start, StandardCharsets.UTF_8).strip();
        try {
          JsonNode item = line(body, start, end);
          points.add(new IngestService.Numbered(line, ReadingJson.point(item, now), text));
        } catch (BadLine bad) {
          rejected.add(new IngestService.Rejection(line, bad.column, bad.getMessage(), cut(text)));
        } catch (IllegalArgumentException e) {
          rejected.add(new IngestService.Rejection(line, 1, e.getMessage(), cut(text)));
        }
      }
      start = end + 1;
    }
    if (line == 0 || (points.isEmpty() && rejected.isEmpty())) {
      throw refused("the body holds no reading: send one reading object a line", Map.of());
    }
    return new Items(points, rejected, "line");
  }

  /** A line of newline-delimited JSON refused for its syntax, at a column of its own. */
  private static final class BadLine extends RuntimeException {
    final int column;

    BadLine(String message, int column) {
      super(message, null, false, false);
      this.column = column;
    }
  }

  /** The reading object on the line {@code [start, end)} of the body. */
  private JsonNode line(byte[] body, int start, int end) {
    try (JsonParser parser = reader.createParser(body, start, end - start)) {
      JsonNode item = reader.readTree(parser);
      long after = parser.currentLocation().getByteOffset();
      JsonToken next;
      try {
        next = parser.nextToken();
      } catch (JsonProcessingException e) {
        int column = Position.of(body, start, offset(e.getLocation(), end - start)).column();
        throw new BadLine("unexpected text after the JSON document at column " + column, column);
      }
      if (next != null) {
        int column =
            Position.of(body, start, parser.currentTokenLocation().getByteOffset()).column();
        if (next == JsonToken.START_OBJECT || next == JsonToken.START_ARRAY) {
          throw new BadLine(
              "a second JSON document starts at column "
                  + column
                  + " (the first ends at column "
                  + Position.of(body, start, after - 1).column()
                  + "): one reading a line",
              column);
        }
        throw new BadLine("unexpected text after the JSON document at column " + column, column);
      }
      if (item == null || !item.isObject()) {
        throw new BadLine("each line must be one reading object", 1);
      }
      return item;
    } catch (JsonProcessingException e) {
      Position at = Position.of(body, start, offset(e.getLocation(), end - start));
      throw new BadLine(
          "not valid JSON at column " + at.column() + ": " + e.getOriginalMessage(), at.column());
    } catch (IOException e) {
      throw new BadLine("the line could not be read as JSON: " + e.getMessage(), 1);
    }
  }

  private static boolean blank(byte[] body, int start, int end) {
    for (int i = start; i < end; i++) {
      byte c = body[i];
      if (c != ' ' && c != '\t' && c != '\r') {
        return false;
      }
    }
    return true;
  }

  /** The byte offset of a parser's location, within {@code [0, length]}. */
  private static long offset(JsonLocation location, int length) {
    long offset = location == null ? -1 : location.getByteOffset();
    return offset < 0 ? 0 : Math.min(offset, length);
  }

  private static String cut(String text) {
    return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
  }

  /** A 1-based line and column (in code points) of a byte of the body. */
  record Position(int line, int column) {
    /** The position of the byte {@code offset} bytes after {@code from}. */
    static Position of(byte[] body, int from, long offset) {
      int to = (int) Math.min(body.length, from + Math.max(0, offset));
      int line = 1;
      int column = 1;
      for (int i = from; i < to; i++) {
        if (body[i] == '\n') {
          line++;
          column = 1;
        } else if ((body[i] & 0xC0) != 0x80) {
          column++;
        }
      }
      return new Position(line, column);
    }

    Map<String, Object> asMap() {
      var map = new LinkedHashMap<String, Object>();
      map.put("line", line);
      map.put("column", column);
      return map;
    }

    @Override
    public String toString() {
      return "line " + line + ", column " + column;
    }
  }
}
