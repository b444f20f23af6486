package org.aqmrg.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty gives itself, before any route runs (a request line or headers too large, a
 * body over the limit, a message that is not HTTP), in the API's JSON error shape rather than
 * Jetty's HTML page, whatever the request accepts and whatever its method.
 */
final class JsonErrorHandler extends ErrorHandler {
  private final ObjectMapper json;
  private final long maxBodyBytes;

  JsonErrorHandler(ObjectMapper json, long maxBodyBytes) {
    this.json = json;
    this.maxBodyBytes = maxBodyBytes;
    setShowStacks(false);
    setShowCauses(false);
  }

  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback)
      throws IOException {
    byte[] body = json.writeValueAsBytes(body(request, code, message));
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private ErrorBody body(Request request, int code, String reason) {
    int headerBytes = request.getConnectionMetaData().getHttpConfiguration().getRequestHeaderSize();
    return switch (code) {
      case 413 ->
          new ErrorBody(
              StatusCodes.of(code),
              "the body is larger than the "
                  + maxBodyBytes
                  + " bytes this server accepts (AQMRG_MAX_BODY_MB); split it into smaller"
                  + " batches",
              Map.of("limit_bytes", maxBodyBytes));
      case 414 ->
          new ErrorBody(
              StatusCodes.of(code),
              "the request line (method, path and query) is longer than the "
                  + headerBytes
                  + " bytes this server reads",
              Map.of("limit_bytes", headerBytes));
      case 431 ->
          new ErrorBody(
              StatusCodes.of(code),
              "the request's headers are larger than the "
                  + headerBytes
                  + " bytes this server reads",
              Map.of("limit_bytes", headerBytes));
      case 505 ->
          new ErrorBody(
              StatusCodes.of(code), "this server speaks HTTP/1.0 and HTTP/1.1 only", Map.of());
      default ->
          new ErrorBody(
              StatusCodes.of(code),
              code == 400
                  ? "the request is not valid HTTP: " + reason
                  : reason == null ? "the server could not take the request" : reason,
              Map.of());
    };
  }
}
