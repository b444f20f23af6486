package org.aqmrg.readings.influx;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * InfluxDB refused a request: the HTTP status and InfluxDB's own error text, e.g. 400 {@code
 * partial write: field type conflict: …}. It is the cause of the {@link
 * org.aqmrg.error.StoreUnavailableException} that the store throws, so a caller that wants to tell
 * a refused batch (4xx) from an unreachable server can look at it.
 */
public final class InfluxResponseException extends RuntimeException {
  private final int status;
  private final String error;

  public InfluxResponseException(int status, String error) {
    super("HTTP " + status + ": " + error);
    this.status = status;
    this.error = error;
  }

  /** The HTTP status; 200 for an error InfluxDB reports inside a successful query answer. */
  public int status() {
    return status;
  }

  /** InfluxDB's error text. */
  public String error() {
    return error;
  }

  /** The error text of an answer: 1.x's {@code error}, 2.x's {@code message}, or the body. */
  static String errorText(ObjectMapper json, String body) {
    try {
      JsonNode answer = json.readTree(body);
      if (answer != null && answer.hasNonNull("error")) {
        return answer.get("error").asText();
      }
      if (answer != null && answer.hasNonNull("message")) {
        return answer.get("message").asText();
      }
    } catch (JsonProcessingException e) {
      // not JSON: the body itself is the best description
    }
    String text = body.strip();
    return text.isEmpty() ? "(no body)" : text.length() > 500 ? text.substring(0, 500) + "…" : text;
  }
}
