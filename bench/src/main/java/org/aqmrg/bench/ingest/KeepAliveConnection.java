package org.aqmrg.bench.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One client of {@link KeepAliveClients}: a non-blocking keep-alive HTTP/1.1 connection that
 * carries one request at a time, and the little HTTP it needs. A request is written from one buffer
 * (head and body, built in place, no allocation); an answer is read into another and parsed just
 * enough to know its status and where it ends: no body for 204, else {@code Content-Length} or
 * chunked. Anything else (an answer without a length, the server closing) is an error.
 */
final class KeepAliveConnection {
  /** Largest answer taken: far more than any error answer to a small post. */
  private static final int ANSWER_BYTES = 64 * 1024;

  private static final int TEXT_KEPT = 300;

  final int client;
  final SocketChannel channel;
  private final ByteBuffer out;
  private final ByteBuffer in = ByteBuffer.allocateDirect(ANSWER_BYTES);

  /** Posts this connection has sent. */
  long posts;

  /** When the request in flight began to be written ({@link System#nanoTime}). */
  long sentAt;

  private int headerEnd = -1;
  private int scannedTo;
  private int status;
  private long contentLength;
  private boolean chunked;
  private String lastAnswer = "";

  private KeepAliveConnection(int client, SocketChannel channel, int maxRequestBytes) {
    this.client = client;
    this.channel = channel;
    this.out = ByteBuffer.allocateDirect(maxRequestBytes);
  }

  /** Connects (blocking), then leaves the channel non-blocking for a selector. */
  static KeepAliveConnection open(int client, InetSocketAddress server, int maxRequestBytes)
      throws IOException {
    SocketChannel channel = SocketChannel.open(server);
    try {
      channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
      channel.configureBlocking(false);
      return new KeepAliveConnection(client, channel, maxRequestBytes);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Builds this client's next post (head, then {@link SmallBodies#put}) and writes what the socket
   * takes at once; returns the request's bytes. {@link #flush} writes the rest when it did not take
   * all.
   */
  int send(byte[] head, SmallBodies bodies, int shiftMicros) throws IOException {
    out.clear();
    out.put(head);
    bodies.put(out, client, posts++, shiftMicros);
    out.flip();
    int bytes = out.remaining();
    sentAt = System.nanoTime();
    channel.write(out);
    return bytes;
  }

  /** Writes more of the request in flight; true when it is all written. */
  boolean flush() throws IOException {
    channel.write(out);
    return !out.hasRemaining();
  }

  boolean written() {
    return !out.hasRemaining();
  }

  /**
   * Reads what has arrived; returns the answer's status once the whole answer is in, else 0.
   *
   * @throws IOException when the server closed the connection or the answer cannot be read
   */
  int receive() throws IOException {
    if (channel.read(in) < 0) {
      throw new EOFException("the server closed the connection");
    }
    int limit = in.position();
    if (headerEnd < 0) {
      for (int i = Math.max(scannedTo, 3); i < limit && headerEnd < 0; i++) {
        if (in.get(i) == '\n'
            && in.get(i - 1) == '\r'
            && in.get(i - 2) == '\n'
            && in.get(i - 3) == '\r') {
          headerEnd = i + 1;
        }
      }
      scannedTo = limit;
      if (headerEnd < 0) {
        return full();
      }
      status = status();
      if (status != 204 && status != 304) {
        lengthOfBody();
      }
    }
    long end = chunked ? chunkedEnd(limit) : headerEnd + contentLength;
    if (end < 0 || limit < end) {
      return full();
    }
    if (limit > end) {
      throw new IOException("answer followed by " + (limit - end) + " unexpected bytes");
    }
    int answered = status;
    if (answered != 204) {
      lastAnswer = shortened(text(0, (int) end));
    }
    in.clear();
    headerEnd = -1;
    scannedTo = 0;
    contentLength = 0;
    chunked = false;
    return answered;
  }

  /** The last answer that was not 204, shortened: its status line, headers and body. */
  String lastAnswer() {
    return lastAnswer;
  }

  void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // closing at the end of a run: nothing left to do with it
    }
  }

  private int full() throws IOException {
    if (!in.hasRemaining()) {
      throw new IOException("answer larger than " + ANSWER_BYTES + " bytes");
    }
    return 0;
  }

  /** The status of "HTTP/1.1 204 No Content", read in place (no allocation on this path). */
  private int status() throws IOException {
    boolean http =
        in.get(0) == 'H'
            && in.get(1) == 'T'
            && in.get(2) == 'T'
            && in.get(3) == 'P'
            && in.get(4) == '/';
    int value = 0;
    for (int i = 9; i < 12 && http; i++) {
      int d = in.get(i) - '0';
      http = d >= 0 && d <= 9;
      value = value * 10 + d;
    }
    if (!http) {
      throw new IOException("not an HTTP answer: " + shortened(text(0, headerEnd)));
    }
    return value;
  }

  private void lengthOfBody() throws IOException {
    String headers = text(0, headerEnd).toLowerCase(Locale.ROOT);
    String length = header(headers, "content-length");
    if (length != null) {
      try {
        contentLength = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw new IOException("answer with Content-Length '" + length.trim() + "'");
      }
    } else if (String.valueOf(header(headers, "transfer-encoding")).contains("chunked")) {
      chunked = true;
    } else {
      throw new IOException(
          "answer " + status + " without a length: " + shortened(text(0, headerEnd)));
    }
  }

  private static String header(String headers, String name) {
    int at = headers.indexOf("\r\n" + name + ":");
    if (at < 0) {
      return null;
    }
    int from = at + name.length() + 3;
    return headers.substring(from, headers.indexOf("\r\n", from));
  }

  /** Where a chunked body ends (just after its last chunk and the empty trailer), or -1. */
  private long chunkedEnd(int limit) throws IOException {
    long at = headerEnd;
    while (true) {
      int lineEnd = -1;
      for (long i = at; i + 1 < limit; i++) {
        if (in.get((int) i) == '\r' && in.get((int) i + 1) == '\n') {
          lineEnd = (int) i;
          break;
        }
      }
      if (lineEnd < 0) {
        return -1;
      }
      String size = text((int) at, lineEnd).split(";")[0].trim();
      long bytes;
      try {
        bytes = Long.parseLong(size, 16);
      } catch (NumberFormatException e) {
        throw new IOException("chunked answer with a chunk size of '" + size + "'");
      }
      at = lineEnd + 2 + bytes + 2;
      if (bytes == 0) {
        return at <= limit ? at : -1;
      }
      if (at > limit) {
        return -1;
      }
    }
  }

  private String text(int from, int end) {
    byte[] bytes = new byte[Math.max(0, Math.min(end, in.position()) - from)];
    in.get(from, bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static String shortened(String text) {
    String line = text.replace("\r\n", " | ");
    return line.length() > TEXT_KEPT ? line.substring(0, TEXT_KEPT) + "…" : line;
  }
}
