package org.aqmrg.http;

import io.javalin.config.Key;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.eclipse.jetty.http.HttpException;

/**
 * Reads request bodies in bounded steps, within one budget of memory that all bodies being read
 * share ({@code AQMRG_MAX_BODIES_IN_FLIGHT_MB}), so that no declared {@code Content-Length} makes
 * the server allocate memory for bytes that have not arrived.
 *
 * <p>A body is read into an array of at most {@link #FIRST_STEP} bytes, grown {@link #GROWTH}-fold
 * each time it is full, never beyond the declared length (so a body whose length is declared ends
 * in an array of exactly that size, with no copy at the end) or the limit. Each array is taken from
 * the budget before it is allocated; when the budget cannot give it, the request gets 503 with
 * {@code Retry-After} and nothing of it is stored. A client that stops sending is cut off by
 * Jetty's idle timeout (408).
 */
final class Bodies {
  /** Where the web app keeps its reader, for handlers that get only the {@link Context}. */
  static final Key<Bodies> KEY = new Key<>("aqmrg.bodies");

  /** The first array's size: Jetty's read size, so a small body is one read into one array. */
  static final int FIRST_STEP = JettySetup.INPUT_BUFFER_BYTES;

  /** Each larger array is this many times the last: few copies, at most 4× what has arrived. */
  static final int GROWTH = 4;

  static final String RETRY_AFTER_SECONDS = "5";

  private final long budget;
  private final AtomicLong free;

  /** A reader whose bodies together hold at most {@code budgetBytes}. */
  Bodies(long budgetBytes) {
    this.budget = budgetBytes;
    this.free = new AtomicLong(budgetBytes);
  }

  /** A body read whole; closing it gives its memory back to the budget. */
  final class Body implements AutoCloseable {
    private final byte[] bytes;
    private boolean closed;

    private Body(byte[] bytes) {
      this.bytes = bytes;
    }

    byte[] bytes() {
      return bytes;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(bytes.length);
      }
    }
  }

  /** Bytes of the budget not held by a body just now. */
  long free() {
    return free.get();
  }

  /**
   * The request's body, gunzipped when it comes with {@code Content-Encoding: gzip}, of at most
   * {@code limit} bytes (after gunzipping).
   *
   * @param tooLarge the 413 to throw, given the body's size when it is known, else -1
   * @throws ApiException 415 for another {@code Content-Encoding}, 413 over the limit, 400 for a
   *     body that ends before its declared length or is not valid gzip, 408 when the client stops
   *     sending, 503 when the budget cannot hold it now
   */
  /**
   * The 413 of a body above {@code limit} bytes ({@code size} its length, or negative when only the
   * limit is known), telling the caller to split it.
   */
  static ApiException tooLarge(long size, long limit) {
    return new ApiException(
        413,
        "request_too_large",
        (size < 0 ? "the body is larger than " : "the body has " + size + " bytes, more than ")
            + limit
            + (size < 0 ? " bytes" : "")
            + "; split it into smaller batches",
        Map.of("limit_bytes", limit));
  }

  Body read(Context ctx, long limit, LongFunction<ApiException> tooLarge) {
    boolean gzip = gzip(ctx.header("Content-Encoding"));
    long declared = ctx.contentLength();
    if (!gzip && declared > limit) {
      throw tooLarge.apply(declared);
    }
    // Plain with a declared length: exactly that; otherwise up to one byte past the limit, to see
    // a body that is too large.
    long ceiling = !gzip && declared >= 0 ? declared : limit + 1;
    byte[] buffer = allocate(ctx, (int) Math.min(ceiling, FIRST_STEP));
    int length = 0;
    try (InputStream raw = ctx.req().getInputStream();
        InputStream in = gzip ? new GZIPInputStream(raw, FIRST_STEP / 8) : raw) {
      while (true) {
        if (length == buffer.length) {
          if (buffer.length == ceiling) {
            break;
          }
          int next = (int) Math.min(ceiling, (long) buffer.length * GROWTH);
          byte[] grown = allocate(ctx, next);
          System.arraycopy(buffer, 0, grown, 0, length);
          release(buffer.length);
          buffer = grown;
        }
        int read = in.read(buffer, length, buffer.length - length);
        if (read < 0) {
          break;
        }
        length += read;
      }
    } catch (ZipException e) {
      release(buffer.length);
      throw new ApiException(
          400,
          "invalid",
          "the body is not valid gzip: " + e.getMessage(),
          Map.of("header", "Content-Encoding"));
    } catch (IOException e) {
      release(buffer.length);
      throw unreadable(e, tooLarge);
    } catch (HttpException.RuntimeException e) {
      // Jetty's own limit (a body without a declared length that grows over it) or a bad chunk.
      release(buffer.length);
      throw unreadable(e, tooLarge);
    } catch (RuntimeException e) {
      release(buffer.length);
      throw e;
    }
    if (length > limit) {
      release(buffer.length);
      throw tooLarge.apply(-1);
    }
    if (!gzip && declared >= 0 && length < declared) {
      release(buffer.length);
      throw new ApiException(
          400,
          "invalid",
          "the body ended after " + length + " of its " + declared + " bytes (Content-Length)",
          Map.of("header", "Content-Length"));
    }
    if (length < buffer.length) {
      byte[] exact = Arrays.copyOf(buffer, length);
      release(buffer.length - length);
      buffer = exact;
    }
    return new Body(buffer);
  }

  /** True for gzip, false for none or identity; a 415 for anything else. */
  private static boolean gzip(String encoding) {
    if (encoding == null || encoding.isBlank() || encoding.trim().equalsIgnoreCase("identity")) {
      return false;
    }
    if (encoding.trim().equalsIgnoreCase("gzip")) {
      return true;
    }
    throw new ApiException(
        415,
        StatusCodes.of(415),
        "Content-Encoding '"
            + encoding.trim()
            + "' is not supported: send the body as it is (identity) or gzip-compressed (gzip)",
        Map.of("header", "Content-Encoding", "allowed", List.of("gzip", "identity")));
  }

  /** A new array of {@code size} bytes taken from the budget, or a 503 when it cannot give it. */
  private byte[] allocate(Context ctx, int size) {
    long left = free.get();
    while (left >= size) {
      if (free.compareAndSet(left, left - size)) {
        return new byte[size];
      }
      left = free.get();
    }
    ctx.header("Retry-After", RETRY_AFTER_SECONDS);
    throw new ApiException(
        503,
        "unavailable",
        "the server is reading as many request bodies as it has memory for"
            + " (AQMRG_MAX_BODIES_IN_FLIGHT_MB); nothing of this request was stored; try again in "
            + RETRY_AFTER_SECONDS
            + " s",
        Map.of("limit_bytes_in_flight", budget));
  }

  private void release(long bytes) {
    free.addAndGet(bytes);
  }

  /**
   * Why a body could not be read: the client stopped sending (408), Jetty's size limit (413), or
   * anything else that breaks the message (400).
   */
  private static ApiException unreadable(Exception e, LongFunction<ApiException> tooLarge) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof TimeoutException) {
        return new ApiException(
            408,
            StatusCodes.of(408),
            "the client stopped sending the body before its end; nothing of it was stored",
            Map.of());
      }
      if (cause instanceof HttpException http && http.getCode() == 413) {
        return tooLarge.apply(-1);
      }
    }
    return new ApiException(
        400, "invalid", "the body could not be read: " + e.getMessage(), Map.of());
  }
}
