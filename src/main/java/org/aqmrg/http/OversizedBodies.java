package org.aqmrg.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Refuses a body whose declared {@code Content-Length} is over the limit with 413 before any route
 * or credential lookup runs, and reads what the client is still sending (into no buffer) before
 * answering. A server that answers and closes while the body is arriving makes the client's kernel
 * throw the answer away on the reset that follows, so a gateway posting too large a backlog would
 * see a broken connection and send it again, never learning that it must split it. Bodies declared
 * larger than {@link #DRAIN_BYTES}, and those of a client that waits for {@code 100 Continue}, are
 * answered at once; the connection's idle timeout bounds a client that sends slowly. A body without
 * a declared length is held to the limit as it is read, by Jetty's {@link SizeLimitHandler}.
 */
final class OversizedBodies extends Handler.Wrapper {
  /** The most that is read and dropped to get an answer to the client: 256 MB. */
  static final long DRAIN_BYTES = 256L * 1024 * 1024;

  private final long maxBodyBytes;

  OversizedBodies(long maxBodyBytes) {
    super(new SizeLimitHandler(maxBodyBytes, -1));
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    long declared = request.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
    if (declared <= maxBodyBytes) {
      return super.handle(request, response, callback);
    }
    Runnable refuse = () -> Response.writeError(request, response, callback, 413);
    // A client that waits for 100 Continue has sent nothing yet: it gets the answer at once.
    boolean waiting = request.getHeaders().contains(HttpHeader.EXPECT, "100-continue");
    if (waiting || declared > DRAIN_BYTES) {
      refuse.run();
    } else {
      Content.Source.consumeAll(request, Callback.from(refuse, failure -> refuse.run()));
    }
    return true;
  }
}
