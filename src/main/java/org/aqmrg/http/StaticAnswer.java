package org.aqmrg.http;

import io.javalin.http.Context;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Bytes read once at start and answered as they are, with an {@code ETag} (of their SHA-256) so
 * that a client that has them gets 304 instead of them again. The tag is weak because Javalin gzips
 * the answer for clients that accept it: the bytes on the wire differ, the content does not.
 *
 * @param cacheControl the {@code Cache-Control} of the answer
 */
record StaticAnswer(byte[] bytes, String contentType, String cacheControl, String etag) {
  /** Bytes that a client may keep but must check again before each use. */
  static final String REVALIDATE = "no-cache";

  static StaticAnswer of(byte[] bytes, String contentType, String cacheControl) {
    return new StaticAnswer(bytes, contentType, cacheControl, etag(bytes));
  }

  void answer(Context ctx) {
    ctx.header("ETag", etag);
    ctx.header("Cache-Control", cacheControl);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Vary", "Accept-Encoding");
    String asked = ctx.header("If-None-Match");
    // One tag, or a comma-separated list of them.
    if (asked != null && asked.contains(etag)) {
      ctx.status(304);
      return;
    }
    if (!contentType.contains("charset=")) {
      // Javalin answers in UTF-8 by default, which Jetty would add to an image's type.
      ctx.res().setCharacterEncoding(null);
    }
    ctx.contentType(contentType).result(bytes);
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
      byte[] head = java.util.Arrays.copyOf(digest, 16);
      return "W/\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(head) + '"';
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
